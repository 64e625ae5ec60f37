package dev.dfs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The content a benchmark writes: {@code size} bytes made of one incompressible 1 MiB block
 * repeated, so that a 256 MiB file costs 1 MiB of heap. The same seed gives the same bytes.
 */
final class Payload {
  static final int BLOCK = 1 << 20;
  static final long MIB = 1L << 20;

  private final byte[] block;
  private final long size;

  Payload(long size, long seed) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0: " + size);
    }
    this.size = size;
    this.block = new byte[BLOCK];
    new SplittableRandom(seed).nextBytes(block);
  }

  long size() {
    return size;
  }

  /** A stream of the content, for APIs that take an {@link InputStream}. */
  InputStream stream() {
    return new InputStream() {
      private long pos;

      @Override
      public int read() {
        return pos < size ? block[(int) (pos++ % BLOCK)] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (pos >= size) {
          return -1;
        }
        int at = (int) (pos % BLOCK);
        int n = (int) Math.min(Math.min(len, BLOCK - at), size - pos);
        System.arraycopy(block, at, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  /** Writes the content to {@code ch} in 1 MiB writes. */
  void writeTo(WritableByteChannel ch) throws IOException {
    long left = size;
    while (left > 0) {
      ByteBuffer b = ByteBuffer.wrap(block, 0, (int) Math.min(BLOCK, left));
      left -= b.remaining();
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }
  }

  /** An output stream that checks that it is given exactly this content ({@link #verified()}). */
  Checker checker() {
    return new Checker();
  }

  final class Checker extends OutputStream {
    private long pos;
    private boolean bad;

    @Override
    public void write(int b) {
      bad |= pos >= size || (byte) b != block[(int) (pos % BLOCK)];
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      int done = 0;
      while (done < len && !bad) {
        int at = (int) (pos % BLOCK);
        int n = Math.min(len - done, BLOCK - at);
        bad |= pos + n > size || !Arrays.equals(b, off + done, off + done + n, block, at, at + n);
        pos += n;
        done += n;
      }
    }

    /** Whether everything written matched and nothing is missing. */
    boolean verified() {
      return !bad && pos == size;
    }
  }
}

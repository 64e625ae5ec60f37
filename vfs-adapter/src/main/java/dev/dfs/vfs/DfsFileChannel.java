package dev.dfs.vfs;

import dev.dfs.client.DfsFile;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Request;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * A {@link FileChannel} (and so a {@code SeekableByteChannel}) over one {@link DfsFile}. The
 * channel keeps the position; the handle takes explicit positions, so positional reads and
 * writes do not disturb it. What other clients see and when follows the client's consistency
 * mode (session mode: at close). Locks are process-local ({@link LockTable}). {@link #map} is
 * not supported. Closing is idempotent; every other operation on a closed channel throws
 * {@link ClosedChannelException}.
 */
final class DfsFileChannel extends FileChannel {
  private static final int TRANSFER_CHUNK = Request.MAX_CHUNK;

  private final DfsFileSystem fs;
  private final DfsPath path;
  private final DfsFile file;
  private final Options.Open options;
  private final Object positionLock = new Object();
  private long position;

  DfsFileChannel(DfsFileSystem fs, DfsPath path, DfsFile file, Options.Open options) {
    this.fs = fs;
    this.path = path;
    this.file = file;
    this.options = options;
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
  }

  private void ensureReadable() throws ClosedChannelException {
    ensureOpen();
    if (!options.read()) {
      throw new NonReadableChannelException();
    }
  }

  private void ensureWritable() throws ClosedChannelException {
    ensureOpen();
    if (!options.write()) {
      throw new NonWritableChannelException();
    }
  }

  private IOException map(DfsException e) {
    return Errors.toIOException(e, path.toString(), null);
  }

  private int readAt(ByteBuffer dst, long at) throws IOException {
    try {
      return file.read(dst, at);
    } catch (DfsException e) {
      throw map(e);
    }
  }

  private int writeAt(ByteBuffer src, long at) throws IOException {
    try {
      int n = file.write(src, at);
      if (options.sync()) {
        file.sync();
      }
      return n;
    } catch (DfsException e) {
      throw map(e);
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureReadable();
    synchronized (positionLock) {
      int n = readAt(dst, position);
      if (n > 0) {
        position += n;
      }
      return n;
    }
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, dsts.length);
    ensureReadable();
    synchronized (positionLock) {
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        while (dsts[i].hasRemaining()) {
          int n = readAt(dsts[i], position);
          if (n <= 0) {
            return total == 0 && n < 0 ? -1 : total;
          }
          position += n;
          total += n;
        }
      }
      return total;
    }
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ensureWritable();
    synchronized (positionLock) {
      if (options.append()) {
        position = size();
      }
      int n = writeAt(src, position);
      position += n;
      return n;
    }
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, srcs.length);
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      total += write(srcs[i]);
    }
    return total;
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    synchronized (positionLock) {
      return position;
    }
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position: " + newPosition);
    }
    ensureOpen();
    synchronized (positionLock) {
      position = newPosition;
    }
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    try {
      return file.size();
    } catch (DfsException e) {
      throw map(e);
    }
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
    ensureWritable();
    synchronized (positionLock) {
      try {
        if (size < file.size()) {
          file.truncate(size);
        }
      } catch (DfsException e) {
        throw map(e);
      }
      if (position > size) {
        position = size;
      }
    }
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    ensureOpen();
    try {
      file.sync();
    } catch (DfsException e) {
      throw map(e);
    }
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    checkTransfer(position, count, target);
    ensureReadable();
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, TRANSFER_CHUNK));
    long done = 0;
    while (done < count) {
      buf.clear().limit((int) Math.min(buf.capacity(), count - done));
      int n = readAt(buf, position + done);
      if (n <= 0) {
        break;
      }
      buf.flip();
      while (buf.hasRemaining()) {
        int w = target.write(buf);
        if (w == 0) { // a non-blocking target that is full: report what got through
          return done + buf.position();
        }
      }
      done += n;
    }
    return done;
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    checkTransfer(position, count, src);
    ensureWritable();
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, TRANSFER_CHUNK));
    long done = 0;
    while (done < count) {
      buf.clear().limit((int) Math.min(buf.capacity(), count - done));
      int n = src.read(buf);
      if (n <= 0) {
        break;
      }
      buf.flip();
      writeAt(buf, position + done); // a DfsFile writes all of the buffer
      done += n;
    }
    return done;
  }

  private static void checkTransfer(long position, long count, Object other) {
    Objects.requireNonNull(other, "channel");
    if (position < 0 || count < 0) {
      throw new IllegalArgumentException("negative position or count: " + position + ", " + count);
    }
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException("negative position: " + position);
    }
    ensureReadable();
    return readAt(dst, position);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException("negative position: " + position);
    }
    ensureWritable();
    return writeAt(src, position);
  }

  /** Not supported: the DFS has no shared memory mappings. */
  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException("memory mapping is not supported by the dfs: file system");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return tryLock(position, size, shared);
  }

  /** As {@link #lock}: process-local locks never wait; an overlap throws OverlappingFileLockException. */
  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    if (position < 0 || size < 0 || position + size < 0) {
      throw new IllegalArgumentException("bad lock range: " + position + ", " + size);
    }
    ensureOpen();
    if (shared && !options.read()) {
      throw new NonReadableChannelException();
    }
    if (!shared && !options.write()) {
      throw new NonWritableChannelException();
    }
    return fs.locks().acquire(this, file.attr().fid(), position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    fs.unregister(this);
    fs.locks().releaseAll(this);
    try {
      file.close();
    } catch (DfsException e) {
      throw map(e);
    } finally {
      if (options.deleteOnClose()) {
        fs.rawOps().deleteQuietly(path);
      }
    }
  }
}

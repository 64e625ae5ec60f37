package dev.dfs.migration.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A sample workload: counts to a limit, one number per step, and appends one line per step to
 * {@code output.txt} in its working directory: {@code <step> <accumulator> <host>}, where the
 * accumulator ({@code acc = acc * 31 + step}) is carried in the state, so a lost or repeated step
 * or a bad restore shows in the output. The state also holds a payload of a chosen size (1 MiB or
 * 256 MiB for benchmarks) that every step changes.
 *
 * <p>Arguments: {@code steps [stateBytes [sleepMillis]]} (defaults 1024 bytes, no sleep).
 */
public final class CounterTask implements CheckpointableTask {
  private static final int VERSION = 1;
  private static final int HEADER = 4 + 8 * 3 + 4;

  private TaskContext ctx;
  private Path output;
  private long steps;
  private long sleepMillis;
  private long next;
  private long acc;
  private long outputLength;
  private byte[] payload; // the state array after a restore (no copy of a 256 MiB state)
  private int payloadOffset;
  private int payloadLength;
  private SeekableByteChannel out;

  /** Public for the driver, which instantiates tasks by class name. */
  public CounterTask() {}

  @Override
  public void init(TaskContext context, String[] args) {
    if (args.length < 1 || args.length > 3) {
      throw new IllegalArgumentException("usage: steps [stateBytes [sleepMillis]], got " + args.length + " arguments");
    }
    ctx = context;
    steps = parse(args, 0, 0);
    long bytes = parse(args, 1, 1024);
    sleepMillis = parse(args, 2, 0);
    if (bytes > Integer.MAX_VALUE - 64 - HEADER) {
      throw new IllegalArgumentException("stateBytes too large: " + bytes);
    }
    payload = new byte[(int) bytes];
    payloadLength = payload.length;
    output = ctx.workDir().resolve("output.txt");
  }

  private static long parse(String[] args, int i, long dflt) {
    if (args.length <= i) {
      return dflt;
    }
    long v;
    try {
      v = Long.parseLong(args[i]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("argument " + i + " is not a number: '" + args[i] + "'", e);
    }
    if (v < 0) {
      throw new IllegalArgumentException("argument " + i + " must be >= 0: " + v);
    }
    return v;
  }

  @Override
  public boolean step() throws IOException {
    if (next >= steps) {
      return false;
    }
    if (out == null) {
      // Fresh start or after a checkpoint/restore: the file goes exactly as far as the state says.
      out = ctx.fileSystem().provider().newByteChannel(output,
          java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
      out.truncate(outputLength);
      out.position(outputLength);
    }
    acc = acc * 31 + next;
    if (payloadLength > 0) {
      int i = payloadOffset + (int) (next % payloadLength);
      payload[i] = (byte) (payload[i] + next);
    }
    ByteBuffer line = ByteBuffer.wrap((next + " " + acc + " " + ctx.host() + "\n").getBytes(StandardCharsets.UTF_8));
    while (line.hasRemaining()) {
      outputLength += out.write(line);
    }
    next++;
    if (sleepMillis > 0) {
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted in step " + next);
      }
    }
    if (next >= steps) {
      closeOutput();
      return false;
    }
    return true;
  }

  @Override
  public byte[] checkpoint() throws IOException {
    closeOutput(); // everything written is on the DFS before the state says so
    ByteBuffer b = ByteBuffer.allocate(HEADER + payloadLength);
    b.putInt(VERSION).putLong(next).putLong(acc).putLong(outputLength).putInt(payloadLength)
        .put(payload, payloadOffset, payloadLength);
    return b.array();
  }

  @Override
  public void restore(byte[] state) throws IOException {
    closeOutput();
    if (state.length < HEADER) {
      throw new IOException("CounterTask state too short: " + state.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(state);
    int v = b.getInt();
    if (v != VERSION) {
      throw new IOException("unknown CounterTask state version " + v);
    }
    long n = b.getLong();
    long a = b.getLong();
    long length = b.getLong();
    int len = b.getInt();
    if (n < 0 || length < 0) {
      throw new IOException("bad CounterTask state: next=" + n + " outputLength=" + length);
    }
    next = n;
    acc = a;
    outputLength = length;
    if (len != b.remaining()) {
      throw new IOException("CounterTask state has " + b.remaining() + " payload bytes, expected " + len);
    }
    payload = state;
    payloadOffset = b.position();
    payloadLength = len;
  }

  @Override
  public void close() throws IOException {
    closeOutput();
  }

  private void closeOutput() throws IOException {
    if (out != null) {
      SeekableByteChannel c = out;
      out = null;
      c.close();
    }
  }
}

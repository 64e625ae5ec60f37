package dev.dfs.bench.jmh;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.FileType;
import dev.dfs.protocol.Frame;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The protocol codec's hot path without sockets: {@link Frame#writeBody} and
 * {@link Frame#readBody} of a FETCH request and of a 1 MiB DATA reply, into and out of a pooled
 * direct buffer as the Netty pipeline uses. Run with {@code bench/run --jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBench {
  private Frame fetch;
  private Frame data;
  private ByteBuf buf;
  private ByteBuf encodedData;
  private ByteBuf encodedFetch;

  @Setup
  public void setup() {
    Fid fid = new Fid(1, 42, 7);
    fetch = new Frame(1234, new Request.Fetch(fid, 5L << 20, Request.MAX_CHUNK));
    byte[] bytes = new byte[Request.MAX_CHUNK];
    new SplittableRandom(1).nextBytes(bytes);
    Attr attr = new Attr(fid, FileType.FILE, 0644, 1, 1000, 1000, 256L << 20, 1L, 2L, 3L, 9L);
    data = new Frame(1235, new Reply.Data(attr, 5L << 20, bytes));
    buf = PooledByteBufAllocator.DEFAULT.directBuffer(Frame.MAX_FRAME);
    encodedData = PooledByteBufAllocator.DEFAULT.directBuffer(Frame.MAX_FRAME);
    data.writeBody(encodedData);
    encodedFetch = PooledByteBufAllocator.DEFAULT.directBuffer(256);
    fetch.writeBody(encodedFetch);
  }

  @TearDown
  public void tearDown() {
    buf.release();
    encodedData.release();
    encodedFetch.release();
  }

  /** Encode then decode a FETCH request (what the client sends for every 1 MiB it reads). */
  @Benchmark
  public Frame fetchRequestRoundTrip() {
    buf.clear();
    fetch.writeBody(buf);
    return Frame.readBody(buf);
  }

  /** Decode of a FETCH request alone (the server side). */
  @Benchmark
  public Frame fetchRequestDecode() {
    encodedFetch.readerIndex(0);
    return Frame.readBody(encodedFetch);
  }

  /** Encode then decode a 1 MiB DATA reply. */
  @Benchmark
  public Frame dataReplyRoundTrip() {
    buf.clear();
    data.writeBody(buf);
    return Frame.readBody(buf);
  }

  /** Encode of a 1 MiB DATA reply alone (the server side). */
  @Benchmark
  public int dataReplyEncode() {
    buf.clear();
    data.writeBody(buf);
    return buf.writerIndex();
  }

  /** Decode of a 1 MiB DATA reply alone (the client side). */
  @Benchmark
  public Frame dataReplyDecode() {
    encodedData.readerIndex(0);
    return Frame.readBody(encodedData);
  }
}

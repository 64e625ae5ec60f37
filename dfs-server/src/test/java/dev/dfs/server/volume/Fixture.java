package dev.dfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the file service tests: a settable clock and one-line request wrappers. */
final class Fixture implements AutoCloseable {
  static final Caller ROOT = Caller.ROOT;
  static final Caller ALICE = new Caller(1000, 1000);
  static final Caller BOB = new Caller(1001, 1001);

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2024-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advanceSeconds(long s) {
      now = now.plusSeconds(s);
    }
  }

  final Path dir;
  final TestClock clock = new TestClock();
  final boolean durable;
  FileService fs;
  private long requestIds;

  Fixture(Path dir) {
    this(dir, true);
  }

  Fixture(Path dir, boolean durable) {
    this.dir = dir;
    this.durable = durable;
    open();
  }

  StoreConfig config() {
    return new StoreConfig(dir, "vice.test:7000", clock, 1L << 30);
  }

  void open() {
    fs = FileService.open(config(), durable);
  }

  void reopen() {
    fs.close();
    open();
  }

  @Override
  public void close() {
    fs.close();
  }

  Fid root() {
    return fs.root();
  }

  Reply run(Caller c, Request r) {
    return fs.execute(c, new RequestKey("test", ++requestIds), r).reply();
  }

  Reply run(Request r) {
    return run(ROOT, r);
  }

  static void fails(Status expected, Executable e) {
    DfsException ex = assertThrows(DfsException.class, e);
    assertEquals(expected, ex.status(), ex.getMessage());
  }

  Attr attr(Fid f) {
    return ((Reply.Attrs) run(new Request.GetAttr(f))).attr();
  }

  Attr lookup(Fid dir, String name) {
    return ((Reply.Attrs) run(new Request.Lookup(dir, name))).attr();
  }

  Attr create(Caller c, Fid dir, String name) {
    return ((Reply.Entry) run(c, new Request.Create(dir, name, 0644, true))).child();
  }

  Attr create(Fid dir, String name) {
    return create(ROOT, dir, name);
  }

  Attr mkdir(Caller c, Fid dir, String name, int mode) {
    return ((Reply.Entry) run(c, new Request.Mkdir(dir, name, mode))).child();
  }

  Attr mkdir(Fid dir, String name) {
    return mkdir(ROOT, dir, name, 0755);
  }

  Attr write(Fid f, long offset, byte[] data) {
    return ((Reply.Attrs) run(new Request.Write(f, offset, data))).attr();
  }

  byte[] fetch(Fid f, long offset, int length) {
    return ((Reply.Data) run(new Request.Fetch(f, offset, length))).data();
  }

  /** Reads the whole file chunk by chunk. */
  byte[] readAll(Fid f) {
    long size = attr(f).size();
    byte[] out = new byte[(int) size];
    for (int pos = 0; pos < size; ) {
      byte[] d = fetch(f, pos, Request.MAX_CHUNK);
      System.arraycopy(d, 0, out, pos, d.length);
      pos += d.length;
      if (d.length == 0) {
        throw new AssertionError("short file at " + pos);
      }
    }
    return out;
  }

  static byte[] pattern(int length, int seed) {
    byte[] b = new byte[length];
    long x = seed * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b[i] = (byte) x;
    }
    return b;
  }
}

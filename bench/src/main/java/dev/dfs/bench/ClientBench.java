package dev.dfs.bench;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.client.DfsFile;
import dev.dfs.client.OpenFlag;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Op;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The client-cache benchmark: a session-mode read of a cached 256 MiB file against the same read
 * from the local disk; the first (uncached) read of a 256 MiB and a 1 MiB file by a fresh client
 * against sshfs on OpenSSH's sftp-server over loopback; and the time from a close (session mode)
 * or a write (one-copy mode) on client A to the callback break arriving at client B. All in one
 * run; markdown on stdout, progress on stderr; {@code --write-results} also puts it into
 * bench/RESULTS.md.
 *
 * <pre>
 * bench/run --client [--write-results] [--quick]
 * </pre>
 */
public final class ClientBench {
  static final String SECTION = "client";
  static final String DFS = "DFS";
  static final String LOCAL = "local";
  static final String SSHFS = "sshfs";
  private static final String BIG = "big";
  private static final String SMALL = "small";
  private static final String FLIP = "flip";
  private static final int READ_SIZE = Payload.BLOCK;

  record Params(long bigBytes, int cachedWarmups, int cachedReps, int firstBigWarmups, int firstBigReps,
      int firstSmallWarmups, int firstSmallReps, int breakWarmups, int breakReps, int flipBytes) {}

  static final Params FULL = new Params(256L << 20, 1, 5, 1, 3, 3, 20, 50, 500, 4096);
  static final Params QUICK = new Params(16L << 20, 1, 2, 1, 2, 1, 3, 5, 30, 4096);

  private final Params params;
  private final Report report = new Report(List.of(DFS, LOCAL, SSHFS), DFS, List.of(LOCAL, SSHFS));
  private final List<String[]> breakRows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String cachedRequests = "";
  private String sshfsSetup;

  private ClientBench(Params params) {
    this.params = params;
  }

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, "ClientBench", SECTION,
        "a few seconds, small sizes: checks that it runs; figures not comparable",
        "where the DFS data directory, the caches, the local file and the sshfs-served directory go",
        java.util.Map.of());
    if (a != null) {
      a.publish(new ClientBench(a.quick() ? QUICK : FULL).run(a.dir(), a.quick()));
    }
  }

  private static void progress(String format, Object... args) {
    FoundationBench.progress(format, args);
  }

  private String run(Path parent, boolean quick) throws Exception {
    long start = System.nanoTime();
    Files.createDirectories(parent);
    Path base = Files.createTempDirectory(parent, "dfs-client-bench-");
    Machine machine = Machine.probe(base);
    Payload big = new Payload(params.bigBytes(), 2);
    Payload small = new Payload(Payload.MIB, 1);
    try (DfsTarget dfs = DfsTarget.start(DFS, base.resolve("dfs-data"));
        LocalTarget local = new LocalTarget(LOCAL, base.resolve("local"), false)) {
      progress("storing the test files (untimed)");
      for (Target t : List.of(dfs, local)) {
        try (Target.Session s = t.open()) {
          s.store(BIG, big);
          s.store(SMALL, small);
          s.store(FLIP, new Payload(params.flipBytes(), 3));
          s.settle(BIG);
          s.settle(SMALL);
        }
      }
      Path localDir = base.resolve("local");
      cachedRead(dfs, localDir, base, big);
      firstRead(dfs, localDir, base, big, small);
      breakLatency(dfs, base, Consistency.SESSION);
      breakLatency(dfs, base, Consistency.ONE_COPY);
    } finally {
      FoundationBench.deleteTree(base);
    }
    return section(machine, (System.nanoTime() - start) / 1e9, quick);
  }

  // ---- reading ----

  /** One positional read, as pread(2). */
  @FunctionalInterface
  private interface PRead {
    int read(ByteBuffer dst, long position) throws IOException;
  }

  /** Reads from 0 to the end in {@link #READ_SIZE} reads into {@code buf}; checks with {@code check} if given. */
  private static long readAll(PRead r, ByteBuffer buf, Payload.Checker check) throws IOException {
    long pos = 0;
    while (true) {
      buf.clear();
      int n = r.read(buf, pos);
      if (n <= 0) {
        return pos;
      }
      if (check != null) {
        check.write(buf.array(), 0, n);
      }
      pos += n;
    }
  }

  private static long readDfs(DfsClient c, String name, ByteBuffer buf, Payload.Checker check) throws IOException {
    try (DfsFile f = c.open("/bench/" + name, Set.of(OpenFlag.READ), 0)) {
      return readAll(f::read, buf, check);
    }
  }

  private static long readLocal(Path file, ByteBuffer buf, Payload.Checker check) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return readAll(ch::read, buf, check);
    }
  }

  private static void expect(long got, long want, String who) {
    if (got != want) {
      throw new IllegalStateException(who + ": read " + got + " bytes, expected " + want);
    }
  }

  private static void verified(Payload.Checker c, String who) {
    if (!c.verified()) {
      throw new IllegalStateException(who + ": the file did not read back as it was stored");
    }
  }

  private static ClientConfig sessionClient(DfsTarget dfs, Path cacheDir) {
    return ClientConfig.of(dfs.server().address()).withMode(Consistency.SESSION).withCache(cacheDir, 1L << 30);
  }

  private static Map<Op, Long> sentCounts(DfsClient c) {
    Map<Op, Long> m = new EnumMap<>(Op.class);
    for (Op op : Op.values()) {
      m.put(op, c.link().sent(op));
    }
    return m;
  }

  private static String sentSince(DfsClient c, Map<Op, Long> before) {
    List<String> parts = new ArrayList<>();
    for (Op op : Op.values()) {
      long d = c.link().sent(op) - before.get(op);
      if (d != 0) {
        parts.add(d + " " + op);
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private String bigLabel(String what, int reps) {
    return what + " " + (params.bigBytes() >> 20) + " MiB file (×" + reps + ")";
  }

  /** A session-mode client reads the big file once to fill its cache; the timed reads must not fetch. */
  private void cachedRead(DfsTarget dfs, Path localDir, Path base, Payload big) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(READ_SIZE);
    long size = big.size();
    String label = bigLabel("read, cached", params.cachedReps());
    try (DfsClient c = DfsClient.connect(sessionClient(dfs, Files.createDirectories(base.resolve("cache-warm"))))) {
      progress("DFS: fill the cache with the %d MiB file", size >> 20);
      Payload.Checker check = big.checker();
      expect(readDfs(c, BIG, buf, check), size, DFS);
      verified(check, DFS + " (filling read)");
      long fetches = c.link().sent(Op.FETCH);
      if (fetches < size / Payload.MIB) {
        throw new IllegalStateException("the filling read sent only " + fetches + " FETCH for " + (size >> 20) + " MiB");
      }
      progress("DFS: cached read %d MiB x %d", size >> 20, params.cachedReps());
      Map<Op, Long> before = sentCounts(c);
      Samples s = Timing.repeat(params.cachedWarmups(), params.cachedReps(),
          (i, w) -> expect(readDfs(c, BIG, buf, null), size, DFS), null);
      long fetched = c.link().sent(Op.FETCH) - before.get(Op.FETCH);
      if (fetched != 0) {
        throw new IllegalStateException("the cached reads sent " + fetched + " FETCH requests: not served from the cache");
      }
      cachedRequests = sentSince(c, before);
      Payload.Checker again = big.checker();
      readDfs(c, BIG, buf, again);
      verified(again, DFS + " (cached read)");
      add(label, s, size, DFS, true);
    }
    progress("local: read %d MiB x %d", size >> 20, params.cachedReps());
    Path file = localDir.resolve(BIG);
    Samples l = Timing.repeat(params.cachedWarmups(), params.cachedReps(),
        (i, w) -> expect(readLocal(file, buf, null), size, LOCAL), null);
    add(label, l, size, LOCAL, true);
    report.unavailable(label, "MiB/s", SSHFS, "not measured: see the first-read rows");
  }

  private void add(String label, Samples s, long size, String target, boolean cpu) {
    report.add(label, "MiB/s", target, s.mibPerSecond(size));
    report.add(label, "ms per read, median", target, s.medianMillis());
    if (cpu) {
      report.add(label, "CPU ms per MiB (this JVM)", target, s.cpuMillisPerMib(size));
    }
  }

  /** A fresh client with an empty cache per read, against a fresh sshfs mount per read. */
  private void firstRead(DfsTarget dfs, Path localDir, Path base, Payload big, Payload small) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(READ_SIZE);
    String bigLabel = bigLabel("first read", params.firstBigReps());
    String smallLabel = "first read 1 MiB file (×" + params.firstSmallReps() + ")";
    record Case(String label, String name, Payload payload, int warmups, int reps) {}
    List<Case> cases = List.of(
        new Case(bigLabel, BIG, big, params.firstBigWarmups(), params.firstBigReps()),
        new Case(smallLabel, SMALL, small, params.firstSmallWarmups(), params.firstSmallReps()));

    for (Case k : cases) {
      long size = k.payload().size();
      progress("DFS: first read of %d MiB x %d, a fresh client each time", size >> 20, k.reps());
      DfsClient[] fresh = new DfsClient[1];
      Path[] cacheDir = new Path[1];
      AtomicLong fetches = new AtomicLong();
      Samples s = Timing.repeat(k.warmups(), k.reps(),
          (i, w) -> {
            cacheDir[0] = Files.createTempDirectory(base, "cache-fresh-");
            fresh[0] = DfsClient.connect(sessionClient(dfs, cacheDir[0]));
          },
          (i, w) -> expect(readDfs(fresh[0], k.name(), buf, null), size, DFS),
          (i, w) -> {
            fetches.addAndGet(fresh[0].link().sent(Op.FETCH));
            fresh[0].close();
            FoundationBench.deleteTree(cacheDir[0]);
          });
      long perRead = fetches.get() / (k.warmups() + k.reps());
      if (perRead < Math.max(1, size / Payload.MIB)) {
        throw new IllegalStateException("a first read sent " + perRead + " FETCH for " + size + " bytes: not uncached");
      }
      add(k.label(), s, size, DFS, false);
      report.add(k.label(), "ms per read, p95", DFS, s.percentileMillis(95));
      progress("local: read of %d MiB x %d", size >> 20, k.reps());
      Path file = localDir.resolve(k.name());
      Samples l = Timing.repeat(k.warmups(), k.reps(), (i, w) -> expect(readLocal(file, buf, null), size, LOCAL), null);
      add(k.label(), l, size, LOCAL, false);
      report.add(k.label(), "ms per read, p95", LOCAL, l.percentileMillis(95));
    }
    // The fresh-client path reads back what was stored (once, untimed).
    Path checkDir = Files.createTempDirectory(base, "cache-check-");
    try (DfsClient c = DfsClient.connect(sessionClient(dfs, checkDir))) {
      Payload.Checker check = big.checker();
      readDfs(c, BIG, buf, check);
      verified(check, DFS + " (first read)");
    } finally {
      FoundationBench.deleteTree(checkDir);
    }

    String why = Sshfs.unavailable();
    if (why != null) {
      progress("sshfs: skipped: %s", why);
      for (Case k : cases) {
        report.unavailable(k.label(), "MiB/s", SSHFS, why);
      }
      sshfsSetup = "not measured: " + why;
      return;
    }
    String versions = Sshfs.versions();
    try (Sshfs sshfs = Sshfs.start(base.resolve("sshfs"))) {
      progress("sshfs: %s", sshfs);
      try (Target.Session s = new LocalTarget(SSHFS, sshfs.served(), false).open()) {
        s.store(BIG, big);
        s.store(SMALL, small);
        s.settle(BIG);
        s.settle(SMALL);
      }
      sshfs.mount();
      Payload.Checker check = big.checker();
      readLocal(sshfs.mountPoint().resolve(BIG), buf, check);
      verified(check, SSHFS);
      for (Case k : cases) {
        long size = k.payload().size();
        progress("sshfs: first read of %d MiB x %d, remounted each time", size >> 20, k.reps());
        Path file = sshfs.mountPoint().resolve(k.name());
        Samples s = Timing.repeat(k.warmups(), k.reps(), (i, w) -> sshfs.remount(),
            (i, w) -> expect(readLocal(file, buf, null), size, SSHFS), null);
        add(k.label(), s, size, SSHFS, false);
        report.add(k.label(), "ms per read, p95", SSHFS, s.percentileMillis(95));
      }
      sshfsSetup = versions;
    }
  }

  // ---- callback breaks ----

  /**
   * Clients A and B of one mode. Iterations alternate: in the even ones B reads the file first
   * (so it holds a callback promise and a cached copy), in the odd ones it does not (nobody but
   * A caches it). Then A changes the file: session mode opens it for writing, writes
   * {@code flipBytes} and closes (the close stores it); one-copy mode writes {@code flipBytes}
   * through a handle kept open. t0 = just before A's close() / write() is called; t1 = when
   * B's break listener sees the file's FID (on B's I/O thread); t2 = when A's call returned.
   */
  private void breakLatency(DfsTarget dfs, Path base, Consistency mode) throws Exception {
    String m = mode.label();
    String call = mode == Consistency.SESSION ? "close()" : "write()";
    ClientConfig a0 = ClientConfig.of(dfs.server().address()).withMode(mode);
    Path cacheA = Files.createTempDirectory(base, "cache-a-");
    Path cacheB = Files.createTempDirectory(base, "cache-b-");
    ByteBuffer data = ByteBuffer.allocate(params.flipBytes());
    ByteBuffer rbuf = ByteBuffer.allocate(params.flipBytes());
    int n = params.breakReps();
    long[] breakNs = new long[n];
    long[] afterBreak = new long[n];
    long[] withReader = new long[n];
    long[] withoutReader = new long[n];
    int late = 0;
    int missed = 0;
    int unexpected = 0;
    try (DfsClient a = DfsClient.connect(a0.withCache(cacheA, 64L << 20));
        DfsClient b = DfsClient.connect(a0.withCache(cacheB, 64L << 20))) {
      String path = "/bench/" + FLIP;
      Fid fid = b.stat(path).fid();
      AtomicLong t1 = new AtomicLong();
      b.onCallbackBreak(fids -> {
        if (fids.contains(fid)) {
          t1.compareAndSet(0, System.nanoTime());
        }
      });
      DfsFile writer = mode == Consistency.ONE_COPY ? a.open(path, Set.of(OpenFlag.READ, OpenFlag.WRITE), 0) : null;
      DfsFile reader = mode == Consistency.ONE_COPY ? b.open(path, Set.of(OpenFlag.READ), 0) : null;
      try {
        progress("%s: callback breaks, %d + %d iterations (half with a caching reader)", m, 2 * params.breakWarmups(), 2 * n);
        int total = 2 * (params.breakWarmups() + n);
        for (int it = 0; it < total; it++) {
          boolean measured = it >= 2 * params.breakWarmups();
          int k = (it - 2 * params.breakWarmups()) / 2;
          boolean bReads = it % 2 == 0;
          if (bReads) {
            rbuf.clear();
            if (reader != null) {
              reader.read(rbuf, 0);
            } else {
              try (DfsFile f = b.open(path, Set.of(OpenFlag.READ), 0)) {
                f.read(rbuf, 0);
              }
            }
          }
          data.clear();
          data.putInt(0, it);
          DfsFile f = writer != null ? writer : a.open(path, Set.of(OpenFlag.READ, OpenFlag.WRITE), 0);
          if (writer == null) {
            f.write(data, 0);
          }
          t1.set(0);
          long t0 = System.nanoTime();
          if (writer == null) {
            f.close();
          } else {
            f.write(data, 0);
          }
          long t2 = System.nanoTime();
          long got = t1.get();
          if (bReads) {
            long deadline = t2 + 2_000_000_000L;
            while (got == 0 && System.nanoTime() < deadline) {
              LockSupport.parkNanos(20_000);
              got = t1.get();
            }
          }
          if (!measured) {
            continue;
          }
          if (bReads) {
            withReader[k] = t2 - t0;
            if (got == 0) {
              missed++;
              breakNs[k] = -1;
            } else {
              breakNs[k] = got - t0;
              afterBreak[k] = t2 - got;
              if (got > t2) {
                late++;
              }
            }
          } else {
            withoutReader[k] = t2 - t0;
            if (got != 0) {
              unexpected++;
            }
          }
        }
      } finally {
        if (writer != null) {
          writer.close();
        }
        if (reader != null) {
          reader.close();
        }
      }
    } finally {
      FoundationBench.deleteTree(cacheA);
      FoundationBench.deleteTree(cacheB);
    }
    long[] arrived = java.util.Arrays.stream(breakNs).filter(x -> x >= 0).toArray();
    long[] tails = new long[arrived.length];
    for (int i = 0, j = 0; i < n; i++) {
      if (breakNs[i] >= 0) {
        tails[j++] = Math.max(0, afterBreak[i]);
      }
    }
    String what = params.flipBytes() + " B";
    if (arrived.length > 0) {
      breakRow(m, "A " + call + " called → break at B's listener (t1 − t0)", new Samples(arrived, -1));
      breakRow(m, "break at B's listener → A's " + call + " returns (t2 − t1)", new Samples(tails, -1));
    }
    breakRow(m, "A " + call + " of " + what + ", B caching the file", new Samples(withReader, -1));
    breakRow(m, "A " + call + " of " + what + ", nobody else caching it", new Samples(withoutReader, -1));
    notes.add(String.format(Locale.ROOT,
        "%s: of %d changes with B caching, the break reached B in %d, never (within 2 s) in %d, after A's %s "
            + "returned in %d; of %d changes without, B saw a break in %d.",
        m, n, arrived.length, missed, call, late, n, unexpected));
  }

  private void breakRow(String mode, String what, Samples s) {
    breakRows.add(new String[] {mode, what, us(s.medianMillis()), us(s.percentileMillis(99)), us(s.minMillis()),
        us(s.maxMillis()), Integer.toString(s.count())});
  }

  private static String us(double millis) {
    return Report.figure(millis * 1000);
  }

  // ---- report ----

  private String section(Machine machine, double seconds, boolean quick) {
    Params p = params;
    long mib = p.bigBytes() >> 20;
    StringBuilder sb = new StringBuilder();
    sb.append("## Client cache: cached and first reads, callback-break latency")
        .append(quick ? " (QUICK RUN: not comparable)" : "").append("\n\n");
    sb.append("Run ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(" with `bench/run --client").append(quick ? " --quick" : " --write-results").append("`, ")
        .append(String.format(Locale.ROOT, "%.0f", seconds)).append(" s in all.\n\n");
    sb.append(machine.markdown());
    sb.append("- sshfs: ").append(sshfsSetup).append("\n\n");
    sb.append(report.markdown()).append('\n');
    sb.append("Columns: **DFS** = `ViceServer` and session-mode `DfsClient`s in one JVM over TCP on 127.0.0.1; **local** = ")
        .append("java.nio `FileChannel` on the same disk; **sshfs** = a private OpenSSH `sshd` (own config, keys and ")
        .append("pid file in a temporary directory) on 127.0.0.1 with `Subsystem sftp /usr/lib/openssh/sftp-server`, ")
        .append("mounted with `sshfs -p PORT -o IdentityFile=…,StrictHostKeyChecking=no,UserKnownHostsFile=/dev/null` ")
        .append("and otherwise sshfs's default options. Ratio columns: DFS ÷ baseline of the row's figure (MiB/s: below 1 ")
        .append("means slower; ms: above 1 means slower).\n\n");
    sb.append("Work: every read is `open`, then positional reads of ").append(READ_SIZE >> 20)
        .append(" MiB into one heap `ByteBuffer` from offset 0 to the end, then `close`, all timed ")
        .append("(`DfsFile.read(buf, pos)` on the DFS, `FileChannel.read(buf, pos)` locally and through the sshfs mount). ")
        .append("**Cached**: one session-mode client read the ").append(mib).append(" MiB file once untimed (filling its ")
        .append("on-disk cache), then ").append(p.cachedWarmups()).append(" warm-up and ").append(p.cachedReps())
        .append(" timed reads; the program fails if any `FETCH` is sent during them (`link().sent(Op.FETCH)`); ")
        .append("requests sent during the warm-up and timed cached reads: ").append(cachedRequests).append(". ")
        .append("**First read**: before each read (untimed) a new client connects with a new, empty cache directory, and ")
        .append("it is closed and its cache deleted after; the read includes the path walk and every `FETCH`. sshfs is ")
        .append("unmounted and mounted again (untimed) before each read, so neither sshfs's caches nor the kernel's page ")
        .append("cache of the mount hold anything of an earlier read. The local column of the first-read rows is the ")
        .append("same file read again from the page cache: the ceiling, not a cold read. On the serving side nothing is ")
        .append("cold: the DFS server's chunk files and the file sshd serves are in the page cache (dropping it would ")
        .append("measure the disk, not the software). Each first-read row has ").append(p.firstBigWarmups()).append(" (")
        .append(mib).append(" MiB) or ").append(p.firstSmallWarmups()).append(" (1 MiB) warm-up reads first. Every ")
        .append("target's reads were checked byte for byte once, untimed. CPU rows: CPU time of this JVM (client and ")
        .append("server) over the timed reads per MiB; sshfs's work is in other processes, so it has no CPU row.\n\n");
    sb.append("### Callback-break latency\n\n");
    sb.append("| mode | measured | median µs | p99 µs | min µs | max µs | n |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (String[] r : breakRows) {
      sb.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    sb.append('\n');
    sb.append("Clients A and B (each its own connection and cache) of the same mode, in this JVM; the file is ")
        .append(p.flipBytes()).append(" B. ").append(2 * p.breakReps()).append(" changes per mode after ")
        .append(2 * p.breakWarmups()).append(" warm-up ones, alternating: before every other change B reads the file ")
        .append("(session: open, read, close; one-copy: a read through a handle kept open), so it holds a callback ")
        .append("promise; before the others it does not, and nobody but A holds one. Session mode: A opens the file, ")
        .append("writes ").append(p.flipBytes()).append(" B and calls `close()`, which stores the file (STORE_BEGIN, ")
        .append("STORE_DATA, STORE_COMMIT). One-copy mode: A calls `write()` of ").append(p.flipBytes())
        .append(" B on a handle kept open (one WRITE). t0 = `System.nanoTime()` just before A calls `close()`/`write()`; ")
        .append("the break latency is t1 − t0 where t1 = `System.nanoTime()` in B's `onCallbackBreak` listener (on B's ")
        .append("I/O thread) when the break names the file's FID; t2 = when A's call returned (t2 − t1 is B's BREAK_ACK, the server's reply and A's wake-up; negative values, a break after the return, would count as 0 and are reported below); the other rows are A's call, t2 − t0. ")
        .append("Percentiles are nearest-rank.\n\n");
    for (String n : notes) {
      sb.append("- ").append(n).append('\n');
    }
    return sb.toString();
  }
}

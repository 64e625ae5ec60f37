package dev.dfs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The first benchmark: fetch and store throughput of 1 MiB and 256 MiB files, and getattr and
 * lookup operations per second with 1 and 16 concurrent connections, each timed on the DFS and
 * on the local disk in the same run. Prints a markdown section on stdout (progress goes to
 * stderr); {@code --write-results} also puts it into bench/RESULTS.md.
 *
 * <pre>
 * bench/run [--write-results] [--quick] [--dir DIR] [--results FILE]
 * </pre>
 */
public final class FoundationBench {
  static final String SECTION = "foundation";
  static final String DFS = "DFS";
  static final String LOCAL_FSYNC = "local+fsync";
  static final String LOCAL = "local";
  static final String CPU_PER_MIB = "CPU ms per MiB (process)";

  /** How much work each part does; {@link #QUICK} only checks that everything runs. */
  record Params(Duration jitWarmup, int smallWarmups, int smallReps, long bigBytes, int bigWarmups, int bigReps,
      Duration metaWarmup, Duration metaWindow, int metaWindows, List<Integer> threads) {}

  static final Params FULL = new Params(Duration.ofSeconds(4), 10, 50, 256L << 20, 1, 3,
      Duration.ofSeconds(2), Duration.ofMillis(1500), 3, List.of(1, 16));
  static final Params QUICK = new Params(Duration.ofMillis(500), 3, 10, 16L << 20, 1, 2,
      Duration.ofMillis(300), Duration.ofMillis(300), 2, List.of(1, 16));

  private final Params params;
  private final Report report = new Report(List.of(DFS, LOCAL_FSYNC, LOCAL), DFS, List.of(LOCAL_FSYNC, LOCAL));

  private FoundationBench(Params params) {
    this.params = params;
  }

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, "FoundationBench", SECTION,
        "a few seconds, small sizes: checks that it runs; figures not comparable",
        "where the DFS data directory and the local baseline go", java.util.Map.of());
    if (a != null) {
      a.publish(new FoundationBench(a.quick() ? QUICK : FULL).run(a.dir(), a.quick()));
    }
  }

  private String run(Path parent, boolean quick) throws Exception {
    long start = System.nanoTime();
    Files.createDirectories(parent);
    Path base = Files.createTempDirectory(parent, "dfs-bench-");
    Machine machine = Machine.probe(base);
    int serverWorkers;
    try (DfsTarget dfs = DfsTarget.start(DFS, base.resolve("dfs-data"));
        LocalTarget sync = new LocalTarget(LOCAL_FSYNC, base.resolve("local-fsync"), true);
        LocalTarget plain = new LocalTarget(LOCAL, base.resolve("local"), false)) {
      serverWorkers = dfs.server().config().workerThreads();
      for (Target t : List.of(dfs, sync, plain)) {
        try (Target.Session s = t.open()) {
          s.mkdir("meta");
          s.store("meta/probe", new Payload(4096, 3));
        }
        warmUp(t);
      }
      for (Target t : List.of(dfs, sync, plain)) {
        throughput(t);
      }
      for (boolean getattr : new boolean[] {true, false}) {
        for (int threads : params.threads()) {
          for (Target t : List.of(dfs, plain)) {
            metadata(t, getattr, threads);
          }
        }
      }
      // Nothing was deleted through the targets: the files go with the directory below.
    } finally {
      deleteTree(base);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return section(machine, serverWorkers, seconds, quick);
  }

  /**
   * Untimed: runs a mix of every operation for a while so that the JIT has compiled the code
   * paths of this target before anything is timed (the per-workload warm-ups are too short for
   * that on their own).
   */
  private void warmUp(Target t) throws Exception {
    progress("%s: JIT warm-up, %.1f s", t.name(), params.jitWarmup().toMillis() / 1000.0);
    Payload small = new Payload(Payload.MIB, 4);
    long end = System.nanoTime() + params.jitWarmup().toNanos();
    try (Target.Session s = t.open()) {
      s.mkdir("warm");
      Target.Probe p = s.probe("meta", "probe");
      for (int round = 0; System.nanoTime() < end; round++) {
        String name = "warm/" + (round % 4);
        s.store(name, small);
        s.settle(name);
        for (int k = 0; k < 4; k++) {
          expect(s.fetch(name, null), small.size(), t);
        }
        for (int k = 0; k < 200; k++) {
          p.getattr();
          p.lookup();
        }
      }
    }
  }

  private String smallLabel(String what) {
    return what + " 1 MiB file (×" + params.smallReps() + ")";
  }

  private String bigLabel(String what) {
    return what + " " + (params.bigBytes() >> 20) + " MiB file (×" + params.bigReps() + ")";
  }

  private void throughput(Target t) throws Exception {
    Payload small = new Payload(Payload.MIB, 1);
    Payload big = new Payload(params.bigBytes(), 2);
    try (Target.Session s = t.open()) {
      s.mkdir("small");
      progress("%s: store 1 MiB x %d", t.name(), params.smallReps());
      Samples store = Timing.repeat(params.smallWarmups(), params.smallReps(),
          (i, w) -> s.store(smallName(i, w), small), (i, w) -> s.settle(smallName(i, w)));
      progress("%s: fetch 1 MiB x %d", t.name(), params.smallReps());
      Samples fetch = Timing.repeat(params.smallWarmups(), params.smallReps(),
          (i, w) -> expect(s.fetch(smallName(i, w), null), small.size(), t), null);
      verify(s, smallName(params.smallReps() - 1, false), small, t);
      String u = "ms per file, median";
      report.add(smallLabel("store"), "MiB/s", t.name(), store.mibPerSecond(small.size()));
      report.add(smallLabel("store"), u, t.name(), store.medianMillis());
      report.add(smallLabel("store"), "ms per file, p95", t.name(), store.percentileMillis(95));
      report.add(smallLabel("fetch"), "MiB/s", t.name(), fetch.mibPerSecond(small.size()));
      report.add(smallLabel("fetch"), u, t.name(), fetch.medianMillis());
      report.add(smallLabel("fetch"), "ms per file, p95", t.name(), fetch.percentileMillis(95));

      progress("%s: store %d MiB x %d", t.name(), big.size() >> 20, params.bigReps());
      Samples bigStore = Timing.repeat(params.bigWarmups(), params.bigReps(),
          (i, w) -> s.store("big", big), (i, w) -> s.settle("big"));
      progress("%s: fetch %d MiB x %d", t.name(), big.size() >> 20, params.bigReps());
      Samples bigFetch = Timing.repeat(params.bigWarmups(), params.bigReps(),
          (i, w) -> expect(s.fetch("big", null), big.size(), t), null);
      verify(s, "big", big, t);
      report.add(bigLabel("store"), "MiB/s", t.name(), bigStore.mibPerSecond(big.size()));
      report.add(bigLabel("store"), CPU_PER_MIB, t.name(), bigStore.cpuMillisPerMib(big.size()));
      report.add(bigLabel("fetch"), "MiB/s", t.name(), bigFetch.mibPerSecond(big.size()));
      report.add(bigLabel("fetch"), CPU_PER_MIB, t.name(), bigFetch.cpuMillisPerMib(big.size()));
    }
  }

  private static String smallName(int i, boolean warmup) {
    return "small/" + (warmup ? "w" : "m") + i;
  }

  private static void expect(long got, long want, Target t) {
    if (got != want) {
      throw new IllegalStateException(t.name() + ": fetched " + got + " bytes, expected " + want);
    }
  }

  /** Untimed: the file reads back as exactly what was stored. */
  private static void verify(Target.Session s, String name, Payload p, Target t) throws IOException {
    Payload.Checker c = p.checker();
    s.fetch(name, c);
    if (!c.verified()) {
      throw new IllegalStateException(t.name() + ": " + name + " did not read back as it was stored");
    }
  }

  private void metadata(Target t, boolean getattr, int threads) throws Exception {
    String op = getattr ? "getattr" : "lookup";
    progress("%s: %s, %d thread(s)", t.name(), op, threads);
    Timing.Rate rate = Timing.rate(threads, params.metaWarmup(), params.metaWindow(), params.metaWindows(), () -> {
      Target.Session s = t.open();
      Target.Probe p;
      try {
        p = s.probe("meta", "probe");
      } catch (IOException | RuntimeException e) {
        s.close();
        throw e;
      }
      return new Timing.Worker() {
        @Override
        public void op() throws IOException {
          if (getattr) {
            p.getattr();
          } else {
            p.lookup();
          }
        }

        @Override
        public void close() throws IOException {
          s.close();
        }
      };
    });
    String who = threads == 1 ? "1 thread" : threads + " threads";
    report.add(op + ", " + who, "ops/s, median (min–max)", t.name(), rate.median(), rate.min(), rate.max());
    report.add(op + ", " + who, "CPU µs per op (process)", t.name(), rate.cpuMicrosPerOp());
  }

  private String section(Machine machine, int serverWorkers, double seconds, boolean quick) {
    Params p = params;
    StringBuilder sb = new StringBuilder();
    sb.append("## Foundation: whole-file throughput and metadata operations").append(quick ? " (QUICK RUN: not comparable)" : "")
        .append("\n\n");
    sb.append("Run ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(" with `bench/run").append(quick ? " --quick" : " --write-results").append("`, ")
        .append(String.format(Locale.ROOT, "%.0f", seconds)).append(" s in all.\n\n");
    sb.append(machine.markdown()).append('\n');
    sb.append(report.markdown()).append('\n');
    sb.append("Columns: **DFS** = `ViceServer` (").append(serverWorkers)
        .append(" worker threads) and `DfsClient` in one JVM, over TCP on 127.0.0.1, server data directory on the disk above; ")
        .append("**local+fsync** = java.nio `FileChannel` writes then `force(true)` before close (the DFS store is durable when ")
        .append("acknowledged; it also fsyncs directories and its LMDB commit, which local+fsync does not); ")
        .append("**local** = the same writes without `force` (the dirty pages are forced out untimed after each store so they ")
        .append("do not slow the next one). Ratio columns: DFS ÷ baseline of the row's figure, so for MiB/s and ops/s below 1 ")
        .append("means slower than local, for ms above 1 means slower.\n\n");
    sb.append("Work: 1 MiB: ").append(p.smallReps()).append(" new files stored one after another (after ")
        .append(p.smallWarmups()).append(" warm-up files), then read back in the same order; MiB/s is all bytes over all ")
        .append("time. ").append(p.bigBytes() >> 20).append(" MiB: one file stored ").append(p.bigReps())
        .append(" times over itself after ").append(p.bigWarmups()).append(" warm-up store, then read ")
        .append(p.bigReps()).append(" times after ").append(p.bigWarmups()).append(" warm-up read. ")
        .append("Every DFS store and fetch is a whole `DfsClient.put`/`get` by path (path walk from the root included). ")
        .append("Reads are warm-cache on every target: the page cache is not dropped (that needs root), so fetches ")
        .append("measure the software path, not the disk. Every fetched file is checked byte for byte once, untimed. ")
        .append("getattr/lookup: each thread loops on one prepared 4 KiB file; ops/s is the median of ").append(p.metaWindows())
        .append(" consecutive windows of ").append(p.metaWindow().toMillis() / 1000.0).append(" s (after ")
        .append(p.metaWarmup().toMillis() / 1000.0).append(" s warm-up), with the slowest and fastest window in brackets; ")
        .append("on the DFS each thread has its own ")
        .append("`DfsClient` (its own connection) and sends GETATTR(fid) or LOOKUP(dir fid, name) and waits for the reply ")
        .append("(no pipelining, callback promises on); locally getattr is `Files.readAttributes` and lookup `Files.exists` ")
        .append("(both NOFOLLOW_LINKS). local+fsync has no metadata rows: it is the same code path as local. ")
        .append("CPU rows: CPU time of the whole JVM process (client, server, GC, JIT) over the measured work, divided by ")
        .append("the MiB moved or the operations done. Before anything is timed each target runs ")
        .append(p.jitWarmup().toMillis() / 1000.0).append(" s of all its operations untimed so that the JIT has compiled them.\n");
    return sb.toString();
  }

  static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "bench: " + format + "%n", args);
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the benchmark directory " + root, e);
    }
  }
}

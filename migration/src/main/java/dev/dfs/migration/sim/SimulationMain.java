package dev.dfs.migration.sim;

import dev.dfs.migration.policy.InformationPolicy;
import dev.dfs.migration.policy.MigrationCost;
import dev.dfs.migration.policy.Policies;
import dev.dfs.migration.policy.SchedulingPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs the policy comparison and writes SIMULATION.md.
 *
 * <pre>
 * java -cp migration/target/classes dev.dfs.migration.sim.SimulationMain \
 *     [--scenarios N] [--seed S] [--threads T] [--out FILE] [--trace FILE|example]
 * </pre>
 */
public final class SimulationMain {
  private SimulationMain() {}

  static final long PERIOD = 5_000;
  static final MigrationCost MIGRATION = new MigrationCost(0.5, 10);
  static final double THRASH = 5;
  static final InformationPolicy INFO = Policies.periodic(PERIOD);
  static final SimConfig CONFIG = new SimConfig(INFO, MIGRATION, THRASH, false);
  static final Workloads.Params CLUSTER = new Workloads.Params(0.6, 10_000, 20_000, false);
  static final Workloads.Params WORKSTATIONS = new Workloads.Params(0.5, 10_000, 20_000, true);

  record Named(String name, Supplier<SchedulingPolicy> make) {}

  static List<Named> policies() {
    List<Named> out = new ArrayList<>();
    add(out, Policies::local);
    add(out, Policies::roundRobin);
    add(out, Policies::weightedRoundRobin);
    add(out, Policies::leastLoaded);
    add(out, Policies::opportunityCostPlacement);
    add(out, () -> Policies.senderInitiated(2, 3));
    add(out, () -> Policies.receiverInitiated(2, 3, Policies.newest(), PERIOD));
    add(out, () -> Policies.symmetric(2, 3, Policies.newest(), PERIOD));
    add(out, () -> Policies.adaptive(2, 3, Policies.newest(), PERIOD));
    add(out, () -> Policies.mosix(2, 0.1, MIGRATION, PERIOD));
    add(out, () -> Policies.opportunityCost(0, 4, MIGRATION, PERIOD, false));
    add(out, () -> Policies.opportunityCost(0, 4, MIGRATION, PERIOD, true));
    add(out, Policies::sprite);
    add(out, () -> Policies.condor(false, 300_000));
    add(out, () -> Policies.condor(true, 300_000));
    return out;
  }

  private static void add(List<Named> out, Supplier<SchedulingPolicy> make) {
    out.add(new Named(make.get().name(), make));
  }

  /** Metrics of one run, in the order of {@link #COLUMNS}. */
  static double[] metrics(RunResult r) {
    return new double[] {r.meanSlowdown(), r.meanResponse(), r.responseQuantile(0.5), r.responseQuantile(0.95),
        r.migrations() + r.evictions(), r.utilisation(), r.messages(), r.ownerInterference()};
  }

  static final int SLOWDOWN = 0;

  /** Runs every policy on {@code n} scenarios of {@code params}; result[policy][scenario][metric]. */
  static double[][][] runFamily(List<Named> policies, Workloads.Params params, SimConfig config, int n, long seed,
      ExecutorService pool) {
    List<Future<double[][]>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long scenarioSeed = new SplittableRandom(seed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (i + 1));
      futures.add(pool.submit(() -> {
        Scenario s = Workloads.random(scenarioSeed, Workloads.paperCluster(), params);
        double[][] row = new double[policies.size()][];
        for (int p = 0; p < policies.size(); p++) {
          row[p] = metrics(Simulation.run(s, policies.get(p).make().get(), config, scenarioSeed + 1));
        }
        return row;
      }));
    }
    double[][][] out = new double[policies.size()][n][];
    for (int i = 0; i < n; i++) {
      double[][] row = get(futures.get(i));
      for (int p = 0; p < policies.size(); p++) {
        out[p][i] = row[p];
      }
    }
    return out;
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a simulation failed: " + e.getCause(), e.getCause());
    }
  }

  static double[] column(double[][] runs, int metric) {
    double[] out = new double[runs.length];
    for (int i = 0; i < runs.length; i++) {
      out[i] = runs[i][metric];
    }
    return out;
  }

  static double[] diff(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  static int index(List<Named> policies, String prefix) {
    for (int i = 0; i < policies.size(); i++) {
      if (policies.get(i).name().startsWith(prefix)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no policy " + prefix);
  }

  /** Command-line entry. */
  public static void main(String[] args) throws IOException {
    Map<String, String> opt = new java.util.HashMap<>(Map.of("--scenarios", "100", "--seed", "2024", "--threads",
        String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors()))));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: [--scenarios N] [--seed S] [--threads T] [--out FILE]"
            + " [--trace FILE|example]; bad argument: " + a);
      }
      opt.put(a, args[++i]);
    }
    int n = Integer.parseInt(opt.get("--scenarios"));
    long seed = Long.parseLong(opt.get("--seed"));
    int threads = Integer.parseInt(opt.get("--threads"));
    if (n < 2 || threads < 1) {
      throw new IllegalArgumentException("need --scenarios >= 2 and --threads >= 1: " + n + ", " + threads);
    }
    String report;
    if (opt.containsKey("--trace")) {
      report = traceReport(opt.get("--trace"));
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        long start = System.nanoTime();
        report = Report.write(n, seed, pool, String.join(" ", args));
        System.err.printf(Locale.ROOT, "simulated in %.1f s%n", (System.nanoTime() - start) / 1e9);
      } finally {
        pool.shutdown();
      }
    }
    if (opt.containsKey("--out")) {
      Files.writeString(Path.of(opt.get("--out")), report, StandardCharsets.UTF_8);
    } else {
      System.out.print(report);
    }
  }

  static Scenario exampleTrace() {
    InputStream in = SimulationMain.class.getResourceAsStream("example-trace.csv");
    Objects.requireNonNull(in, "example-trace.csv missing from the class path");
    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return Workloads.readTrace(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String traceReportUnchecked() {
    try {
      return traceReport("example");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String traceReport(String trace) throws IOException {
    Scenario s;
    if (trace.equals("example")) {
      s = exampleTrace();
    } else {
      try (Reader r = Files.newBufferedReader(Path.of(trace), StandardCharsets.UTF_8)) {
        s = Workloads.readTrace(r);
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("| policy | avg slowdown | mean response (s) | p95 response (s) | migrations | makespan (s) |\n");
    b.append("|---|---:|---:|---:|---:|---:|\n");
    for (Named p : policies()) {
      RunResult r = Simulation.run(s, p.make().get(), CONFIG, 1);
      b.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f | %.0f | %d | %.0f |%n", p.name(), r.meanSlowdown(),
          r.meanResponse(), r.responseQuantile(0.95), r.migrations() + r.evictions(), r.makespan()));
    }
    return b.toString();
  }
}

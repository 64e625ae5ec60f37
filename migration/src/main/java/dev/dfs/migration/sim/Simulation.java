package dev.dfs.migration.sim;

import dev.dfs.migration.policy.SchedulingPolicy;
import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * The entry to the discrete-event simulator: runs a {@link SchedulingPolicy} — the same object a
 * host agent runs — on a {@link Scenario} and reports what happened to every job.
 *
 * <p>Model: each machine shares its CPU equally among its runnable jobs (processor sharing),
 * each job getting {@code speed / runnable}; an active owner counts as one runnable job; a
 * machine whose jobs' memory exceeds its own runs them all slower by the thrashing factor of
 * {@link SimConfig}. A migration freezes the job for {@link SimConfig#migrationCost()}; a
 * restart loses the work done. Hosts see each other's loads as the information policy spreads
 * them; probes and on-demand views see the truth and are counted as messages. Runs are
 * deterministic for a seed.
 */
public final class Simulation {
  private Simulation() {}

  /** Runs {@code policy} (a fresh instance) on {@code scenario}. */
  public static RunResult run(Scenario scenario, SchedulingPolicy policy, SimConfig config, long seed) {
    return new Engine(scenario, policy, config, seed).run();
  }

  /** The cluster of the seed's evaluation: 3 fast (64 MB), 2 medium (32 MB), 1 slow (24 MB). */
  public static List<Machine> paperCluster() {
    return Workloads.paperCluster();
  }

  /** Reads a trace file (format in SIMULATION.md and {@code example-trace.csv}). */
  public static Scenario readTrace(Reader in) throws IOException {
    return Workloads.readTrace(in);
  }
}

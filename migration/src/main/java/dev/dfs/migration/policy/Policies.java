package dev.dfs.migration.policy;

import java.util.Objects;

/**
 * The entry to the scheduling policies: factories for the information, transfer, selection and
 * location policies of the classic decomposition, and for complete {@link SchedulingPolicy}
 * objects that host agents, a coordinator and the simulator run alike.
 *
 * <p>Stateful policies (round robin keeps a cursor) are per instance: make one per cluster or
 * per simulation run. No policy reads a clock or a global random source; time comes in
 * {@link ClusterView#nowMillis()} and randomness in {@link PolicyContext#random()}.
 */
public final class Policies {
  private Policies() {}

  /** Default reproduction parameters: a 1 s balancing period, as MOSIX. */
  public static final long DEFAULT_PERIOD_MILLIS = 1_000;

  // ---- information policies ----

  /** Broadcast the load every {@code periodMillis}. */
  public static InformationPolicy periodic(long periodMillis) {
    return new InformationPolicies.Periodic(periodMillis);
  }

  /**
   * Broadcast when the run queue changed by {@code runQueueDelta} or memory use by
   * {@code memoryDelta} (fraction of installed memory), or the owner came or went (V-System).
   */
  public static InformationPolicy stateChange(int runQueueDelta, double memoryDelta) {
    return new InformationPolicies.StateChange(runQueueDelta, memoryDelta);
  }

  /** Never broadcast; poll on demand. */
  public static InformationPolicy onDemand() {
    return new InformationPolicies.OnDemand();
  }

  // ---- transfer, selection, location ----

  /** The threshold transfer policy: sender above {@code t} runnable jobs, receiver below. */
  public static TransferPolicy threshold(int t) {
    return new Threshold(t);
  }

  /** Selection: the job that arrived last. */
  public static SelectionPolicy newest() {
    return Selections.NEWEST;
  }

  /** Selection: the least estimated remaining work. */
  public static SelectionPolicy shortestRemaining() {
    return Selections.SHORTEST_REMAINING;
  }

  /** Selection: the most estimated remaining work. */
  public static SelectionPolicy longestRemaining() {
    return Selections.LONGEST_REMAINING;
  }

  /** Selection: the largest job that fits the target's free memory. */
  public static SelectionPolicy largestMemoryFit() {
    return Selections.LARGEST_MEMORY_FIT;
  }

  /** Selection: jobs never migrated first (newest among them). */
  public static SelectionPolicy nonMigratedFirst() {
    return Selections.NON_MIGRATED_FIRST;
  }

  /** Location: poll up to {@code probeLimit} random other hosts, take the first receiver. */
  public static LocationPolicy randomProbe(TransferPolicy transfer, int probeLimit) {
    return new Locations.RandomProbe(Objects.requireNonNull(transfer, "transfer"), probeLimit);
  }

  /** Location: the smallest (run queue + 1) / speed. */
  public static LocationPolicy leastLoadedLocation() {
    return new Locations.LeastLoaded();
  }

  /** Location: round robin in view order (a new cursor). */
  public static LocationPolicy roundRobinLocation() {
    return new Locations.RoundRobin();
  }

  /** Location: smooth weighted round robin, weights = CPU speed (new credits). */
  public static LocationPolicy weightedRoundRobinLocation() {
    return new Locations.WeightedRoundRobin();
  }

  /** Location: the least loaded host idle for {@code idleMillis} with run queue below {@code loadThreshold}. */
  public static LocationPolicy idleWorkstationLocation(long idleMillis, int loadThreshold) {
    return new Locations.IdleWorkstation(idleMillis, loadThreshold);
  }

  /**
   * Location: the lowest marginal opportunity cost, machine cost = Σ p^utilisation over CPU and
   * memory; {@code base <= 0} uses the number of hosts as p.
   */
  public static LocationPolicy opportunityCostLocation(double base, double cpuJobsPerSpeed) {
    return new Locations.OpportunityCost(new CostModel(base, cpuJobsPerSpeed));
  }

  /** The marginal opportunity cost of {@code job} on {@code host} (for reports and agents' logs). */
  public static double marginalCost(ClusterView view, HostId host, Job job, double base, double cpuJobsPerSpeed) {
    CostModel m = new CostModel(base, cpuJobsPerSpeed);
    return m.marginalCost(m.base(view), view.host(host), job);
  }

  // ---- complete policies ----

  /** No load sharing: every job runs where submitted. */
  public static SchedulingPolicy local() {
    return new StaticPlacement("local (no sharing)", (job, origin, view, ctx) -> java.util.Optional.of(origin),
        false);
  }

  /** Any location policy as static placement under {@code name}. */
  public static SchedulingPolicy staticPlacement(String name, LocationPolicy location) {
    return new StaticPlacement(name, location);
  }

  /** PVM: static round-robin placement. */
  public static SchedulingPolicy roundRobin() {
    return new StaticPlacement("round robin (PVM)", new Locations.RoundRobin(), false);
  }

  /** Static weighted round robin by CPU speed. */
  public static SchedulingPolicy weightedRoundRobin() {
    return new StaticPlacement("weighted round robin", new Locations.WeightedRoundRobin(), false);
  }

  /** Static least-loaded placement (a dispatcher). */
  public static SchedulingPolicy leastLoaded() {
    return new StaticPlacement("least loaded", new Locations.LeastLoaded());
  }

  /** Enhanced PVM: static placement at the lowest marginal opportunity cost (p = cluster size). */
  public static SchedulingPolicy opportunityCostPlacement() {
    return new StaticPlacement("opportunity-cost placement (E-PVM)",
        new Locations.OpportunityCost(defaultCostModel()));
  }

  /** Sender-initiated with threshold {@code t} and probe limit {@code probeLimit} (only new jobs move). */
  public static SchedulingPolicy senderInitiated(int t, int probeLimit) {
    return new ProbingPolicy(ProbingPolicy.Mode.SENDER, t, probeLimit, Selections.NEWEST, 0);
  }

  /** Receiver-initiated: an under-loaded host pulls a running job chosen by {@code selection}. */
  public static SchedulingPolicy receiverInitiated(int t, int probeLimit, SelectionPolicy selection, long periodMillis) {
    return new ProbingPolicy(ProbingPolicy.Mode.RECEIVER, t, probeLimit, selection, periodMillis);
  }

  /** Symmetric: sender-initiated at submission and receiver-initiated pulls. */
  public static SchedulingPolicy symmetric(int t, int probeLimit, SelectionPolicy selection, long periodMillis) {
    return new ProbingPolicy(ProbingPolicy.Mode.SYMMETRIC, t, probeLimit, selection, periodMillis);
  }

  /** Adaptive: sender-initiated at low mean load, receiver-initiated at high mean load. */
  public static SchedulingPolicy adaptive(int t, int probeLimit, SelectionPolicy selection, long periodMillis) {
    return new ProbingPolicy(ProbingPolicy.Mode.ADAPTIVE, t, probeLimit, selection, periodMillis);
  }

  /** MOSIX-style load balancing (window 2, 10% hysteresis, every {@link #DEFAULT_PERIOD_MILLIS}). */
  public static SchedulingPolicy mosix(MigrationCost migrationCost) {
    return mosix(2, 0.1, migrationCost, DEFAULT_PERIOD_MILLIS);
  }

  /** MOSIX-style load balancing with explicit parameters. */
  public static SchedulingPolicy mosix(int window, double hysteresis, MigrationCost migrationCost, long periodMillis) {
    return new MosixPolicy(window, hysteresis, Objects.requireNonNull(migrationCost, "migrationCost"), periodMillis);
  }

  /** Enhanced MOSIX: start at the origin, migrate by opportunity cost (p = cluster size). */
  public static SchedulingPolicy opportunityCost(MigrationCost migrationCost) {
    return opportunityCost(0, 4, migrationCost, DEFAULT_PERIOD_MILLIS, false);
  }

  /**
   * Opportunity cost with explicit parameters: base p ({@code <= 0}: cluster size), CPU jobs per
   * unit speed at full utilisation, migration cost, period, and whether to place new jobs by
   * cost too (else at the origin).
   */
  public static SchedulingPolicy opportunityCost(double base, double cpuJobsPerSpeed, MigrationCost migrationCost,
      long periodMillis, boolean placeByCost) {
    return new OpportunityCostPolicy(new CostModel(base, cpuJobsPerSpeed),
        Objects.requireNonNull(migrationCost, "migrationCost"), periodMillis, placeByCost);
  }

  /** Sprite: place on idle workstations (30 s idle, run queue below 1); migrate away when the owner returns. */
  public static SchedulingPolicy sprite() {
    return new IdleWorkstationPolicy(IdleWorkstationPolicy.Mode.SPRITE, 30_000, 1, 0, DEFAULT_PERIOD_MILLIS);
  }

  /**
   * Condor: place on idle workstations; suspend when the owner returns; after {@code graceMillis}
   * migrate ({@code restart == false}) or restart from scratch elsewhere.
   */
  public static SchedulingPolicy condor(boolean restart, long graceMillis) {
    return new IdleWorkstationPolicy(
        restart ? IdleWorkstationPolicy.Mode.CONDOR_RESTART : IdleWorkstationPolicy.Mode.CONDOR_MIGRATE,
        30_000, 1, graceMillis, 10_000);
  }

  static CostModel defaultCostModel() {
    return new CostModel(0, 4);
  }

  /** {@code millis} as a short duration for names, e.g. {@code 1s}, {@code 0.5s}. */
  static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis / 1000.0 + "s";
  }
}

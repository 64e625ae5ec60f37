package dev.dfs.migration.policy;

import java.util.List;

/**
 * A complete scheduling policy, as host agents, a coordinator and the simulator run it: the
 * same object answers all three. Decisions are functions of their arguments (and of the
 * policy's own cursor for round robin), so they are deterministic for a seeded
 * {@link PolicyContext#random()}.
 *
 * <p>Calls: {@link #place} when a job is submitted on {@code origin}; {@link #rebalance} on
 * each host every {@link #rebalancePeriodMillis} and after a job finished there;
 * {@link #ownerChanged} when the owner of a workstation comes back or leaves. A policy instance
 * belongs to one cluster (one scheduler); make a new one per simulation run.
 */
public interface SchedulingPolicy {

  /** A short name for reports. */
  String name();

  /** Where to start {@code job}, submitted on {@code origin}. */
  Decision.PlaceJob place(Job job, HostId origin, ClusterView view, PolicyContext context);

  /** Migrations (or suspends, evictions) that {@code self} should start now; empty by default. */
  default List<Decision> rebalance(HostId self, ClusterView view, PolicyContext context) {
    return List.of();
  }

  /** What to do when the owner of {@code self} came back or left (see its load in {@code view}). */
  default List<Decision> ownerChanged(HostId self, ClusterView view, PolicyContext context) {
    return List.of();
  }

  /** How often {@link #rebalance} runs on each host; 0 if only after job completions. */
  default long rebalancePeriodMillis() {
    return 0;
  }

  /**
   * Whether this policy reads the loads in its views (false for round robin and local
   * placement, which need no information exchange).
   */
  default boolean usesLoadInformation() {
    return true;
  }

  /** Whether this policy ever moves a started job (false for static placement). */
  default boolean migrates() {
    return true;
  }
}

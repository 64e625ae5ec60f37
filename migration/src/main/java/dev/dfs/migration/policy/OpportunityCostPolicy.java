package dev.dfs.migration.policy;

import java.util.List;

/**
 * Enhanced MOSIX (Amir et al.): "Enhanced Mosix is similar to Mosix. Job migration decisions are
 * made according to the cost-benefit framework", which "takes into account CPU load [and]
 * memory utilization".
 *
 * <p>Jobs start where submitted (as in MOSIX) or, with {@code placeByCost}, where their marginal
 * cost is lowest. Every period each host considers each of its running jobs j and each other
 * host t: moving j lowers the cluster's cost by {@code gain = removal(self, j) − marginal(t, j)}
 * per second for the job's estimated remaining time; the move itself costs the job's migration
 * time at the removal rate. The host makes the single move with the largest positive
 * {@code gain × remaining − migrationSeconds × removal}, and none if no move pays for itself.
 */
final class OpportunityCostPolicy implements SchedulingPolicy {
  private final CostModel model;
  private final MigrationCost migrationCost;
  private final long periodMillis;
  private final boolean placeByCost;
  private final Locations.OpportunityCost location;

  OpportunityCostPolicy(CostModel model, MigrationCost migrationCost, long periodMillis, boolean placeByCost) {
    if (periodMillis <= 0) {
      throw new IllegalArgumentException("periodMillis must be positive: " + periodMillis);
    }
    this.model = model;
    this.migrationCost = migrationCost;
    this.periodMillis = periodMillis;
    this.placeByCost = placeByCost;
    this.location = new Locations.OpportunityCost(model);
  }

  @Override
  public String name() {
    return placeByCost ? "opportunity-cost (place+migrate)" : "opportunity-cost (E-MOSIX)";
  }

  @Override
  public Decision.PlaceJob place(Job job, HostId origin, ClusterView view, PolicyContext context) {
    HostId to = placeByCost ? location.locate(job, origin, view, context).orElse(origin) : origin;
    return new Decision.PlaceJob(job.id(), to);
  }

  @Override
  public List<Decision> rebalance(HostId self, ClusterView view, PolicyContext context) {
    HostState me = view.host(self);
    double p = model.base(view);
    Decision best = null;
    double bestNet = 0;
    for (RunningJob j : me.jobs()) {
      if (j.suspended()) {
        continue;
      }
      double removal = model.removalGain(p, me, j.job());
      double remaining = Views.remaining(j, view.nowMillis());
      double moveCost = migrationCost.seconds(j.job().memoryMb()) * removal;
      for (HostState t : view.hosts()) {
        if (t.id().equals(self)) {
          continue;
        }
        double gain = removal - model.marginalCost(p, t, j.job());
        double net = gain * remaining - moveCost;
        if (gain > 0 && net > bestNet) {
          best = new Decision.Migrate(j.id(), self, t.id());
          bestNet = net;
        }
      }
    }
    return best == null ? List.of() : List.of(best);
  }

  @Override
  public long rebalancePeriodMillis() {
    return periodMillis;
  }
}

package dev.dfs.migration.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Idle-workstation scheduling with eviction when the owner returns.
 *
 * <ul>
 *   <li><b>Sprite</b>: a coordinator knows the idle workstations and "the coordinator would
 *       allow senders to send jobs to idle machines"; when the owner returns, foreign jobs are
 *       stopped and sent elsewhere ("stopping all background jobs and sending them elsewhere as
 *       soon as the workstation became active") — here to another idle host, else home.
 *   <li><b>Condor</b>: "if the owner of the machine comes back, the job is suspended. It has
 *       support job migration or restarting the job depending on which policy is in place." A
 *       suspended job resumes if the owner leaves again within {@code graceMillis}; after that
 *       it is migrated (checkpoint) or restarted from scratch on an idle host, else home.
 * </ul>
 */
final class IdleWorkstationPolicy implements SchedulingPolicy {
  enum Mode { SPRITE, CONDOR_MIGRATE, CONDOR_RESTART }

  private final Mode mode;
  private final Locations.IdleWorkstation idle;
  private final long graceMillis;
  private final long periodMillis;

  IdleWorkstationPolicy(Mode mode, long idleMillis, int loadThreshold, long graceMillis, long periodMillis) {
    if (idleMillis < 0 || graceMillis < 0 || periodMillis <= 0 || loadThreshold < 1) {
      throw new IllegalArgumentException("bad idle-workstation parameters: idleMillis=" + idleMillis
          + " loadThreshold=" + loadThreshold + " graceMillis=" + graceMillis + " periodMillis=" + periodMillis);
    }
    this.mode = mode;
    this.idle = new Locations.IdleWorkstation(idleMillis, loadThreshold);
    this.graceMillis = graceMillis;
    this.periodMillis = periodMillis;
  }

  @Override
  public String name() {
    return switch (mode) {
      case SPRITE -> "idle-workstation (Sprite)";
      case CONDOR_MIGRATE -> "idle-workstation (Condor, migrate)";
      case CONDOR_RESTART -> "idle-workstation (Condor, restart)";
    };
  }

  @Override
  public Decision.PlaceJob place(Job job, HostId origin, ClusterView view, PolicyContext context) {
    return new Decision.PlaceJob(job.id(), idle.locate(job, origin, view, context).orElse(origin));
  }

  @Override
  public List<Decision> ownerChanged(HostId self, ClusterView view, PolicyContext context) {
    HostState me = view.host(self);
    List<Decision> out = new ArrayList<>();
    if (me.load().ownerActive()) {
      ClusterView elsewhere = Views.without(view, self);
      for (RunningJob j : me.jobs()) {
        if (j.home().equals(self) || j.suspended()) {
          continue;
        }
        if (mode == Mode.SPRITE) {
          Optional<HostId> to = away(j, self, elsewhere, context);
          if (to.isPresent()) {
            out.add(new Decision.Migrate(j.id(), self, to.get()));
            elsewhere = Views.withJob(elsewhere, to.get(), j.job());
          }
        } else {
          out.add(new Decision.Suspend(j.id(), self));
        }
      }
    } else if (mode != Mode.SPRITE) {
      for (RunningJob j : me.jobs()) {
        if (j.suspended()) {
          out.add(new Decision.Resume(j.id(), self));
        }
      }
    }
    return out;
  }

  @Override
  public List<Decision> rebalance(HostId self, ClusterView view, PolicyContext context) {
    if (mode == Mode.SPRITE) {
      return List.of();
    }
    HostState me = view.host(self);
    List<Decision> out = new ArrayList<>();
    ClusterView elsewhere = Views.without(view, self);
    for (RunningJob j : me.jobs()) {
      if (!j.suspended() || view.nowMillis() - j.suspendedSinceMillis() < graceMillis) {
        continue;
      }
      Optional<HostId> to = away(j, self, elsewhere, context);
      if (to.isPresent()) {
        out.add(mode == Mode.CONDOR_MIGRATE
            ? new Decision.Migrate(j.id(), self, to.get())
            : new Decision.Evict(j.id(), self, to.get()));
        elsewhere = Views.withJob(elsewhere, to.get(), j.job());
      }
    }
    return out;
  }

  /** An idle host other than {@code self}, else the job's home if that is not {@code self}. */
  private Optional<HostId> away(RunningJob j, HostId self, ClusterView elsewhere, PolicyContext context) {
    Optional<HostId> to = idle.locate(j.job(), j.home(), elsewhere, context).filter(h -> !h.equals(self));
    if (to.isEmpty() && !j.home().equals(self)) {
      return Optional.of(j.home());
    }
    return to;
  }

  @Override
  public long rebalancePeriodMillis() {
    return mode == Mode.SPRITE ? 0 : periodMillis;
  }
}

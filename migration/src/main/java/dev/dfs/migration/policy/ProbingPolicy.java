package dev.dfs.migration.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The threshold/probing family of the seed notes ("Sender-initiated, receiver-initiated, and
 * adaptive policies"):
 *
 * <ul>
 *   <li><b>sender-initiated</b>: when a new job would push the origin's run queue above T, poll
 *       up to Lp random hosts and send the job to the first below T; else keep it (only new
 *       jobs move, as in V-System);
 *   <li><b>receiver-initiated</b>: when a host's run queue falls below T (after a job finished,
 *       or at a period), poll up to Lp random hosts and pull a running job (chosen by the
 *       selection policy) from the first above T;
 *   <li><b>symmetric</b>: both;
 *   <li><b>adaptive</b>: sender-initiated while the mean run queue in the view is below T,
 *       receiver-initiated when it is at or above T (senders' probes fail at high load,
 *       receivers' at low load).
 * </ul>
 */
final class ProbingPolicy implements SchedulingPolicy {
  enum Mode { SENDER, RECEIVER, SYMMETRIC, ADAPTIVE }

  private final Mode mode;
  private final Threshold threshold;
  private final int probeLimit;
  private final SelectionPolicy selection;
  private final long periodMillis;
  private final Locations.RandomProbe probe;

  ProbingPolicy(Mode mode, int threshold, int probeLimit, SelectionPolicy selection, long periodMillis) {
    this.mode = mode;
    this.threshold = new Threshold(threshold);
    this.probeLimit = probeLimit;
    this.selection = selection;
    if (periodMillis < 0) {
      throw new IllegalArgumentException("periodMillis must be >= 0: " + periodMillis);
    }
    this.periodMillis = periodMillis;
    this.probe = new Locations.RandomProbe(this.threshold, probeLimit);
  }

  @Override
  public String name() {
    String m = switch (mode) {
      case SENDER -> "sender-initiated";
      case RECEIVER -> "receiver-initiated";
      case SYMMETRIC -> "symmetric";
      case ADAPTIVE -> "adaptive";
    };
    return m + "(T=" + threshold.t() + ",Lp=" + probeLimit + ")";
  }

  private boolean senderSide(ClusterView view) {
    return switch (mode) {
      case SENDER, SYMMETRIC -> true;
      case RECEIVER -> false;
      case ADAPTIVE -> Views.meanRunQueue(view) < threshold.t();
    };
  }

  private boolean receiverSide(ClusterView view) {
    return switch (mode) {
      case RECEIVER, SYMMETRIC -> true;
      case SENDER -> false;
      case ADAPTIVE -> Views.meanRunQueue(view) >= threshold.t();
    };
  }

  @Override
  public Decision.PlaceJob place(Job job, HostId origin, ClusterView view, PolicyContext context) {
    if (senderSide(view) && threshold.isSender(view.host(origin).load().plusJob(job.memoryMb()))) {
      Optional<HostId> to = probe.locate(job, origin, view, context);
      if (to.isPresent()) {
        return new Decision.PlaceJob(job.id(), to.get());
      }
    }
    return new Decision.PlaceJob(job.id(), origin);
  }

  @Override
  public List<Decision> rebalance(HostId self, ClusterView view, PolicyContext context) {
    HostState me = view.host(self);
    if (!receiverSide(view) || !threshold.isReceiver(me.load())) {
      return List.of();
    }
    List<HostId> others = new ArrayList<>();
    for (HostState h : view.hosts()) {
      if (!h.id().equals(self)) {
        others.add(h.id());
      }
    }
    int probes = Math.min(probeLimit, others.size());
    for (int i = 0; i < probes; i++) {
      int j = i + context.random().nextInt(others.size() - i);
      HostId pick = others.get(j);
      others.set(j, others.get(i));
      others.set(i, pick);
      HostState sender = context.probe().probe(pick);
      if (threshold.isSender(sender.load())) {
        Optional<RunningJob> job = selection.select(sender.jobs(), me);
        if (job.isPresent()) {
          return List.of(new Decision.Migrate(job.get().id(), pick, self));
        }
      }
    }
    return List.of();
  }

  @Override
  public long rebalancePeriodMillis() {
    return mode == Mode.SENDER ? 0 : periodMillis;
  }

  @Override
  public boolean migrates() {
    return mode != Mode.SENDER;
  }
}

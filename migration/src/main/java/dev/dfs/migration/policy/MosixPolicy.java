package dev.dfs.migration.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * MOSIX-style dynamic load balancing. The seed: "Kernel level enhancement to Linux that provides
 * dynamic load balancing in a network of workstations ... Any process can migrate anywhere
 * anytime"; "Dynamic job migration. Main objective is load balancing, with some ad-hoc
 * heuristics for memory depletion."
 *
 * <p>Jobs start where submitted. Every period each host compares its load (run queue per unit
 * speed) with a random window of {@code window} other hosts and moves one job to the host where
 * it would get a larger CPU share by more than {@code hysteresis}; only a job old enough to
 * amortise its move (estimated remaining time at least its migration time) moves, the one
 * expected to run longest first. Memory ushering: a host whose memory is over-committed first
 * sends its largest job that fits to the host with the most free memory. Memory is otherwise
 * ignored, which is what the opportunity-cost policy improves on.
 */
final class MosixPolicy implements SchedulingPolicy {
  private final int window;
  private final double hysteresis;
  private final MigrationCost migrationCost;
  private final long periodMillis;

  MosixPolicy(int window, double hysteresis, MigrationCost migrationCost, long periodMillis) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1: " + window);
    }
    if (!(hysteresis >= 0)) {
      throw new IllegalArgumentException("hysteresis must be >= 0: " + hysteresis);
    }
    if (periodMillis <= 0) {
      throw new IllegalArgumentException("periodMillis must be positive: " + periodMillis);
    }
    this.window = window;
    this.hysteresis = hysteresis;
    this.migrationCost = migrationCost;
    this.periodMillis = periodMillis;
  }

  @Override
  public String name() {
    return "mosix";
  }

  @Override
  public Decision.PlaceJob place(Job job, HostId origin, ClusterView view, PolicyContext context) {
    return new Decision.PlaceJob(job.id(), origin);
  }

  @Override
  public List<Decision> rebalance(HostId self, ClusterView view, PolicyContext context) {
    HostState me = view.host(self);
    List<RunningJob> running = me.jobs().stream().filter(j -> !j.suspended()).toList();
    if (running.isEmpty() || view.hosts().size() < 2) {
      return List.of();
    }
    if (me.load().memoryUsedMb() > me.load().memoryTotalMb()) {
      Optional<Decision> ushering = usher(me, running, view);
      if (ushering.isPresent()) {
        return List.of(ushering.get());
      }
    }
    List<HostState> others = new ArrayList<>(view.hosts().stream().filter(h -> !h.id().equals(self)).toList());
    int w = Math.min(window, others.size());
    for (int i = 0; i < w; i++) {
      int j = i + context.random().nextInt(others.size() - i);
      HostState t = others.get(j);
      others.set(j, others.get(i));
      others.set(i, t);
    }
    double myShare = me.capabilities().cpuSpeed() / Math.max(1, me.load().runQueue());
    HostState best = null;
    double bestShare = myShare * (1 + hysteresis);
    for (HostState t : others.subList(0, w)) {
      double share = t.capabilities().cpuSpeed() / (t.load().runQueue() + 1);
      if (share > bestShare) {
        best = t;
        bestShare = share;
      }
    }
    if (best == null) {
      return List.of();
    }
    HostId to = best.id();
    return running.stream()
        .filter(j -> Views.remaining(j, view.nowMillis()) >= migrationCost.seconds(j.job().memoryMb()))
        .max(Comparator.comparingDouble((RunningJob j) -> Views.remaining(j, view.nowMillis()))
            .thenComparing(RunningJob::id, Comparator.reverseOrder()))
        .<List<Decision>>map(j -> List.of(new Decision.Migrate(j.id(), self, to)))
        .orElse(List.of());
  }

  private static Optional<Decision> usher(HostState me, List<RunningJob> running, ClusterView view) {
    HostState roomiest = null;
    for (HostState h : view.hosts()) {
      if (!h.id().equals(me.id())
          && (roomiest == null || h.load().memoryFreeMb() > roomiest.load().memoryFreeMb())) {
        roomiest = h;
      }
    }
    HostState target = roomiest;
    return running.stream()
        .filter(j -> j.job().memoryMb() <= target.load().memoryFreeMb())
        .max(Comparator.comparingLong((RunningJob j) -> j.job().memoryMb())
            .thenComparing(RunningJob::id, Comparator.reverseOrder()))
        .map(j -> new Decision.Migrate(j.id(), me.id(), target.id()));
  }

  @Override
  public long rebalancePeriodMillis() {
    return periodMillis;
  }
}

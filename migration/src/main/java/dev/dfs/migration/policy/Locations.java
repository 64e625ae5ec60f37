package dev.dfs.migration.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The location policies. */
final class Locations {
  private Locations() {}

  /** The host with the smallest {@code score}; {@code origin} wins ties, then view order. */
  static Optional<HostId> argMin(List<HostState> hosts, HostId origin, ToDoubleFunction<HostState> score) {
    HostState best = null;
    double bestScore = Double.POSITIVE_INFINITY;
    for (HostState h : hosts) {
      double s = score.applyAsDouble(h);
      if (s < bestScore || s == bestScore && best != null && h.id().equals(origin)) {
        best = h;
        bestScore = s;
      }
    }
    return Optional.ofNullable(best).map(HostState::id);
  }

  /**
   * Random probing (Eager, Lazowska, Zahorjan; V-System polls "a random receiver ... confirming
   * whether it was still a receiver"): poll up to {@code probeLimit} distinct random other
   * hosts, in random order, and take the first the transfer policy calls a receiver.
   */
  record RandomProbe(TransferPolicy transfer, int probeLimit) implements LocationPolicy {
    RandomProbe {
      if (probeLimit < 1) {
        throw new IllegalArgumentException("probeLimit must be >= 1: " + probeLimit);
      }
    }

    @Override
    public Optional<HostId> locate(Job job, HostId origin, ClusterView view, PolicyContext context) {
      List<HostId> others = new ArrayList<>();
      for (HostState h : view.hosts()) {
        if (!h.id().equals(origin)) {
          others.add(h.id());
        }
      }
      int probes = Math.min(probeLimit, others.size());
      for (int i = 0; i < probes; i++) {
        int j = i + context.random().nextInt(others.size() - i);
        HostId pick = others.get(j);
        others.set(j, others.get(i));
        others.set(i, pick);
        if (transfer.isReceiver(context.probe().probe(pick).load())) {
          return Optional.of(pick);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Least loaded (seed 002: "Scheduling policies: least loaded, round robin"): the host where
   * the job would get the largest CPU share, i.e. the smallest (run queue + 1) / speed.
   */
  record LeastLoaded() implements LocationPolicy {
    @Override
    public Optional<HostId> locate(Job job, HostId origin, ClusterView view, PolicyContext context) {
      return argMin(view.hosts(), origin, h -> (h.load().runQueue() + 1) / h.capabilities().cpuSpeed());
    }
  }

  /** Round robin (PVM's default static assignment): the hosts in view order, in turn. */
  static final class RoundRobin implements LocationPolicy {
    private int next;

    @Override
    public Optional<HostId> locate(Job job, HostId origin, ClusterView view, PolicyContext context) {
      List<HostState> hosts = view.hosts();
      HostId pick = hosts.get(Math.floorMod(next, hosts.size())).id();
      next = Math.floorMod(next + 1, hosts.size());
      return Optional.of(pick);
    }
  }

  /**
   * Weighted round robin ("when servers are heterogeneous"), weights = CPU speed, in the smooth
   * interleaving of nginx: each turn every host gains its weight, the richest is chosen and pays
   * the total.
   */
  static final class WeightedRoundRobin implements LocationPolicy {
    private final Map<HostId, Double> credit = new LinkedHashMap<>();

    @Override
    public Optional<HostId> locate(Job job, HostId origin, ClusterView view, PolicyContext context) {
      double total = 0;
      HostState best = null;
      double bestCredit = Double.NEGATIVE_INFINITY;
      for (HostState h : view.hosts()) {
        double w = h.capabilities().cpuSpeed();
        total += w;
        double c = credit.getOrDefault(h.id(), 0.0) + w;
        credit.put(h.id(), c);
        if (c > bestCredit) {
          best = h;
          bestCredit = c;
        }
      }
      credit.put(best.id(), bestCredit - total);
      return Optional.of(best.id());
    }
  }

  /**
   * Idle workstation (Sprite, Condor): a host whose owner has been away at least
   * {@code idleMillis} ("no activity for a certain time period (in this case 30 secs), and the
   * load on the machine was below a certain threshold") and whose run queue is below
   * {@code loadThreshold}; the least loaded such host.
   */
  record IdleWorkstation(long idleMillis, int loadThreshold) implements LocationPolicy {
    @Override
    public Optional<HostId> locate(Job job, HostId origin, ClusterView view, PolicyContext context) {
      List<HostState> idle = view.hosts().stream()
          .filter(h -> h.ownerIdleFor(idleMillis) && h.load().runQueue() < loadThreshold)
          .toList();
      return argMin(idle, origin, HostState::normalisedLoad);
    }
  }

  /** Opportunity cost: the host where the job's marginal cost is lowest. */
  record OpportunityCost(CostModel model) implements LocationPolicy {
    @Override
    public Optional<HostId> locate(Job job, HostId origin, ClusterView view, PolicyContext context) {
      double p = model.base(view);
      return argMin(view.hosts(), origin, h -> model.marginalCost(p, h, job));
    }
  }
}

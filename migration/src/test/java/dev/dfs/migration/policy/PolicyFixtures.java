package dev.dfs.migration.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/** Hand-made views for policy tests. */
final class PolicyFixtures {
  private PolicyFixtures() {}

  static HostId h(String name) {
    return new HostId(name);
  }

  static HostState host(String name, double speed, long memory, int runQueue, long memUsed) {
    return host(name, speed, memory, runQueue, memUsed, false, 3_600_000, List.of());
  }

  static HostState host(String name, double speed, long memory, int runQueue, long memUsed, boolean ownerActive,
      long ownerIdle, List<RunningJob> jobs) {
    return new HostState(h(name), new HostCapabilities(speed, memory),
        new HostLoad(h(name), runQueue, runQueue > 0 ? 1 : 0, memUsed, memory, 0, jobs.size(), ownerIdle,
            ownerActive, 0), jobs);
  }

  static RunningJob running(String id, String home, long memory, double done, long arrived) {
    return new RunningJob(new Job(new JobId(id), 1000, memory, OptionalDouble.empty()), h(home), 0, arrived, done, 0,
        false, 0);
  }

  static ClusterView view(long now, HostState... hosts) {
    return new ClusterView(now, List.of(hosts));
  }

  /** A probe answering from {@code view} and recording the order of probed hosts. */
  static final class RecordingProbe implements Probe {
    final ClusterView truth;
    final List<HostId> probed = new ArrayList<>();

    RecordingProbe(ClusterView truth) {
      this.truth = truth;
    }

    @Override
    public HostState probe(HostId host) {
      probed.add(host);
      return truth.host(host);
    }
  }

  static PolicyContext context(Probe probe) {
    return new PolicyContext(new SplittableRandom(7), probe);
  }

  /** A random generator that returns given ints (then 0): probes visit a known order. */
  static java.util.random.RandomGenerator scripted(int... ints) {
    Deque<Integer> q = new ArrayDeque<>();
    for (int i : ints) {
      q.add(i);
    }
    return new java.util.random.RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public int nextInt(int bound) {
        Integer v = q.poll();
        return v == null ? 0 : Math.min(v, bound - 1);
      }
    };
  }
}

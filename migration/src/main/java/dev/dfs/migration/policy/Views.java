package dev.dfs.migration.policy;

import java.util.List;

/** Small helpers on views shared by the policies. */
final class Views {
  private Views() {}

  /** {@code view} as it would be after {@code job} started on {@code host}. */
  static ClusterView withJob(ClusterView view, HostId host, Job job) {
    HostState h = view.host(host);
    return view.with(new HostState(h.id(), h.capabilities(), h.load().plusJob(job.memoryMb()), h.jobs()));
  }

  /** {@code view} without {@code host} (at least one host must remain). */
  static ClusterView without(ClusterView view, HostId host) {
    List<HostState> rest = view.hosts().stream().filter(h -> !h.id().equals(host)).toList();
    return rest.isEmpty() ? view : new ClusterView(view.nowMillis(), rest);
  }

  /**
   * Estimated remaining work of a running job at {@code nowMillis}: the submitter's estimate
   * minus the work done if known; otherwise its age (the larger of CPU work done and wall time
   * since submission), after the observation that old processes tend to live long.
   */
  static double remaining(RunningJob j, long nowMillis) {
    if (j.job().expectedRuntime().isPresent()) {
      return j.estimatedRemainingWork();
    }
    return Math.max(j.cpuSecondsDone(), Math.max(0, nowMillis - j.submittedMillis()) / 1000.0);
  }

  /** The mean run queue over the view. */
  static double meanRunQueue(ClusterView view) {
    return view.hosts().stream().mapToInt(h -> h.load().runQueue()).average().orElse(0);
  }
}

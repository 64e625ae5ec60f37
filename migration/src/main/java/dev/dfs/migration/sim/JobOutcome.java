package dev.dfs.migration.sim;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.JobId;

/**
 * What happened to one job.
 *
 * @param job the job
 * @param finishedOn the host it completed on
 * @param submitted submission time, s
 * @param completed completion time, s
 * @param ideal its run time alone on the fastest machine, s
 * @param migrations how often it moved (migrations and restarts)
 */
public record JobOutcome(JobId job, HostId finishedOn, double submitted, double completed, double ideal,
    int migrations) {

  /** Completion minus submission. */
  public double response() {
    return completed - submitted;
  }

  /** Response over ideal time. */
  public double slowdown() {
    return response() / ideal;
  }
}

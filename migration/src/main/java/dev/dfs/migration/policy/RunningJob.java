package dev.dfs.migration.policy;

import java.util.Objects;

/**
 * A job resident on a host, as the host's agent reports it to a policy.
 *
 * @param job the job and its demands
 * @param home the host the job was submitted on (a job elsewhere is "foreign" there)
 * @param submittedMillis when the job was submitted
 * @param arrivedMillis when the job started on its current host
 * @param cpuSecondsDone CPU work done so far, in reference-speed seconds (its age in CPU terms)
 * @param migrations how often the job has been moved
 * @param suspended whether the job is stopped (e.g. by Condor when the owner returned)
 * @param suspendedSinceMillis when it was suspended; meaningless unless {@code suspended}
 */
public record RunningJob(
    Job job,
    HostId home,
    long submittedMillis,
    long arrivedMillis,
    double cpuSecondsDone,
    int migrations,
    boolean suspended,
    long suspendedSinceMillis) {

  /** Checks every value at once and names the bad one. */
  public RunningJob {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(home, "home");
    if (!(cpuSecondsDone >= 0)) {
      throw new IllegalArgumentException("cpuSecondsDone must be >= 0: " + cpuSecondsDone);
    }
    if (migrations < 0) {
      throw new IllegalArgumentException("migrations must be >= 0: " + migrations);
    }
  }

  /** The job's id. */
  public JobId id() {
    return job.id();
  }

  /**
   * Estimated remaining CPU work: the submitter's estimate minus the work done if known, else
   * the work done so far (a job that has run for t is expected to run about t more).
   */
  public double estimatedRemainingWork() {
    if (job.expectedRuntime().isPresent()) {
      return Math.max(0, job.expectedRuntime().getAsDouble() - cpuSecondsDone);
    }
    return cpuSecondsDone;
  }
}

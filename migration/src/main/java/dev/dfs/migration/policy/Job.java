package dev.dfs.migration.policy;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a job demands.
 *
 * <p>{@code cpuWork} is the job's true demand; the simulator uses it to run the job, but
 * policies should not read it (a real host agent cannot know it). Policies may use
 * {@code expectedRuntime} when the submitter gave one; otherwise they estimate remaining time
 * from the job's age, as MOSIX does.
 *
 * @param id the job
 * @param cpuWork CPU seconds the job needs on a machine of speed 1.0, {@code > 0}
 * @param memoryMb resident memory in MiB, {@code >= 0}
 * @param expectedRuntime the submitter's estimate of {@code cpuWork}, if known
 */
public record Job(JobId id, double cpuWork, long memoryMb, OptionalDouble expectedRuntime) {
  /** Checks every value at once and names the bad one. */
  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expectedRuntime, "expectedRuntime");
    if (!(cpuWork > 0) || Double.isInfinite(cpuWork)) {
      throw new IllegalArgumentException("cpuWork must be positive and finite: " + cpuWork);
    }
    if (memoryMb < 0) {
      throw new IllegalArgumentException("memoryMb must be >= 0: " + memoryMb);
    }
    if (expectedRuntime.isPresent() && !(expectedRuntime.getAsDouble() > 0)) {
      throw new IllegalArgumentException("expectedRuntime must be positive: " + expectedRuntime);
    }
  }

  /** A job without a runtime estimate. */
  public static Job of(String id, double cpuWork, long memoryMb) {
    return new Job(new JobId(id), cpuWork, memoryMb, OptionalDouble.empty());
  }
}

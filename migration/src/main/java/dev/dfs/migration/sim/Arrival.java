package dev.dfs.migration.sim;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.Job;
import java.util.Objects;

/**
 * A job submitted at {@code timeSeconds} on {@code origin} (its home).
 *
 * @param timeSeconds submission time, {@code >= 0}
 * @param job the job and its demands
 * @param origin where it was submitted
 */
public record Arrival(double timeSeconds, Job job, HostId origin) {
  /** Checks the fields. */
  public Arrival {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(origin, "origin");
    if (!(timeSeconds >= 0) || Double.isInfinite(timeSeconds)) {
      throw new IllegalArgumentException("arrival time must be >= 0 and finite: " + timeSeconds);
    }
  }
}

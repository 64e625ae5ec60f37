package dev.dfs.migration.agent;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.JobId;
import java.time.Duration;
import java.util.Objects;

/**
 * What one migration did and cost.
 *
 * @param job the migrated job
 * @param source the host it ran on
 * @param target the host it was sent to
 * @param migrated true if it runs on {@code target} now; false if the target failed and the job
 *     was rolled back (it runs on {@code source} again, from the same checkpoint)
 * @param checkpoint the number of the checkpoint that carried the state
 * @param freeze downtime: from the request to stop the job until it steps again (on either host)
 * @param total from the migration request until it was finished or rolled back
 * @param bytesMoved bytes of checkpoint written to the DFS (the state plus its header)
 * @param failure why the target failed; empty when {@code migrated}
 */
public record MigrationReport(
    JobId job,
    HostId source,
    HostId target,
    boolean migrated,
    long checkpoint,
    Duration freeze,
    Duration total,
    long bytesMoved,
    String failure) {

  /** Checks every value at once. */
  public MigrationReport {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(freeze, "freeze");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(failure, "failure");
    if (checkpoint < 0) {
      throw new IllegalArgumentException("checkpoint must be >= 0: " + checkpoint);
    }
    if (bytesMoved < 0) {
      throw new IllegalArgumentException("bytesMoved must be >= 0: " + bytesMoved);
    }
    if (freeze.isNegative() || total.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative: freeze=" + freeze + " total=" + total);
    }
  }
}

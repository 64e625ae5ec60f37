package dev.dfs.migration.sim;

import dev.dfs.migration.policy.HostId;
import java.util.Objects;

/**
 * A period in which a workstation's owner uses it: the owner's own work takes one CPU share and
 * idle-workstation policies evict foreign jobs.
 *
 * @param host the workstation
 * @param startSeconds when the owner comes back
 * @param endSeconds when the owner leaves, {@code > startSeconds}
 */
public record OwnerSession(HostId host, double startSeconds, double endSeconds) {
  /** Checks the fields. */
  public OwnerSession {
    Objects.requireNonNull(host, "host");
    if (!(startSeconds >= 0) || !(endSeconds > startSeconds) || Double.isInfinite(endSeconds)) {
      throw new IllegalArgumentException("owner session needs 0 <= start < end: " + startSeconds + ".." + endSeconds);
    }
  }
}

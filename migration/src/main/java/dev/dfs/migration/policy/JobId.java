package dev.dfs.migration.policy;

import java.util.Objects;

/**
 * The identity of a job (a process, JVM workload or VM) that can be placed and migrated.
 *
 * @param value a non-blank identifier
 */
public record JobId(String value) implements Comparable<JobId> {
  /** Checks that the identifier is present and not blank. */
  public JobId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("job id must not be blank: '" + value + "'");
    }
  }

  @Override
  public int compareTo(JobId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

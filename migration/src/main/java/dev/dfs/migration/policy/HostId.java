package dev.dfs.migration.policy;

import java.util.Objects;

/**
 * The name of a host (machine) taking part in distributed scheduling.
 *
 * @param name a non-blank name, e.g. a host name or {@code "fast-1"}
 */
public record HostId(String name) implements Comparable<HostId> {
  /** Checks that the name is present and not blank. */
  public HostId {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("host name must not be blank: '" + name + "'");
    }
  }

  @Override
  public int compareTo(HostId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}

package dev.dfs.migration.sim;

import dev.dfs.migration.policy.HostCapabilities;
import dev.dfs.migration.policy.HostId;
import java.util.Objects;

/**
 * A simulated machine.
 *
 * @param id its name
 * @param capabilities relative speed and memory
 */
public record Machine(HostId id, HostCapabilities capabilities) {
  /** Checks the fields. */
  public Machine {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(capabilities, "capabilities");
  }

  /** A machine named {@code name} with {@code speed} and {@code memoryMb}. */
  public static Machine of(String name, double speed, long memoryMb) {
    return new Machine(new HostId(name), new HostCapabilities(speed, memoryMb));
  }
}

package dev.dfs.migration.sim;

import dev.dfs.migration.policy.InformationPolicy;
import dev.dfs.migration.policy.MigrationCost;
import java.util.Objects;

/**
 * How the simulator models the machines and the network.
 *
 * @param information when hosts share their loads (and so how stale views are)
 * @param migrationCost the true cost of a migration (the job is frozen while it moves)
 * @param thrashFactor memory pressure: with {@code used > installed} every job on the host runs
 *     {@code 1 + thrashFactor × (used / installed − 1)} times slower
 * @param checkInvariants check after every step that no job is on two hosts (slower; tests)
 */
public record SimConfig(InformationPolicy information, MigrationCost migrationCost, double thrashFactor,
    boolean checkInvariants) {
  /** Checks the fields. */
  public SimConfig {
    Objects.requireNonNull(information, "information");
    Objects.requireNonNull(migrationCost, "migrationCost");
    if (!(thrashFactor >= 0)) {
      throw new IllegalArgumentException("thrashFactor must be >= 0: " + thrashFactor);
    }
  }

  /** This configuration with another information policy. */
  public SimConfig with(InformationPolicy info) {
    return new SimConfig(info, migrationCost, thrashFactor, checkInvariants);
  }
}

package dev.dfs.migration.policy;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What a policy may use besides the view: injected randomness (seeded in tests and in the
 * simulator) and a {@link Probe} for polling hosts.
 *
 * @param random the only source of randomness a policy may use
 * @param probe polls a host for its current state
 */
public record PolicyContext(RandomGenerator random, Probe probe) {
  /** Checks both fields. */
  public PolicyContext {
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(probe, "probe");
  }
}

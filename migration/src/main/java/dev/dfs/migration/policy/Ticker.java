package dev.dfs.migration.policy;

/**
 * The time source of scheduling: host agents pass a wall clock, the simulator its virtual
 * clock, tests a fixed value. Core code never reads the system clock itself.
 */
@FunctionalInterface
public interface Ticker {
  /** Milliseconds since an arbitrary, fixed origin; never decreases. */
  long millis();
}

package dev.dfs.migration.policy;

/**
 * The cost of moving a job: a fixed freeze/restore overhead plus its memory over the network.
 *
 * @param fixedSeconds overhead per migration, {@code >= 0}
 * @param bandwidthMbPerSecond transfer rate in MiB/s, {@code > 0}
 */
public record MigrationCost(double fixedSeconds, double bandwidthMbPerSecond) {
  /** Checks both values and names the bad one. */
  public MigrationCost {
    if (!(fixedSeconds >= 0) || Double.isInfinite(fixedSeconds)) {
      throw new IllegalArgumentException("fixedSeconds must be >= 0 and finite: " + fixedSeconds);
    }
    if (!(bandwidthMbPerSecond > 0)) {
      throw new IllegalArgumentException("bandwidthMbPerSecond must be positive: " + bandwidthMbPerSecond);
    }
  }

  /** Seconds to move a job of {@code memoryMb}. */
  public double seconds(long memoryMb) {
    return fixedSeconds + memoryMb / bandwidthMbPerSecond;
  }
}

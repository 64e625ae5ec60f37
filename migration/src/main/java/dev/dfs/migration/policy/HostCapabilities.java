package dev.dfs.migration.policy;

/**
 * What a host can give: its relative CPU speed and its memory.
 *
 * @param cpuSpeed relative CPU speed, {@code > 0}; 1.0 is the reference machine (a job with
 *     {@code cpuWork} seconds of work finishes in {@code cpuWork / cpuSpeed} seconds alone)
 * @param memoryMb installed memory in MiB, {@code > 0}
 */
public record HostCapabilities(double cpuSpeed, long memoryMb) {
  /** Checks both values at once and names the bad one. */
  public HostCapabilities {
    if (!(cpuSpeed > 0) || Double.isInfinite(cpuSpeed)) {
      throw new IllegalArgumentException("cpuSpeed must be positive and finite: " + cpuSpeed);
    }
    if (memoryMb <= 0) {
      throw new IllegalArgumentException("memoryMb must be positive: " + memoryMb);
    }
  }
}

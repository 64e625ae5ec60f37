package dev.dfs.migration.policy;

import java.util.Objects;

/**
 * One measurement of a host's load, as a host agent takes it and as the information policy
 * shares it. A view built from these may be stale: {@link #timestampMillis} says when it was
 * taken.
 *
 * @param host the measured host
 * @param runQueue runnable processes (jobs not suspended, plus the owner's own work if active)
 * @param cpuUtilisation fraction of the CPU in use, 0..1
 * @param memoryUsedMb resident memory of the jobs, MiB (may exceed {@code memoryTotalMb}:
 *     the host is then thrashing)
 * @param memoryTotalMb installed memory, MiB
 * @param ioRate I/O operations (or MiB) per second; 0 if not measured
 * @param jobCount jobs resident on the host, running or suspended
 * @param ownerIdleMillis time since the owner's last keyboard/mouse activity
 * @param ownerActive whether the workstation's owner is using it now
 * @param timestampMillis when the measurement was taken, on the injected {@link Ticker}
 */
public record HostLoad(
    HostId host,
    int runQueue,
    double cpuUtilisation,
    long memoryUsedMb,
    long memoryTotalMb,
    double ioRate,
    int jobCount,
    long ownerIdleMillis,
    boolean ownerActive,
    long timestampMillis) {

  /** Checks every value at once and names the bad one. */
  public HostLoad {
    Objects.requireNonNull(host, "host");
    if (runQueue < 0) {
      throw new IllegalArgumentException("runQueue must be >= 0: " + runQueue);
    }
    if (!(cpuUtilisation >= 0 && cpuUtilisation <= 1)) {
      throw new IllegalArgumentException("cpuUtilisation must be in [0, 1]: " + cpuUtilisation);
    }
    if (memoryUsedMb < 0) {
      throw new IllegalArgumentException("memoryUsedMb must be >= 0: " + memoryUsedMb);
    }
    if (memoryTotalMb <= 0) {
      throw new IllegalArgumentException("memoryTotalMb must be positive: " + memoryTotalMb);
    }
    if (!(ioRate >= 0)) {
      throw new IllegalArgumentException("ioRate must be >= 0: " + ioRate);
    }
    if (jobCount < 0) {
      throw new IllegalArgumentException("jobCount must be >= 0: " + jobCount);
    }
    if (ownerIdleMillis < 0) {
      throw new IllegalArgumentException("ownerIdleMillis must be >= 0: " + ownerIdleMillis);
    }
  }

  /** An unloaded host with an idle owner, measured at {@code timestampMillis}. */
  public static HostLoad idle(HostId host, long memoryTotalMb, long timestampMillis) {
    return new HostLoad(host, 0, 0, 0, memoryTotalMb, 0, 0, Long.MAX_VALUE / 4, false, timestampMillis);
  }

  /** Memory in use as a fraction of the installed memory (above 1 when over-committed). */
  public double memoryUtilisation() {
    return (double) memoryUsedMb / memoryTotalMb;
  }

  /** Free memory in MiB, never negative. */
  public long memoryFreeMb() {
    return Math.max(0, memoryTotalMb - memoryUsedMb);
  }

  /** This load with one more running job of {@code memoryMb}: what accepting a job would give. */
  public HostLoad plusJob(long memoryMb) {
    return new HostLoad(host, runQueue + 1, 1.0, memoryUsedMb + memoryMb, memoryTotalMb, ioRate,
        jobCount + 1, ownerIdleMillis, ownerActive, timestampMillis);
  }

  /** This load with one running job of {@code memoryMb} fewer. */
  public HostLoad minusJob(long memoryMb) {
    int rq = Math.max(0, runQueue - 1);
    return new HostLoad(host, rq, rq == 0 ? 0 : cpuUtilisation, Math.max(0, memoryUsedMb - memoryMb),
        memoryTotalMb, ioRate, Math.max(0, jobCount - 1), ownerIdleMillis, ownerActive, timestampMillis);
  }
}

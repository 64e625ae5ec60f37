package dev.dfs.bench;

import java.util.Arrays;

/** The measured durations of repeated operations. */
final class Samples {
  private final long[] nanos;
  private final long[] sorted;
  private final long cpuNanos;

  /** {@code cpuNanos}: process CPU time spent during the timed operations, or -1 if unknown. */
  Samples(long[] nanos, long cpuNanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    this.cpuNanos = cpuNanos;
    this.nanos = nanos.clone();
    this.sorted = nanos.clone();
    Arrays.sort(sorted);
  }

  int count() {
    return nanos.length;
  }

  long totalNanos() {
    long t = 0;
    for (long n : nanos) {
      t += n;
    }
    return t;
  }

  double medianMillis() {
    int n = sorted.length;
    double m = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    return m / 1e6;
  }

  /** The nearest-rank percentile {@code p} (0 < p <= 100). */
  double percentileMillis(double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  double minMillis() {
    return sorted[0] / 1e6;
  }

  double maxMillis() {
    return sorted[sorted.length - 1] / 1e6;
  }

  /** Process CPU milliseconds per MiB moved when each operation moved {@code bytesPerOp}; NaN if unknown. */
  double cpuMillisPerMib(long bytesPerOp) {
    return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e6 / ((double) bytesPerOp * count() / Payload.MIB);
  }

  /** Throughput when each operation moved {@code bytesPerOp}: all bytes over all time. */
  double mibPerSecond(long bytesPerOp) {
    return (double) bytesPerOp * count() / Payload.MIB / (totalNanos() / 1e9);
  }
}

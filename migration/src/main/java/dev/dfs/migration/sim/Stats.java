package dev.dfs.migration.sim;

/**
 * Mean and 95% confidence interval of a sample (normal approximation; the runs use 100+
 * scenarios, where it is close to Student's t).
 *
 * @param n sample size
 * @param mean sample mean
 * @param halfWidth half-width of the 95% confidence interval
 */
record Stats(int n, double mean, double halfWidth) {
  static Stats of(double[] xs) {
    int n = xs.length;
    double mean = 0;
    for (double x : xs) {
      mean += x;
    }
    mean /= Math.max(1, n);
    double ss = 0;
    for (double x : xs) {
      ss += (x - mean) * (x - mean);
    }
    double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    return new Stats(n, mean, n > 1 ? 1.96 * sd / Math.sqrt(n) : 0);
  }

  String format(String pattern) {
    return String.format(java.util.Locale.ROOT, pattern + " ± " + pattern, mean, halfWidth);
  }
}

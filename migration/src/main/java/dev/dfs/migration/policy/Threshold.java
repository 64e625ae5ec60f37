package dev.dfs.migration.policy;

/**
 * The threshold transfer policy: sender when the run queue exceeds {@code t}; receiver when
 * one more job would not make it exceed {@code t} (run queue below {@code t}).
 */
record Threshold(int t) implements TransferPolicy {
  Threshold {
    if (t < 1) {
      throw new IllegalArgumentException("threshold must be >= 1: " + t);
    }
  }

  @Override
  public boolean isSender(HostLoad load) {
    return load.runQueue() > t;
  }

  @Override
  public boolean isReceiver(HostLoad load) {
    return load.runQueue() < t;
  }
}

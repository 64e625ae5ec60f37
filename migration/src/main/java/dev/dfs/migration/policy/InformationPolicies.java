package dev.dfs.migration.policy;

import java.util.Optional;

/** The three information policies; see {@link InformationPolicy}. */
final class InformationPolicies {
  private InformationPolicies() {}

  /** Broadcast every {@code periodMillis}, changed or not. */
  record Periodic(long periodMillis) implements InformationPolicy {
    Periodic {
      if (periodMillis <= 0) {
        throw new IllegalArgumentException("periodMillis must be positive: " + periodMillis);
      }
    }

    @Override
    public String name() {
      return "periodic(" + Policies.seconds(periodMillis) + ")";
    }

    @Override
    public boolean onTimer(Optional<HostLoad> lastSent, HostLoad current) {
      return true;
    }

    @Override
    public boolean onChange(Optional<HostLoad> lastSent, HostLoad current) {
      return false;
    }

    @Override
    public boolean onDemand() {
      return false;
    }
  }

  /**
   * Broadcast when the run queue moved by at least {@code runQueueDelta} or memory use by at
   * least {@code memoryDelta} (fraction of the installed memory) since the last broadcast, or
   * the owner came or went.
   */
  record StateChange(int runQueueDelta, double memoryDelta) implements InformationPolicy {
    StateChange {
      if (runQueueDelta <= 0) {
        throw new IllegalArgumentException("runQueueDelta must be positive: " + runQueueDelta);
      }
      if (!(memoryDelta > 0)) {
        throw new IllegalArgumentException("memoryDelta must be positive: " + memoryDelta);
      }
    }

    @Override
    public String name() {
      return "state-change(" + runQueueDelta + ")";
    }

    @Override
    public long periodMillis() {
      return 0;
    }

    @Override
    public boolean onTimer(Optional<HostLoad> lastSent, HostLoad current) {
      return false;
    }

    @Override
    public boolean onChange(Optional<HostLoad> lastSent, HostLoad current) {
      if (lastSent.isEmpty()) {
        return true;
      }
      HostLoad last = lastSent.get();
      return Math.abs(current.runQueue() - last.runQueue()) >= runQueueDelta
          || Math.abs(current.memoryUtilisation() - last.memoryUtilisation()) >= memoryDelta
          || current.ownerActive() != last.ownerActive();
    }

    @Override
    public boolean onDemand() {
      return false;
    }
  }

  /** Never broadcast; deciding hosts poll. */
  record OnDemand() implements InformationPolicy {
    @Override
    public String name() {
      return "on-demand";
    }

    @Override
    public long periodMillis() {
      return 0;
    }

    @Override
    public boolean onTimer(Optional<HostLoad> lastSent, HostLoad current) {
      return false;
    }

    @Override
    public boolean onChange(Optional<HostLoad> lastSent, HostLoad current) {
      return false;
    }

    @Override
    public boolean onDemand() {
      return true;
    }
  }
}

package dev.dfs.migration.policy;

/**
 * Whether a host should send work away or take work in (the <em>transfer policy</em>). The
 * classic threshold policy (Eager, Lazowska and Zahorjan): a host is a sender when its run
 * queue exceeds T, and a receiver when accepting one more job would not make it exceed T.
 */
public interface TransferPolicy {

  /** Whether a host with {@code load} should send a job away. */
  boolean isSender(HostLoad load);

  /** Whether a host with {@code load} may take one more job. */
  boolean isReceiver(HostLoad load);
}

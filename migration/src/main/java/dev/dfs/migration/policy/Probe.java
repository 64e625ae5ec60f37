package dev.dfs.migration.policy;

/**
 * Asks a host for its current state: a poll in the sense of sender- and receiver-initiated
 * location policies (an RPC to the host's agent; in the simulator, the true state and a
 * counted message).
 */
@FunctionalInterface
public interface Probe {
  /** The current state of {@code host}. */
  HostState probe(HostId host);
}

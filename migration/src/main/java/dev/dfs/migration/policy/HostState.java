package dev.dfs.migration.policy;

import java.util.List;
import java.util.Objects;

/**
 * What a policy knows about one host: capabilities, the last load it heard and the jobs there.
 *
 * @param id the host
 * @param capabilities speed and memory
 * @param load the last load measurement known (possibly stale)
 * @param jobs the jobs resident there when the load was measured
 */
public record HostState(HostId id, HostCapabilities capabilities, HostLoad load, List<RunningJob> jobs) {
  /** Checks the fields and copies the job list. */
  public HostState {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(load, "load");
    jobs = List.copyOf(jobs);
    if (!load.host().equals(id)) {
      throw new IllegalArgumentException("load of " + load.host() + " given for host " + id);
    }
  }

  /** Run queue per unit of CPU speed: the load index MOSIX-style balancing compares. */
  public double normalisedLoad() {
    return load.runQueue() / capabilities.cpuSpeed();
  }

  /** Whether the owner has been away at least {@code idleMillis} and is not active now. */
  public boolean ownerIdleFor(long idleMillis) {
    return !load.ownerActive() && load.ownerIdleMillis() >= idleMillis;
  }
}

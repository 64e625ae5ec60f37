package dev.dfs.migration.policy;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A deciding host's (or coordinator's) view of the cluster at {@code nowMillis}. The states of
 * other hosts are as fresh as the information policy made them.
 *
 * @param nowMillis the decision time on the injected {@link Ticker}
 * @param hosts every host, in a fixed order (round robin follows it)
 */
public record ClusterView(long nowMillis, List<HostState> hosts) {
  /** Checks that there is at least one host and that ids are unique. */
  public ClusterView {
    hosts = List.copyOf(hosts);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("a cluster view needs at least one host");
    }
    if (hosts.stream().map(HostState::id).distinct().count() != hosts.size()) {
      throw new IllegalArgumentException("duplicate host ids in view: " + hosts.stream().map(HostState::id).toList());
    }
  }

  /** The state of {@code id}; {@link NoSuchElementException} if the view lacks it. */
  public HostState host(HostId id) {
    Objects.requireNonNull(id, "id");
    for (HostState h : hosts) {
      if (h.id().equals(id)) {
        return h;
      }
    }
    throw new NoSuchElementException("no host " + id + " in view");
  }

  /** This view with {@code state} replacing the state of the same host. */
  public ClusterView with(HostState state) {
    return new ClusterView(nowMillis, hosts.stream().map(h -> h.id().equals(state.id()) ? state : h).toList());
  }

  /** The fastest CPU speed in the view. */
  public double maxSpeed() {
    return hosts.stream().mapToDouble(h -> h.capabilities().cpuSpeed()).max().orElse(1);
  }
}

package dev.dfs.migration.sim;

import dev.dfs.migration.policy.HostId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One workload on one cluster: the machines, the job arrivals and the owners' sessions.
 *
 * @param machines the cluster, in a fixed order (the order round robin follows)
 * @param arrivals the jobs, any order (the simulator sorts them by time, stably)
 * @param owners owner sessions; may be empty (a dedicated cluster)
 */
public record Scenario(List<Machine> machines, List<Arrival> arrivals, List<OwnerSession> owners) {
  /** Checks that every host named exists and job ids are unique. */
  public Scenario {
    machines = List.copyOf(machines);
    arrivals = List.copyOf(arrivals);
    owners = List.copyOf(owners);
    if (machines.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs at least one machine");
    }
    Set<HostId> ids = new HashSet<>();
    for (Machine m : machines) {
      if (!ids.add(m.id())) {
        throw new IllegalArgumentException("duplicate machine " + m.id());
      }
    }
    Set<Object> jobs = new HashSet<>();
    for (Arrival a : arrivals) {
      if (!ids.contains(a.origin())) {
        throw new IllegalArgumentException("job " + a.job().id() + " submitted on unknown host " + a.origin());
      }
      if (!jobs.add(a.job().id())) {
        throw new IllegalArgumentException("duplicate job id " + a.job().id());
      }
    }
    for (OwnerSession o : owners) {
      if (!ids.contains(o.host())) {
        throw new IllegalArgumentException("owner session on unknown host " + o.host());
      }
    }
  }

  /** The fastest machine's speed. */
  public double maxSpeed() {
    return machines.stream().mapToDouble(m -> m.capabilities().cpuSpeed()).max().orElse(1);
  }
}

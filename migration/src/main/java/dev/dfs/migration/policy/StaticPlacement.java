package dev.dfs.migration.policy;

import java.util.Objects;

/** Static placement (PVM, Enhanced PVM): a location policy at submission, never a migration. */
record StaticPlacement(String name, LocationPolicy location, boolean usesLoadInformation)
    implements SchedulingPolicy {
  StaticPlacement {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
  }

  @Override
  public Decision.PlaceJob place(Job job, HostId origin, ClusterView view, PolicyContext context) {
    return new Decision.PlaceJob(job.id(), location.locate(job, origin, view, context).orElse(origin));
  }

  StaticPlacement(String name, LocationPolicy location) {
    this(name, location, true);
  }

  @Override
  public boolean migrates() {
    return false;
  }
}

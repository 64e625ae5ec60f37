package dev.dfs.migration.policy;

import java.util.Optional;

/**
 * Where a job should go (the <em>location policy</em>): random probing with a probe limit,
 * least loaded, (weighted) round robin, an idle workstation, or the lowest opportunity cost.
 */
@FunctionalInterface
public interface LocationPolicy {

  /**
   * A host for {@code job}, which is now at (or submitted on) {@code origin}; empty if no host
   * qualifies (the caller then keeps the job where it is).
   */
  Optional<HostId> locate(Job job, HostId origin, ClusterView view, PolicyContext context);
}

package dev.dfs.migration.policy;

import java.util.List;
import java.util.Optional;

/**
 * Which job to move (the <em>selection policy</em>). Suspended jobs are never chosen.
 */
@FunctionalInterface
public interface SelectionPolicy {

  /**
   * The job to move from {@code candidates} (the jobs on the sending host) to {@code target},
   * or empty if none should move.
   */
  Optional<RunningJob> select(List<RunningJob> candidates, HostState target);
}

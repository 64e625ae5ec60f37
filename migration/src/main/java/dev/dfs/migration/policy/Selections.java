package dev.dfs.migration.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The selection policies. Ties go to the smaller job id, so choices are deterministic. */
enum Selections implements SelectionPolicy {
  /** The job that arrived on the host last (cheap to move: little invested there). */
  NEWEST {
    @Override
    Comparator<RunningJob> order() {
      return Comparator.comparingLong(RunningJob::arrivedMillis).reversed();
    }
  },
  /** The job with the least estimated remaining work. */
  SHORTEST_REMAINING {
    @Override
    Comparator<RunningJob> order() {
      return Comparator.comparingDouble(RunningJob::estimatedRemainingWork);
    }
  },
  /** The job with the most estimated remaining work (MOSIX: old processes are worth moving). */
  LONGEST_REMAINING {
    @Override
    Comparator<RunningJob> order() {
      return Comparator.comparingDouble(RunningJob::estimatedRemainingWork).reversed();
    }
  },
  /** The largest job that fits in the target's free memory. */
  LARGEST_MEMORY_FIT {
    @Override
    Comparator<RunningJob> order() {
      return Comparator.comparingLong((RunningJob j) -> j.job().memoryMb()).reversed();
    }

    @Override
    boolean allowed(RunningJob job, HostState target) {
      return job.job().memoryMb() <= target.load().memoryFreeMb();
    }
  },
  /** A job never moved before, newest first; then the least-moved. */
  NON_MIGRATED_FIRST {
    @Override
    Comparator<RunningJob> order() {
      return Comparator.comparingInt(RunningJob::migrations).thenComparing(NEWEST.order());
    }
  };

  abstract Comparator<RunningJob> order();

  boolean allowed(RunningJob job, HostState target) {
    return true;
  }

  @Override
  public Optional<RunningJob> select(List<RunningJob> candidates, HostState target) {
    return candidates.stream()
        .filter(j -> !j.suspended())
        .filter(j -> allowed(j, target))
        .min(order().thenComparing(RunningJob::id));
  }
}

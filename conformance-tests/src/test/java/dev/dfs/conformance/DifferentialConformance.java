package dev.dfs.conformance;

import dev.dfs.testkit.fs.FsModel;
import dev.dfs.testkit.fs.FsOps;
import dev.dfs.testkit.fs.FsTarget;
import dev.dfs.testkit.property.StateMachine;
import org.junit.jupiter.api.Test;

/**
 * The differential conformance property, for any {@link FsTarget}: random sequences of file
 * system operations give the same result on the target as on the reference {@link FsModel}, and
 * leave the same tree after every step. A subclass supplies a fresh, empty target per sequence
 * (and per replay while a failure shrinks).
 *
 * <p>Seeds are fixed (the harness default, or {@code -Ddfs.seed}); {@code -Psoak} multiplies the
 * tries.
 */
abstract class DifferentialConformance {

  /** A new target whose root is an empty directory with mode 0755. */
  protected abstract FsTarget newTarget();

  /** Tries per run before the soak multiplier: keep the default run fast. */
  protected int tries() {
    return 200;
  }

  @Test
  void sameResultsAndTreeAsTheModel() {
    StateMachine.<FsModel, FsTarget>of(FsModel::empty, this::newTarget, FsOps::actions)
        .invariant(FsOps.sameTree())
        .maxSteps(60)
        .tries(tries())
        .check();
  }
}

package dev.dfs.testkit.fs;

import dev.dfs.testkit.property.StateMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model against the real file system: random operation sequences on both must give the same
 * results and the same tree after every step. Validates the model (and {@link NioTarget}); the
 * pattern for the differential tests of the DFS.
 */
class FsModelDifferentialTest {
  @TempDir
  Path dir;

  private NioTarget freshTarget() {
    try {
      Path root = Files.createTempDirectory(dir, "try");
      Files.setPosixFilePermissions(root, NioTarget.permissions(0755));
      return new NioTarget(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void modelAgreesWithLocalFileSystem() {
    StateMachine.<FsModel, FsTarget>of(FsModel::empty, this::freshTarget, FsOps::actions)
        .invariant(FsOps.sameTree())
        .maxSteps(60)
        .tries(100)
        .check();
  }
}

package dev.dfs.conformance;

import dev.dfs.testkit.fs.FsTarget;
import dev.dfs.testkit.fs.NioTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file system against the model: validates the model and the harness, the baseline the
 * DFS modes are held to.
 */
class LocalDifferentialTest extends DifferentialConformance {
  @TempDir
  Path dir;

  @Override
  protected FsTarget newTarget() {
    try {
      Path root = Files.createTempDirectory(dir, "try");
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new NioTarget(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

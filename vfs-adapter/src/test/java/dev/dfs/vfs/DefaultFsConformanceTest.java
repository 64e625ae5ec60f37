package dev.dfs.vfs;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The oracle: the conformance suite on the default (local POSIX) file system. */
class DefaultFsConformanceTest extends FilesConformance {
  @TempDir Path temp;

  @Override
  Path root() {
    return temp;
  }
}

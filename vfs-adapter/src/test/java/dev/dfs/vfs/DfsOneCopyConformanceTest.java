package dev.dfs.vfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on the dfs: provider, client in one-copy mode, against a real server. */
class DfsOneCopyConformanceTest extends FilesConformance {
  static TestCell cell;
  static final AtomicInteger next = new AtomicInteger();

  @BeforeAll
  static void start(@TempDir Path data) throws IOException {
    cell = new TestCell(data, Map.of(DfsFileSystems.MODE, "one-copy"));
  }

  @AfterAll
  static void stop() throws IOException {
    cell.close();
  }

  @Override
  Path root() throws IOException {
    return Files.createDirectory(cell.fs.getPath("/test-" + next.incrementAndGet()));
  }
}

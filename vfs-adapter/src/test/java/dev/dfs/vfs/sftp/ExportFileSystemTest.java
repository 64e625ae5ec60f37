package dev.dfs.vfs.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dfs.vfs.DfsFileSystems;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-channel rooted view, without SSH. */
class ExportFileSystemTest {
  @Test
  void relativeLinksWithDotDotReadBack(@TempDir Path t) throws Exception {
    try (SftpTestCell cell = new SftpTestCell(t); FileSystem dfs = DfsFileSystems.wrap(cell.client)) {
      Files.createDirectories(dfs.getPath("/a/b"));
      Files.createSymbolicLink(dfs.getPath("/a/b/l"), dfs.getPath("../../x/y"));
      FileSystem view = new ExportFileSystemFactory(cell.client, "/").createFileSystem(null);
      try (view) {
        assertEquals("../../x/y", Files.readSymbolicLink(view.getPath("/a/b/l")).toString());
      }
    }
  }
}

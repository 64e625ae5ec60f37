package dev.dfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dfs.protocol.Status;
import java.io.IOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** The storage-failure to status mapping, row by row. */
class ErrorsTest {
  @Test
  void diskFullIsEnospc() {
    assertEquals(Status.ENOSPC, Errors.io("w", new IOException("No space left on device")).status());
    assertEquals(Status.ENOSPC, Errors.io("w", new FileSystemException("/x", null, "No space left on device")).status());
    assertEquals(Status.ENOSPC, Errors.io("w", new IOException("wrapped", new IOException("No space left on device"))).status());
    assertEquals(Status.ENOSPC, Errors.io("w", new IOException("Disk quota exceeded")).status());
  }

  @Test
  void otherFailuresAreEio() {
    assertEquals(Status.EIO, Errors.io("r", new IOException("Input/output error")).status());
    assertEquals(Status.EIO, Errors.io("r", new IOException()).status());
  }
}

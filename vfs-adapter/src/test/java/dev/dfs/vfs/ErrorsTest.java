package dev.dfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Status;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The status -> exception mapping, row by row (STYLE rule 7). */
class ErrorsTest {
  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of(Status.ENOENT, NoSuchFileException.class, null),
        Arguments.of(Status.EEXIST, FileAlreadyExistsException.class, null),
        Arguments.of(Status.ENOTEMPTY, DirectoryNotEmptyException.class, null),
        Arguments.of(Status.EACCES, AccessDeniedException.class, "Permission denied [EACCES]"),
        Arguments.of(Status.EPERM, FileSystemException.class, "Operation not permitted [EPERM]"),
        Arguments.of(Status.ENOTDIR, NotDirectoryException.class, null),
        Arguments.of(Status.ELOOP, FileSystemLoopException.class, null),
        Arguments.of(Status.EXDEV, FileSystemException.class, "Invalid cross-device link [EXDEV]"),
        Arguments.of(Status.EISDIR, FileSystemException.class, "Is a directory [EISDIR]"),
        Arguments.of(Status.EINVAL, FileSystemException.class, "Invalid argument [EINVAL]"),
        Arguments.of(Status.ENOSPC, FileSystemException.class, "No space left on device [ENOSPC]"),
        Arguments.of(Status.ENAMETOOLONG, FileSystemException.class, "File name too long [ENAMETOOLONG]"),
        Arguments.of(Status.ESTALE, FileSystemException.class, "Stale file handle [ESTALE]"),
        Arguments.of(Status.EROFS, FileSystemException.class, "Read-only file system [EROFS]"),
        Arguments.of(Status.EUNREACHABLE, FileSystemException.class, "Server unreachable [EUNREACHABLE]"),
        Arguments.of(Status.ETIMEDOUT, FileSystemException.class, "Server did not answer in time [ETIMEDOUT]"),
        Arguments.of(Status.EIO, FileSystemException.class, "Input/output error [EIO]"));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void eachStatusMapsToItsException(Status status, Class<? extends IOException> type, String reasonStart) {
    DfsException e = new DfsException(status, "detail text");
    IOException io = Errors.toIOException(e, "/a", null);
    assertEquals(type, io.getClass(), status.name());
    assertSame(e, io.getCause());
    FileSystemException fse = (FileSystemException) io;
    assertEquals("/a", fse.getFile());
    if (reasonStart != null) {
      assertEquals(reasonStart + ": detail text", fse.getReason());
    }
  }

  @ParameterizedTest
  @EnumSource(value = Status.class, names = "OK", mode = EnumSource.Mode.EXCLUDE)
  void everyStatusNamesThePathsAndKeepsTheCause(Status status) {
    DfsException e = new DfsException(status, "why");
    IOException io = Errors.toIOException(e, "/from", "/to");
    assertTrue(io instanceof FileSystemException, status + " -> " + io.getClass());
    assertEquals("/from", ((FileSystemException) io).getFile());
    assertSame(e, io.getCause());
    String reason = ((FileSystemException) io).getReason();
    if (reason != null) {
      assertTrue(reason.contains("[" + status + "]"), reason);
    }
  }

  @Test
  void twoPathOperationsNameBoth() {
    FileSystemException e = (FileSystemException) Errors.toIOException(new DfsException(Status.ENOENT, "x"),
        "/from", "/to");
    assertEquals("/from", e.getFile());
    assertEquals("/to", e.getOtherFile());
    FileSystemException a = (FileSystemException) Errors.toIOException(new DfsException(Status.EACCES, "x"),
        "/from", "/to");
    assertEquals("/to", a.getOtherFile());
  }

  @Test
  void eloopOnANoFollowOpenSaysSymbolicLink() {
    IOException io = Errors.toIOException(new DfsException(Status.ELOOP, "is a symbolic link"), "/l", true);
    assertEquals(FileSystemException.class, io.getClass());
    assertTrue(((FileSystemException) io).getReason().contains("NOFOLLOW_LINKS"));
    assertEquals(FileSystemLoopException.class,
        Errors.toIOException(new DfsException(Status.ELOOP, "too many"), "/l", false).getClass());
    assertEquals(NoSuchFileException.class,
        Errors.toIOException(new DfsException(Status.ENOENT, "x"), "/l", true).getClass());
  }

  @Test
  void readlinkOfANonLinkIsNotLink() {
    assertEquals(NotLinkException.class,
        Errors.toIOExceptionReadlink(new DfsException(Status.EINVAL, "not a symbolic link"), "/f").getClass());
    assertEquals(NoSuchFileException.class,
        Errors.toIOExceptionReadlink(new DfsException(Status.ENOENT, "x"), "/f").getClass());
  }
}

package dev.dfs.vfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Status;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import org.junit.jupiter.api.Test;

/** The exception -> errno mapping of the FUSE edge, row by row (STYLE rule 7). */
class ErrnoTest {
  private static <T extends Throwable> T caused(T t, Status s) {
    t.initCause(new DfsException(s, "detail"));
    return t;
  }

  @Test
  void everyWireStatusGivesItsErrno() {
    for (Status s : Status.values()) {
      if (s == Status.OK) {
        continue;
      }
      assertEquals(s.errno(), Errno.of(new DfsException(s, "x")), s.name());
      // as the dfs: provider throws it: a java.nio exception with the wire status as its cause
      assertEquals(s.errno(), Errno.of(caused(new FileSystemException("/p", null, "r"), s)), s.name());
    }
    assertEquals(5, Errno.of(new DfsException(Status.ECONFLICT, "x")));
    assertEquals(110, Errno.of(new DfsException(Status.EUNREACHABLE, "x")));
  }

  @Test
  void theCauseWinsOverTheClass() {
    // The provider maps EPERM to AccessDeniedException; the kernel must still get EPERM.
    assertEquals(Errno.EPERM, Errno.of(caused(new AccessDeniedException("/p"), Status.EPERM)));
    assertEquals(Errno.ELOOP, Errno.of(caused(new FileSystemException("/p"), Status.ELOOP)));
    assertEquals(Errno.EXDEV, Errno.of(caused(new AtomicMoveNotSupportedException("/a", "/b", "r"), Status.EXDEV)));
    assertEquals(Errno.EIO, Errno.of(new IOException("wrapped", new DfsException(Status.EIO, "x"))));
  }

  @Test
  void javaNioExceptionsByClass() {
    assertEquals(Errno.ENOENT, Errno.of(new NoSuchFileException("/p")));
    assertEquals(Errno.EEXIST, Errno.of(new FileAlreadyExistsException("/p")));
    assertEquals(Errno.ENOTEMPTY, Errno.of(new DirectoryNotEmptyException("/p")));
    assertEquals(Errno.EACCES, Errno.of(new AccessDeniedException("/p")));
    assertEquals(Errno.ENOTDIR, Errno.of(new NotDirectoryException("/p")));
    assertEquals(Errno.EINVAL, Errno.of(new NotLinkException("/p")));
    assertEquals(Errno.ELOOP, Errno.of(new FileSystemLoopException("/p")));
    assertEquals(Errno.EXDEV, Errno.of(new AtomicMoveNotSupportedException("/a", "/b", "r")));
    assertEquals(Errno.EBADF, Errno.of(new ClosedChannelException()));
    assertEquals(Errno.EBADF, Errno.of(new NonReadableChannelException()));
    assertEquals(Errno.EBADF, Errno.of(new NonWritableChannelException()));
    assertEquals(Errno.EBADF, Errno.of(new OpenFiles.BadHandleException(7)));
    assertEquals(Errno.ENOTCONN, Errno.of(new ClosedFileSystemException()));
    assertEquals(Errno.EAGAIN, Errno.of(new OverlappingFileLockException()));
    assertEquals(Errno.EINTR, Errno.of(new InterruptedIOException()));
    assertEquals(Errno.EINVAL, Errno.of(new InvalidPathException("a\0b", "nul")));
    assertEquals(Errno.ENOTSUP, Errno.of(new UnsupportedOperationException()));
    assertEquals(Errno.EINVAL, Errno.of(new IllegalArgumentException()));
  }

  @Test
  void reasonsOfOtherProvidersByTheirStrerrorText() {
    assertEquals(Errno.EISDIR, Errno.of(new FileSystemException("/p", null, "Is a directory")));
    assertEquals(Errno.ENOTDIR, Errno.of(new FileSystemException("/p", null, "Not a directory")));
    assertEquals(Errno.EXDEV, Errno.of(new FileSystemException("/a", "/b", "Invalid cross-device link")));
    assertEquals(Errno.ENAMETOOLONG, Errno.of(new FileSystemException("/p", null, "File name too long")));
    assertEquals(Errno.ENOSPC, Errno.of(new FileSystemException("/p", null, "No space left on device")));
    assertEquals(Errno.EPERM, Errno.of(new FileSystemException("/p", null, "Operation not permitted")));
  }

  @Test
  void anythingElseIsUnexpected() {
    assertEquals(Errno.UNEXPECTED, Errno.of(new IOException("disk on fire")));
    assertEquals(Errno.UNEXPECTED, Errno.of(new FileSystemException("/p", null, "odd")));
    assertEquals(Errno.UNEXPECTED, Errno.of(new NullPointerException()));
    assertEquals(Errno.UNEXPECTED, Errno.of(new OutOfMemoryError()));
  }
}

package dev.dfs.vfs.fuse;

import dev.dfs.protocol.DfsException;
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
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * The one mapping of this edge (STYLE rule 7): what an operation threw, as a Linux errno for
 * the kernel. A {@link DfsException} anywhere in the cause chain wins, since the {@code dfs:}
 * provider wraps the wire status in the precise {@code java.nio.file} exception and keeps it as
 * the cause; otherwise the exception's class decides. {@link #UNEXPECTED} marks what only a bug
 * or a broken invariant throws: the caller logs it once and answers EIO. The row-by-row test is
 * {@code ErrnoTest}. FUSE runs on Linux only, so the numbers are Linux's (as {@code Status}'s).
 */
final class Errno {
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int EIO = 5;
  static final int EBADF = 9;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int EEXIST = 17;
  static final int EXDEV = 18;
  static final int ENOTDIR = 20;
  static final int EISDIR = 21;
  static final int EINVAL = 22;
  static final int ENOSPC = 28;
  static final int ERANGE = 34;
  static final int ENAMETOOLONG = 36;
  static final int ENOSYS = 38;
  static final int ENOTEMPTY = 39;
  static final int ELOOP = 40;
  static final int ENOTSUP = 95;
  static final int ENOTCONN = 107;

  /** Returned by {@link #of} for a throwable that no row covers: log it, answer EIO. */
  static final int UNEXPECTED = -1;

  private Errno() {}

  /** The errno for {@code t} (positive), or {@link #UNEXPECTED}. */
  static int of(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DfsException d) {
        return d.status().errno();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    if (t instanceof NoSuchFileException) {
      return ENOENT;
    }
    if (t instanceof FileAlreadyExistsException) {
      return EEXIST;
    }
    if (t instanceof DirectoryNotEmptyException) {
      return ENOTEMPTY;
    }
    if (t instanceof AccessDeniedException) {
      return EACCES;
    }
    if (t instanceof NotDirectoryException) {
      return ENOTDIR;
    }
    if (t instanceof NotLinkException) {
      return EINVAL;
    }
    if (t instanceof FileSystemLoopException) {
      return ELOOP;
    }
    if (t instanceof AtomicMoveNotSupportedException) {
      return EXDEV;
    }
    if (t instanceof OpenFiles.BadHandleException) {
      return EBADF;
    }
    if (t instanceof ClosedChannelException || t instanceof NonReadableChannelException
        || t instanceof NonWritableChannelException) {
      return EBADF;
    }
    if (t instanceof ClosedFileSystemException) {
      return ENOTCONN; // unmounting: the file system behind the mount is gone
    }
    if (t instanceof OverlappingFileLockException) {
      return EAGAIN;
    }
    if (t instanceof InterruptedIOException) {
      return EINTR;
    }
    if (t instanceof InvalidPathException) {
      return EINVAL;
    }
    if (t instanceof UnsupportedOperationException) {
      return ENOTSUP;
    }
    if (t instanceof IllegalArgumentException) {
      return EINVAL;
    }
    if (t instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return fromReason(f.getReason());
    }
    return UNEXPECTED;
  }

  /**
   * A {@code FileSystemException} of another provider or the JDK carries only a reason string;
   * the few that matter here are recognised by their strerror(3) text.
   */
  private static int fromReason(String reason) {
    if (reason.contains("Is a directory")) {
      return EISDIR;
    }
    if (reason.contains("Not a directory")) {
      return ENOTDIR;
    }
    if (reason.contains("Invalid cross-device link")) {
      return EXDEV;
    }
    if (reason.contains("File name too long")) {
      return ENAMETOOLONG;
    }
    if (reason.contains("No space left")) {
      return ENOSPC;
    }
    if (reason.contains("Operation not permitted")) {
      return EPERM;
    }
    return UNEXPECTED;
  }
}

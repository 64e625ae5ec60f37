package dev.dfs.vfs;

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

/**
 * The one mapping of this edge: a {@link DfsException} (wire status) to the precise
 * {@code java.nio.file} exception, with the path(s) the caller named. Every operation of the
 * provider goes through {@link #toIOException}; the row-by-row test is {@code ErrorsTest}.
 */
final class Errors {
  private Errors() {}

  /**
   * The exception {@code java.nio.file} callers expect for {@code e}, naming {@code path} and
   * (for two-path operations such as move, copy and link) {@code other}, which may be null.
   */
  static IOException toIOException(DfsException e, String path, String other) {
    Status s = e.status();
    IOException out;
    switch (s) {
      case ENOENT:
        out = new NoSuchFileException(path, other, null);
        break;
      case EEXIST:
        out = new FileAlreadyExistsException(path, other, null);
        break;
      case ENOTEMPTY:
        out = new DirectoryNotEmptyException(path);
        break;
      case EACCES:
        // As the JDK does: only EACCES is AccessDeniedException; EPERM is a FileSystemException
        // whose reason says "Operation not permitted".
        out = new AccessDeniedException(path, other, reason(e));
        break;
      case ENOTDIR:
        out = new NotDirectoryException(path);
        break;
      case ELOOP:
        out = new FileSystemLoopException(path);
        break;
      default:
        out = new FileSystemException(path, other, reason(e));
        break;
    }
    out.initCause(e);
    return out;
  }

  /** {@link #toIOException} for an open with NOFOLLOW_LINKS: ELOOP there means "is a symlink". */
  static IOException toIOException(DfsException e, String path, boolean noFollow) {
    if (noFollow && e.status() == Status.ELOOP) {
      IOException out = new FileSystemException(path, null,
          "Too many levels of symbolic links or unable to access attributes of symbolic link (NOFOLLOW_LINKS) ["
              + e.status() + "]");
      out.initCause(e);
      return out;
    }
    return toIOException(e, path, null);
  }

  /** For readlink: EINVAL (not a symbolic link) becomes {@link NotLinkException}. */
  static IOException toIOExceptionReadlink(DfsException e, String path) {
    if (e.status() == Status.EINVAL) {
      IOException out = new NotLinkException(path);
      out.initCause(e);
      return out;
    }
    return toIOException(e, path, null);
  }

  /** A human reason naming the status, as strerror(3) would, then the server's detail. */
  static String reason(DfsException e) {
    String text;
    switch (e.status()) {
      case EPERM: text = "Operation not permitted"; break;
      case EACCES: text = "Permission denied"; break;
      case EIO: text = "Input/output error"; break;
      case EBADF: text = "Bad file descriptor"; break;
      case EAGAIN: text = "Resource temporarily unavailable"; break;
      case EBUSY: text = "Device or resource busy"; break;
      case EXDEV: text = "Invalid cross-device link"; break;
      case EISDIR: text = "Is a directory"; break;
      case EINVAL: text = "Invalid argument"; break;
      case EFBIG: text = "File too large"; break;
      case ENOSPC: text = "No space left on device"; break;
      case EROFS: text = "Read-only file system"; break;
      case EMLINK: text = "Too many links"; break;
      case ENAMETOOLONG: text = "File name too long"; break;
      case EPROTO: text = "Protocol error"; break;
      case ENOTSUP: text = "Operation not supported"; break;
      case ETIMEDOUT: text = "Server did not answer in time"; break;
      case ESTALE: text = "Stale file handle"; break;
      case ECONFLICT: text = "Conflicting change on the server"; break;
      case EUNREACHABLE: text = "Server unreachable"; break;
      default: text = e.status().name(); break;
    }
    String detail = e.detail();
    return text + " [" + e.status() + "]" + (detail == null || detail.isEmpty() ? "" : ": " + detail);
  }
}

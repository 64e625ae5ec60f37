package dev.dfs.testkit.fs;

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
 * The outcome of a file system operation: {@link #OK} or the POSIX error it fails with, named
 * as in {@code errno.h}.
 */
public enum Errno {
  OK(null),
  EPERM("Operation not permitted"),
  ENOENT("No such file or directory"),
  EIO("Input/output error"),
  EACCES("Permission denied"),
  EBUSY("Device or resource busy"),
  EEXIST("File exists"),
  ENOTDIR("Not a directory"),
  EISDIR("Is a directory"),
  EINVAL("Invalid argument"),
  EFBIG("File too large"),
  ENAMETOOLONG("File name too long"),
  ENOTEMPTY("Directory not empty"),
  ELOOP("Too many levels of symbolic links");

  private final String message;

  Errno(String message) {
    this.message = message;
  }

  /** The C library's message for this error ({@code strerror}), null for {@link #OK}. */
  public String message() {
    return message;
  }

  /**
   * The error a {@code java.nio.file} operation failed with: by the exception's class where it is
   * precise ({@link NoSuchFileException}, {@link FileAlreadyExistsException},
   * {@link DirectoryNotEmptyException}, {@link NotDirectoryException},
   * {@link AccessDeniedException}, {@link NotLinkException}, {@link FileSystemLoopException}),
   * else by the {@code strerror} text the JDK puts in the reason or message (it does so for
   * ENOTDIR, EISDIR, EINVAL, ELOOP, EBUSY, ENOTEMPTY...); {@link #EIO} if nothing matches.
   */
  public static Errno of(IOException e) {
    if (e instanceof NoSuchFileException) {
      return ENOENT;
    }
    if (e instanceof FileAlreadyExistsException) {
      return EEXIST;
    }
    if (e instanceof DirectoryNotEmptyException) {
      return ENOTEMPTY;
    }
    if (e instanceof NotDirectoryException) {
      return ENOTDIR;
    }
    if (e instanceof AccessDeniedException) {
      return EACCES;
    }
    if (e instanceof NotLinkException) {
      return EINVAL;
    }
    if (e instanceof FileSystemLoopException) {
      return ELOOP;
    }
    String text = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    if (text != null) {
      for (Errno errno : values()) {
        if (errno.message != null && text.startsWith(errno.message)) {
          return errno;
        }
      }
    }
    return EIO;
  }
}

package dev.dfs.testkit.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import org.junit.jupiter.api.Test;

/** {@link Errno#of}, row by row. */
class ErrnoTest {

  private static void row(Errno expected, IOException e) {
    assertEquals(expected, Errno.of(e), e.toString());
  }

  @Test
  void byExceptionClass() {
    row(Errno.ENOENT, new NoSuchFileException("/a"));
    row(Errno.EEXIST, new FileAlreadyExistsException("/a"));
    row(Errno.ENOTEMPTY, new DirectoryNotEmptyException("/a"));
    row(Errno.ENOTDIR, new NotDirectoryException("/a"));
    row(Errno.EACCES, new AccessDeniedException("/a"));
    row(Errno.EINVAL, new NotLinkException("/a"));
    row(Errno.ELOOP, new FileSystemLoopException("/a"));
  }

  @Test
  void byTheJdksStrerrorText() {
    row(Errno.ENOTDIR, new FileSystemException("/a", null, "Not a directory"));
    row(Errno.EISDIR, new FileSystemException("/a", null, "Is a directory"));
    row(Errno.EISDIR, new IOException("Is a directory"));
    row(Errno.EINVAL, new FileSystemException("/a", "/b", "Invalid argument"));
    row(Errno.ENOTEMPTY, new FileSystemException("/a", "/b", "Directory not empty"));
    row(Errno.EBUSY, new FileSystemException("/a", "/b", "Device or resource busy"));
    row(Errno.EPERM, new FileSystemException("/a", "/b", "Operation not permitted"));
    row(Errno.ENAMETOOLONG, new FileSystemException("/a", null, "File name too long"));
    row(Errno.EFBIG, new IOException("File too large"));
    row(Errno.ELOOP, new FileSystemException("/a", null,
        "Too many levels of symbolic links or unable to access attributes of symbolic link"));
  }

  @Test
  void anythingElseIsEio() {
    row(Errno.EIO, new IOException("something odd"));
    row(Errno.EIO, new IOException());
    row(Errno.EIO, new FileSystemException("/a"));
  }
}

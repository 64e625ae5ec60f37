package dev.dfs.testkit.fs;

import java.util.Objects;

/**
 * The attributes of a file that every implementation agrees on, as {@code lstat} reports them.
 *
 * @param type the kind of file
 * @param size the length of a regular file, the length in bytes of a symbolic link's target, and
 *     0 for a directory (file systems disagree on directory sizes, so adapters report 0)
 * @param nlink the number of links: names of a file; 2 plus subdirectories for a directory
 * @param mode the permission bits ({@code 0777} at most; a symbolic link has {@code 0777})
 */
public record Stat(Type type, long size, int nlink, int mode) {

  /** The kinds of file. */
  public enum Type {
    REGULAR, DIRECTORY, SYMLINK
  }

  /** Checks the arguments. */
  public Stat {
    Objects.requireNonNull(type, "type");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    if ((mode & ~0777) != 0) {
      throw new IllegalArgumentException("mode must be permission bits: 0" + Integer.toOctalString(mode));
    }
  }

  @Override
  public String toString() {
    return switch (type) {
      case REGULAR -> "file";
      case DIRECTORY -> "dir";
      case SYMLINK -> "symlink";
    } + " 0" + Integer.toOctalString(mode) + " nlink=" + nlink + " size=" + size;
  }
}

package dev.dfs.protocol;

import java.nio.charset.StandardCharsets;

/** Rules for a single path component, checked the same way by client and server. */
public final class Names {
  /** Longest name in UTF-8 bytes, as on ext4 and in POSIX NAME_MAX. */
  public static final int MAX_NAME_BYTES = 255;
  /** Longest symlink target in UTF-8 bytes (PATH_MAX). */
  public static final int MAX_PATH_BYTES = 4096;

  private Names() {}

  /**
   * Throws {@link DfsException} with EINVAL or ENAMETOOLONG unless {@code name} is a legal
   * directory entry name: non-empty, not "." or "..", no '/' and no NUL.
   */
  public static String check(String name) {
    if (name == null || name.isEmpty()) {
      throw new DfsException(Status.EINVAL, "empty name");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new DfsException(Status.EINVAL, "name may not be '" + name + "'");
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw new DfsException(Status.EINVAL, "name contains '/' or NUL: " + printable(name));
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new DfsException(Status.ENAMETOOLONG, "name longer than " + MAX_NAME_BYTES + " bytes");
    }
    return name;
  }

  /** Checks a symlink target: non-empty, no NUL, at most {@link #MAX_PATH_BYTES}. */
  public static String checkTarget(String target) {
    if (target == null || target.isEmpty()) {
      throw new DfsException(Status.EINVAL, "empty symlink target");
    }
    if (target.indexOf('\0') >= 0) {
      throw new DfsException(Status.EINVAL, "symlink target contains NUL");
    }
    if (target.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new DfsException(Status.ENAMETOOLONG, "symlink target longer than " + MAX_PATH_BYTES + " bytes");
    }
    return target;
  }

  private static String printable(String s) {
    String shown = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return shown.replace("\0", "\\0");
  }
}

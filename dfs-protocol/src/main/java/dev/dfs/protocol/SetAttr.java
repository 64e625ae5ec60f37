package dev.dfs.protocol;

/**
 * A change of attributes: each field is either {@code null} (leave as is) or the new value.
 * A time equal to {@link #NOW} means "the server's current time" (utimensat's UTIME_NOW).
 * A new {@code size} truncates or extends (with a hole) the file.
 */
public record SetAttr(Integer mode, Integer uid, Integer gid, Long size, Long atimeNanos, Long mtimeNanos) {

  /** Stands for the server's clock in {@link #atimeNanos} and {@link #mtimeNanos}. */
  public static final long NOW = Long.MIN_VALUE;

  public static final SetAttr NONE = new SetAttr(null, null, null, null, null, null);

  public SetAttr {
    if (mode != null && (mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode has bits outside 07777: " + Integer.toOctalString(mode));
    }
    if (size != null && size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
  }

  public static SetAttr mode(int mode) {
    return NONE.withMode(mode);
  }

  public static SetAttr size(long size) {
    return NONE.withSize(size);
  }

  public static SetAttr owner(int uid, int gid) {
    return new SetAttr(null, uid, gid, null, null, null);
  }

  public static SetAttr times(Long atimeNanos, Long mtimeNanos) {
    return new SetAttr(null, null, null, null, atimeNanos, mtimeNanos);
  }

  public SetAttr withMode(int m) {
    return new SetAttr(m, uid, gid, size, atimeNanos, mtimeNanos);
  }

  public SetAttr withSize(long s) {
    return new SetAttr(mode, uid, gid, s, atimeNanos, mtimeNanos);
  }

  public boolean isEmpty() {
    return mode == null && uid == null && gid == null && size == null && atimeNanos == null && mtimeNanos == null;
  }
}

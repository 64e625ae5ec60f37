package dev.dfs.protocol;

/**
 * The attributes of a vnode as the server last committed them. Times are nanoseconds since the
 * epoch. {@code mode} holds the permission bits only (07777); the type is separate.
 * {@code dataVersion} grows with every change to the object, so a client can tell in one
 * comparison whether its cached copy is current.
 */
public record Attr(
    Fid fid,
    FileType type,
    int mode,
    int nlink,
    int uid,
    int gid,
    long size,
    long atimeNanos,
    long mtimeNanos,
    long ctimeNanos,
    long dataVersion) {

  public Attr {
    if (fid == null || type == null) {
      throw new IllegalArgumentException("fid and type are required");
    }
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode has bits outside 07777: " + Integer.toOctalString(mode));
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
  }

  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  public boolean isFile() {
    return type == FileType.FILE;
  }

  public boolean isSymlink() {
    return type == FileType.SYMLINK;
  }
}

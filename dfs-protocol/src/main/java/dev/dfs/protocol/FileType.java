package dev.dfs.protocol;

/** What kind of object a vnode is. The wire code is stable; never renumber. */
public enum FileType {
  FILE(1),
  DIRECTORY(2),
  SYMLINK(3);

  private final int code;

  FileType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static FileType ofCode(int code) {
    for (FileType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new DfsException(Status.EPROTO, "unknown file type code " + code);
  }
}

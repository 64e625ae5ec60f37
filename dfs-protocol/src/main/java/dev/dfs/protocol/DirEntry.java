package dev.dfs.protocol;

/** One entry of a directory listing: a name and the FID and type it refers to. */
public record DirEntry(String name, Fid fid, FileType type) {
  public DirEntry {
    Names.check(name);
    if (fid == null || type == null) {
      throw new IllegalArgumentException("fid and type are required");
    }
  }
}

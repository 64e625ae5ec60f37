package dev.dfs.protocol;

/**
 * A file identifier: the name of a file on the wire, independent of its path and of the server
 * that holds it. FIDs are persistent across server restarts; the uniquifier makes sure that a
 * vnode slot reused after a remove never answers for the old file (the old FID gets ESTALE).
 */
public record Fid(long volume, long vnode, long uniquifier) {

  /** Parses the form printed by {@link #toString()}: {@code volume.vnode.uniquifier}. */
  public static Fid parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a FID (want volume.vnode.uniquifier): " + text);
    }
    try {
      return new Fid(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a FID (want volume.vnode.uniquifier): " + text, e);
    }
  }

  @Override
  public String toString() {
    return volume + "." + vnode + "." + uniquifier;
  }
}

package dev.dfs.protocol;

/**
 * A volume location database entry: a volume's id and name, the FID of its root directory and
 * the address of the server that holds it ({@code host:port}). Paths never name a server; a
 * client finds the server of a volume through this entry.
 */
public record VolumeInfo(long id, String name, Fid root, String server) {
  public VolumeInfo {
    if (name == null || name.isEmpty() || root == null || server == null) {
      throw new IllegalArgumentException("volume name, root and server are required");
    }
  }
}

package dev.dfs.server.volume;

/**
 * Who is asking: the identity from the connection's handshake. {@code uid} 0 is root and bypasses
 * permission checks.
 */
public record Caller(int uid, int gid) {
  /** The superuser. */
  public static final Caller ROOT = new Caller(0, 0);

  /** Whether this caller bypasses permission checks. */
  public boolean isRoot() {
    return uid == 0;
  }
}

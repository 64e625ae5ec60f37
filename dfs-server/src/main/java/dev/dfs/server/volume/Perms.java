package dev.dfs.server.volume;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Status;

/** POSIX permission checks. Root (uid 0) passes every check. */
final class Perms {
  static final int R = 4;
  static final int W = 2;
  static final int X = 1;
  static final int STICKY = 01000;
  static final int SETUID = 04000;
  static final int SETGID = 02000;

  private Perms() {}

  static void check(Caller c, Vnode v, int want) {
    if (!allowed(c, v, want)) {
      throw new DfsException(Status.EACCES, "permission denied on " + v.fid());
    }
  }

  static boolean allowed(Caller c, Vnode v, int want) {
    if (c.isRoot()) {
      return true;
    }
    int bits;
    if (c.uid() == v.uid) {
      bits = (v.mode >> 6) & 7;
    } else if (c.gid() == v.gid) {
      bits = (v.mode >> 3) & 7;
    } else {
      bits = v.mode & 7;
    }
    return (bits & want) == want;
  }

  static boolean owns(Caller c, Vnode v) {
    return c.isRoot() || c.uid() == v.uid;
  }

  /** In a sticky directory only the owner of the entry, of the directory, or root may unlink it. */
  static void checkSticky(Caller c, Vnode dir, Vnode child) {
    if ((dir.mode & STICKY) != 0 && !owns(c, dir) && !owns(c, child)) {
      throw new DfsException(Status.EPERM, "sticky directory: not the owner of " + child.fid());
    }
  }
}

package dev.dfs.client;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Status;
import java.util.Set;

/** A set of {@link OpenFlag}s checked once at the boundary: illegal mixes fail here, with EINVAL. */
record OpenFlags(boolean read, boolean write, boolean append, boolean create, boolean exclusive, boolean truncate,
    boolean noFollow) {

  static OpenFlags check(Set<OpenFlag> flags) {
    boolean append = flags.contains(OpenFlag.APPEND);
    boolean write = flags.contains(OpenFlag.WRITE) || append;
    boolean read = flags.contains(OpenFlag.READ) || !write;
    boolean exclusive = flags.contains(OpenFlag.CREATE_NEW);
    boolean create = exclusive || flags.contains(OpenFlag.CREATE);
    boolean truncate = flags.contains(OpenFlag.TRUNCATE);
    if (create && !write) {
      throw new DfsException(Status.EINVAL, "CREATE needs WRITE");
    }
    if (truncate && !write) {
      throw new DfsException(Status.EINVAL, "TRUNCATE needs WRITE");
    }
    if (truncate && append) {
      throw new DfsException(Status.EINVAL, "TRUNCATE and APPEND together");
    }
    return new OpenFlags(read, write, append, create, exclusive, truncate, flags.contains(OpenFlag.NOFOLLOW));
  }
}

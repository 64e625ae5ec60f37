package dev.dfs.server.volume;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Status;
import java.io.IOException;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/** The one place where storage failures become wire statuses. */
final class Errors {
  private Errors() {}

  static DfsException io(String what, IOException e) {
    if (isNoSpace(e)) {
      return new DfsException(Status.ENOSPC, what + ": no space left on device", e);
    }
    return new DfsException(Status.EIO, what + ": " + e, e);
  }

  static boolean isNoSpace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("No space left") || m.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }

  /** LMDB's MDB_MAP_FULL (and a transaction too big for the map) is the metadata's disk-full. */
  static DfsException lmdb(LmdbException e) {
    if (e instanceof Env.MapFullException || e instanceof Txn.TxFullException) {
      return new DfsException(Status.ENOSPC, "metadata store is full (LMDB map size reached)", e);
    }
    return new DfsException(Status.EIO, "metadata store failure: " + e.getMessage(), e);
  }
}

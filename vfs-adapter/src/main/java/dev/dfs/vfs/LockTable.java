package dev.dfs.vfs;

import dev.dfs.protocol.Fid;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Byte-range locks held through one file system, keyed by FID. They are process-local (as the
 * JDK's are within one JVM: an overlapping request fails with {@link OverlappingFileLockException}
 * rather than blocking); other clients of the cell do not see them. Cross-client locks need a
 * lock service on the server and will come later.
 */
final class LockTable {
  private final Map<Fid, List<Lock>> held = new HashMap<>();

  Lock acquire(FileChannel channel, Fid fid, long position, long size, boolean shared) {
    synchronized (held) {
      List<Lock> list = held.computeIfAbsent(fid, k -> new ArrayList<>());
      for (Lock l : list) {
        if (l.overlaps(position, size)) {
          throw new OverlappingFileLockException();
        }
      }
      Lock lock = new Lock(channel, fid, position, size, shared);
      list.add(lock);
      return lock;
    }
  }

  /** Releases every lock of {@code channel} (when it closes). */
  void releaseAll(FileChannel channel) {
    synchronized (held) {
      held.values().forEach(list -> list.removeIf(l -> {
        if (l.channel() == channel) {
          l.released = true;
          return true;
        }
        return false;
      }));
      held.values().removeIf(List::isEmpty);
    }
  }

  private void remove(Lock lock) {
    synchronized (held) {
      List<Lock> list = held.get(lock.fid);
      if (list != null) {
        list.remove(lock);
        if (list.isEmpty()) {
          held.remove(lock.fid);
        }
      }
    }
  }

  /** A lock in this table. */
  final class Lock extends FileLock {
    private final Fid fid;
    private volatile boolean released;

    Lock(FileChannel channel, Fid fid, long position, long size, boolean shared) {
      super(channel, position, size, shared);
      this.fid = fid;
    }

    @Override
    public boolean isValid() {
      return !released && channel().isOpen();
    }

    @Override
    public void release() throws ClosedChannelException {
      if (!channel().isOpen()) {
        throw new ClosedChannelException();
      }
      if (!released) {
        released = true;
        remove(this);
      }
    }
  }
}

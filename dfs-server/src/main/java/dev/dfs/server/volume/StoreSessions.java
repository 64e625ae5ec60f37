package dev.dfs.server.volume;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Status;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open whole-file stores. They live in memory only: after a restart their ids answer EBADF and
 * the client starts the store again (their staged chunks are orphans that recovery removes).
 * Bounded in number; a store idle for longer than {@link #IDLE_NANOS} is discarded.
 */
final class StoreSessions {
  static final int MAX_SESSIONS = 4096;
  static final long IDLE_NANOS = 15L * 60 * 1_000_000_000L;

  /** One open store. Guarded by its own monitor. */
  static final class Session {
    final long id;
    final Fid fid;
    final long baseVersion;
    final int uid;
    /** Chunk index to staged chunk id. */
    final TreeMap<Long, Long> chunks = new TreeMap<>();
    long lastUsed;
    boolean closed;

    Session(long id, Fid fid, long baseVersion, int uid, long now) {
      this.id = id;
      this.fid = fid;
      this.baseVersion = baseVersion;
      this.uid = uid;
      this.lastUsed = now;
    }
  }

  private final Map<Long, Session> open = new ConcurrentHashMap<>();
  private final AtomicLong counter = new AtomicLong();
  private final long epoch;
  private final ChunkFiles files;

  StoreSessions(long epoch, ChunkFiles files) {
    this.epoch = epoch;
    this.files = files;
  }

  Session begin(Fid fid, long baseVersion, Caller c, long now) {
    expire(now);
    if (open.size() >= MAX_SESSIONS) {
      throw new DfsException(Status.EAGAIN, "too many open stores; try again later");
    }
    // The epoch in the high bits: an id from an earlier incarnation never matches a new store.
    long id = (epoch << 32) | (counter.incrementAndGet() & 0xffffffffL);
    Session s = new Session(id, fid, baseVersion, c.uid(), now);
    open.put(id, s);
    return s;
  }

  /** The open store {@code id}; EBADF if unknown, finished, or begun by someone else. */
  Session get(long id, Caller c) {
    Session s = open.get(id);
    if (s == null || (s.uid != c.uid() && !c.isRoot())) {
      throw new DfsException(Status.EBADF, "no such open store: " + id);
    }
    return s;
  }

  /** Removes the store from the open set; the caller finishes or discards it. */
  Session take(long id, Caller c) {
    Session s = get(id, c);
    if (open.remove(id, s)) {
      synchronized (s) {
        s.closed = true;
      }
      return s;
    }
    throw new DfsException(Status.EBADF, "no such open store: " + id);
  }

  /** Deletes a store's staged chunks. */
  void discard(Session s) {
    List<Long> ids;
    synchronized (s) {
      s.closed = true;
      ids = new ArrayList<>(s.chunks.values());
      s.chunks.clear();
    }
    files.delete(ids);
  }

  void expire(long now) {
    for (Iterator<Session> it = open.values().iterator(); it.hasNext(); ) {
      Session s = it.next();
      boolean idle;
      synchronized (s) {
        idle = now - s.lastUsed > IDLE_NANOS;
      }
      if (idle && open.remove(s.id, s)) {
        discard(s);
      }
    }
  }

  void discardAll() {
    for (Session s : open.values()) {
      if (open.remove(s.id, s)) {
        discard(s);
      }
    }
  }
}

package dev.dfs.server.volume;

import static dev.dfs.server.volume.ChunkFiles.CHUNK;
import static dev.dfs.server.volume.Perms.R;
import static dev.dfs.server.volume.Perms.W;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.FileType;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.SetAttr;
import dev.dfs.protocol.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;

/**
 * File contents: fetch, range write, truncate and whole-file store. Each content mutation holds
 * the vnode's write lock from reading the old chunk map to deleting the replaced chunks, writes
 * and fsyncs its new chunks before its (short) LMDB transaction, and deletes the old ones only
 * after that transaction committed.
 */
final class Content {
  private final Engine e;
  private final ChunkFiles files;
  private final StoreSessions sessions;

  Content(Engine e, StoreSessions sessions) {
    this.e = e;
    this.files = e.files;
    this.sessions = sessions;
  }

  /** A file whose content may be read or changed: EISDIR for directories, EINVAL for symlinks. */
  private static void mustBeFile(Vnode v) {
    if (v.isDir()) {
      throw new DfsException(Status.EISDIR, "is a directory: " + v.fid());
    }
    if (v.type != FileType.FILE) {
      throw new DfsException(Status.EINVAL, "not a regular file: " + v.fid());
    }
  }

  private static void checkRange(long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new DfsException(Status.EINVAL, "bad offset or length: " + offset + ", " + length);
    }
    if (offset > Engine.MAX_FILE_SIZE - length) {
      throw new DfsException(Status.EFBIG, "file would exceed " + Engine.MAX_FILE_SIZE + " bytes");
    }
  }

  Outcome fetch(Caller c, Request.Fetch r) {
    if (r.offset() < 0 || r.length() < 0) {
      // Reading past the end is not an error (it is EOF), so no EFBIG here.
      throw new DfsException(Status.EINVAL, "bad offset or length: " + r.offset() + ", " + r.length());
    }
    Lock lock = e.stripes.of(r.fid()).readLock();
    lock.lock();
    try {
      Attr attr;
      TreeMap<Long, Long> chunks;
      int n;
      try (MetaTxn t = e.db.read()) {
        Vnode v = t.vnode(r.fid());
        mustBeFile(v);
        Perms.check(c, v, R);
        attr = v.attr();
        long avail = Math.max(0, v.size - r.offset());
        n = (int) Math.min(Math.min(r.length(), Request.MAX_CHUNK), avail);
        chunks = n == 0 ? new TreeMap<>() : t.chunks(v, r.offset() / CHUNK, (r.offset() + n - 1) / CHUNK + 1);
      }
      byte[] out = new byte[n];
      for (Map.Entry<Long, Long> ch : chunks.entrySet()) {
        long start = ch.getKey() * CHUNK;
        long from = Math.max(start, r.offset());
        long to = Math.min(start + CHUNK, r.offset() + n);
        files.read(ch.getValue(), from - start, out, (int) (from - r.offset()), (int) (to - from));
      }
      return Outcome.read(new Reply.Data(attr, r.offset(), out));
    } finally {
      lock.unlock();
    }
  }

  Outcome write(Caller c, RequestKey key, Request.Write r) {
    byte[] data = r.data();
    checkRange(r.offset(), data.length);
    Fid fid = r.fid();
    Lock lock = e.stripes.of(fid).writeLock();
    lock.lock();
    try {
      TreeMap<Long, Long> old;
      long end = r.offset() + data.length;
      long first = r.offset() / CHUNK;
      long last = data.length == 0 ? first - 1 : (end - 1) / CHUNK;
      try (MetaTxn t = e.db.read()) {
        Vnode v = t.vnode(fid);
        mustBeFile(v);
        Perms.check(c, v, W);
        if (data.length == 0) {
          return Outcome.read(new Reply.Attrs(v.attr()));
        }
        old = t.chunks(v, first, last + 1);
      }
      // New chunks beside the old: the old bytes of a partly covered chunk, overlaid.
      TreeMap<Long, Long> made = new TreeMap<>();
      List<Long> pending = new ArrayList<>();
      try {
        for (long i = first; i <= last; i++) {
          long start = i * CHUNK;
          int from = (int) (Math.max(r.offset(), start) - start);
          int to = (int) (Math.min(end, start + CHUNK) - start);
          byte[] base = old.containsKey(i) && (from > 0 || to < CHUNK) ? files.readAll(old.get(i)) : new byte[0];
          byte[] chunk = new byte[Math.max(base.length, to)];
          System.arraycopy(base, 0, chunk, 0, base.length);
          System.arraycopy(data, (int) (start + from - r.offset()), chunk, from, to - from);
          long id = files.create(chunk, 0, chunk.length);
          pending.add(id);
          made.put(i, id);
        }
        files.syncDirs(pending);
      } catch (RuntimeException ex) {
        files.delete(pending);
        throw ex;
      }
      return e.mutate(key, r, pending, (t, fx) -> {
        Vnode v = t.vnode(fid);
        mustBeFile(v);
        Perms.check(c, v, W);
        List<Long> replaced = new ArrayList<>();
        for (Map.Entry<Long, Long> m : made.entrySet()) {
          Long prev = t.putChunk(v, m.getKey(), m.getValue());
          if (prev != null) {
            replaced.add(prev);
          }
        }
        v.size = Math.max(v.size, end);
        clearSetIds(c, v);
        v.touch(fx.now, true);
        t.putVnode(v);
        fx.changed(v);
        fx.garbage(v, replaced);
        return new Reply.Attrs(v.attr());
      });
    } finally {
      lock.unlock();
    }
  }

  /** Like Linux, a write by someone other than root clears set-user-ID and set-group-ID. */
  private static void clearSetIds(Caller c, Vnode v) {
    if (!c.isRoot()) {
      v.mode &= ~(Perms.SETUID | Perms.SETGID);
    }
  }

  /** setattr with a size: truncate or extend, plus any other attribute changes, in one commit. */
  Outcome setAttrs(Caller c, RequestKey key, Request.SetAttrs r) {
    SetAttr s = r.change();
    if (s.size() == null) {
      return e.setAttrsNoSize(c, key, r);
    }
    long size = s.size();
    if (size > Engine.MAX_FILE_SIZE) {
      throw new DfsException(Status.EFBIG, "size beyond " + Engine.MAX_FILE_SIZE);
    }
    Fid fid = r.fid();
    Lock lock = e.stripes.of(fid).writeLock();
    lock.lock();
    try {
      // When cutting inside a chunk, its tail must not reappear if the file grows again:
      // write a shortened copy of that chunk.
      long boundary = size / CHUNK;
      int keep = (int) (size % CHUNK);
      Long newBoundaryChunk = null;
      try (MetaTxn t = e.db.read()) {
        Vnode v = t.vnode(fid);
        mustBeFile(v);
        Perms.check(c, v, W);
        if (size < v.size && keep > 0) {
          Long old = t.chunks(v, boundary, boundary + 1).get(boundary);
          if (old != null) {
            byte[] b = files.readAll(old);
            if (b.length > keep) {
              newBoundaryChunk = files.create(b, 0, keep);
              files.syncDirs(List.of(newBoundaryChunk));
            }
          }
        }
      }
      Long made = newBoundaryChunk;
      return e.mutate(key, r, made == null ? null : List.of(made), (t, fx) -> {
        Vnode v = t.vnode(fid);
        mustBeFile(v);
        Perms.check(c, v, W);
        Engine.applyAttrs(c, v, s, fx.now);
        if (size != v.size) {
          List<Long> dropped = new ArrayList<>();
          if (size < v.size) {
            dropped.addAll(t.deleteChunksFrom(v, keep == 0 ? boundary : boundary + 1));
            if (made != null) {
              Long prev = t.putChunk(v, boundary, made);
              if (prev != null) {
                dropped.add(prev);
              }
            }
          }
          v.size = size;
          v.mtime = fx.now;
          clearSetIds(c, v);
          fx.garbage(v, dropped);
        }
        t.putVnode(v);
        fx.changed(v);
        return new Reply.Attrs(v.attr());
      });
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- whole-file store

  Outcome storeBegin(Caller c, Request.StoreBegin r) {
    try (MetaTxn t = e.db.read()) {
      Vnode v = t.vnode(r.fid());
      mustBeFile(v);
      Perms.check(c, v, W);
    }
    StoreSessions.Session s = sessions.begin(r.fid(), r.baseVersion(), c, e.now());
    return Outcome.read(new Reply.StoreOpened(s.id));
  }

  Outcome storeData(Caller c, Request.StoreData r) {
    byte[] data = r.data();
    checkRange(r.offset(), data.length);
    StoreSessions.Session s = sessions.get(r.storeId(), c);
    synchronized (s) {
      if (s.closed) {
        throw new DfsException(Status.EBADF, "store already finished: " + r.storeId());
      }
      long end = r.offset() + data.length;
      for (long pos = r.offset(); pos < end; ) {
        long i = pos / CHUNK;
        long inChunk = pos - i * CHUNK;
        int n = (int) Math.min(CHUNK - inChunk, end - pos);
        Long id = s.chunks.get(i);
        if (id == null) {
          id = files.newId();
          s.chunks.put(i, id);
        }
        files.writeAt(id, inChunk, data, (int) (pos - r.offset()), n);
        pos += n;
      }
      s.lastUsed = e.now();
    }
    return Outcome.read(new Reply.Ok());
  }

  Outcome storeCommit(Caller c, RequestKey key, Request.StoreCommit r) {
    if (r.size() < 0) {
      throw new DfsException(Status.EINVAL, "negative size " + r.size());
    }
    StoreSessions.Session s = sessions.take(r.storeId(), c);
    List<Long> pending = new ArrayList<>();
    TreeMap<Long, Long> staged;
    synchronized (s) {
      staged = new TreeMap<>(s.chunks);
      s.chunks.clear();
    }
    pending.addAll(staged.values());
    boolean handedOver = false;
    try {
      if (r.size() > Engine.MAX_FILE_SIZE) {
        throw new DfsException(Status.EFBIG, "size beyond " + Engine.MAX_FILE_SIZE);
      }
      Lock lock = e.stripes.of(s.fid).writeLock();
      lock.lock();
      try {
        // Chunks wholly past the committed size are dropped; the last one is cut to size.
        TreeMap<Long, Long> keep = new TreeMap<>();
        List<Long> beyond = new ArrayList<>();
        for (Map.Entry<Long, Long> ch : staged.entrySet()) {
          long start = ch.getKey() * CHUNK;
          if (start >= r.size()) {
            beyond.add(ch.getValue());
          } else {
            files.finish(ch.getValue(), Math.min(CHUNK, r.size() - start));
            keep.put(ch.getKey(), ch.getValue());
          }
        }
        files.delete(beyond);
        pending.removeAll(beyond);
        files.syncDirs(keep.values());
        handedOver = true; // from here mutate() deletes the pending chunks if it does not commit
        return e.mutate(key, r, pending, (t, fx) -> {
          Vnode v = t.vnode(s.fid);
          mustBeFile(v);
          if (s.baseVersion >= 0 && s.baseVersion != v.version) {
            throw new DfsException(Status.ECONFLICT,
                s.fid + " changed since version " + s.baseVersion + " (now " + v.version + ")");
          }
          List<Long> old = t.deleteChunksFrom(v, 0);
          for (Map.Entry<Long, Long> ch : keep.entrySet()) {
            t.putChunk(v, ch.getKey(), ch.getValue());
          }
          v.size = r.size();
          clearSetIds(c, v);
          v.touch(fx.now, true);
          t.putVnode(v);
          fx.changed(v);
          fx.garbage(v, old);
          return new Reply.Attrs(v.attr());
        });
      } finally {
        lock.unlock();
      }
    } finally {
      if (!handedOver) {
        files.delete(pending);
      }
    }
  }

  Outcome storeAbort(Caller c, Request.StoreAbort r) {
    StoreSessions.Session s;
    try {
      s = sessions.take(r.storeId(), c);
    } catch (DfsException ex) {
      // Aborting a store that is already gone (finished, expired, or lost in a restart) is
      // what the client wanted anyway: answering Ok keeps retries harmless.
      return Outcome.read(new Reply.Ok());
    }
    sessions.discard(s);
    return Outcome.read(new Reply.Ok());
  }
}

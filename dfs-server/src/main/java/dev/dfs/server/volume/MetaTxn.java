package dev.dfs.server.volume;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.DirEntry;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.FileType;
import dev.dfs.protocol.Status;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

/**
 * A typed view of one LMDB transaction. Values returned by LMDB point into the map and are valid
 * only until the next call, so every accessor decodes at once.
 */
final class MetaTxn implements AutoCloseable {
  /** A directory entry: its readdir position, the object it names and that object's type. */
  record Dirent(long seq, Fid child, FileType type) {}

  private final Db db;
  private final Txn<ByteBuffer> txn;

  MetaTxn(Db db, Txn<ByteBuffer> txn) {
    this.db = db;
    this.txn = txn;
  }

  private static ByteBuffer be(ByteBuffer b) {
    return b.order(ByteOrder.BIG_ENDIAN);
  }

  // ---- counters ----

  long getCounter(String name) {
    ByteBuffer v = db.meta.get(txn, Keys.string(name));
    return v == null ? 0 : be(v).getLong(0);
  }

  void putCounter(String name, long value) {
    db.meta.put(txn, Keys.string(name), Keys.longs(value));
  }

  /** Returns the counter's next value (starting at 1) and persists it. */
  long next(String name) {
    long n = getCounter(name) + 1;
    putCounter(name, n);
    return n;
  }

  // ---- volumes ----

  VolumeRec volume(long id) {
    ByteBuffer v = db.volumes.get(txn, Keys.longs(id));
    return v == null ? null : VolumeRec.decode(id, be(v));
  }

  void putVolume(VolumeRec rec) {
    db.volumes.put(txn, Keys.longs(rec.id()), rec.encode());
  }

  Long volumeId(String name) {
    ByteBuffer v = db.volNames.get(txn, Keys.string(name));
    return v == null ? null : be(v).getLong(0);
  }

  void putVolumeName(String name, long id) {
    db.volNames.put(txn, Keys.string(name), Keys.longs(id));
  }

  List<VolumeRec> volumes() {
    List<VolumeRec> out = new ArrayList<>();
    try (Cursor<ByteBuffer> c = db.volumes.openCursor(txn)) {
      for (boolean ok = c.first(); ok; ok = c.next()) {
        out.add(VolumeRec.decode(be(c.key()).getLong(0), be(c.val())));
      }
    }
    return out;
  }

  // ---- vnodes ----

  Vnode vnodeOrNull(long volume, long vnode) {
    ByteBuffer v = db.vnodes.get(txn, Keys.vnode(volume, vnode));
    return v == null ? null : Vnode.decode(volume, vnode, be(v));
  }

  /** The live vnode named by {@code fid}; ESTALE if it was removed or never existed. */
  Vnode vnode(Fid fid) {
    if (fid == null) {
      throw new DfsException(Status.EINVAL, "missing FID");
    }
    Vnode v = vnodeOrNull(fid.volume(), fid.vnode());
    if (v == null || v.uniq != fid.uniquifier()) {
      throw new DfsException(Status.ESTALE, "stale file handle " + fid);
    }
    return v;
  }

  /** The live directory named by {@code fid}; ESTALE or ENOTDIR otherwise. */
  Vnode dir(Fid fid) {
    Vnode v = vnode(fid);
    if (!v.isDir()) {
      throw new DfsException(Status.ENOTDIR, "not a directory: " + fid);
    }
    return v;
  }

  void putVnode(Vnode v) {
    db.vnodes.put(txn, Keys.vnode(v.volume, v.vnode), v.encode());
  }

  void deleteVnode(Vnode v) {
    db.vnodes.delete(txn, Keys.vnode(v.volume, v.vnode));
  }

  long vnodeCount() {
    return db.vnodes.stat(txn).entries;
  }

  // ---- directory entries ----

  Dirent entry(Vnode dir, String name) {
    ByteBuffer v = db.dirents.get(txn, Keys.dirent(dir.volume, dir.vnode, name));
    if (v == null) {
      return null;
    }
    be(v);
    long seq = v.getLong();
    Fid child = new Fid(v.getLong(), v.getLong(), v.getLong());
    return new Dirent(seq, child, FileType.ofCode(v.get()));
  }

  /** Adds {@code name} to {@code dir} at its next position; the caller writes {@code dir} back. */
  void addEntry(Vnode dir, String name, Fid child, FileType type) {
    long seq = dir.nextSeq++;
    ByteBuffer e = ByteBuffer.allocateDirect(8 + 24 + 1);
    e.putLong(seq).putLong(child.volume()).putLong(child.vnode()).putLong(child.uniquifier()).put((byte) type.code());
    db.dirents.put(txn, Keys.dirent(dir.volume, dir.vnode, name), e.flip());
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer s = ByteBuffer.allocateDirect(24 + 1 + n.length);
    s.putLong(child.volume()).putLong(child.vnode()).putLong(child.uniquifier()).put((byte) type.code()).put(n);
    db.dirSeq.put(txn, Keys.seq(dir.volume, dir.vnode, seq), s.flip());
  }

  void removeEntry(Vnode dir, String name, Dirent e) {
    db.dirents.delete(txn, Keys.dirent(dir.volume, dir.vnode, name));
    db.dirSeq.delete(txn, Keys.seq(dir.volume, dir.vnode, e.seq()));
  }

  boolean isEmptyDir(Vnode dir) {
    ByteBuffer prefix = Keys.vnode(dir.volume, dir.vnode);
    try (Cursor<ByteBuffer> c = db.dirSeq.openCursor(txn)) {
      return !(c.get(prefix, GetOp.MDB_SET_RANGE) && Keys.hasPrefix(c.key(), prefix));
    }
  }

  /** One readdir page. */
  record Page(List<DirEntry> entries, long nextCookie, boolean eof) {}

  /** Up to {@code max} entries at positions {@code >= from}, in position order. */
  Page page(Vnode dir, long from, int max) {
    ByteBuffer prefix = Keys.vnode(dir.volume, dir.vnode);
    List<DirEntry> out = new ArrayList<>(Math.min(max, 1024));
    try (Cursor<ByteBuffer> c = db.dirSeq.openCursor(txn)) {
      boolean ok = c.get(Keys.seq(dir.volume, dir.vnode, from), GetOp.MDB_SET_RANGE);
      while (ok && Keys.hasPrefix(c.key(), prefix)) {
        long seq = be(c.key()).getLong(16);
        if (out.size() == max) {
          return new Page(out, seq, false);
        }
        ByteBuffer v = be(c.val());
        Fid child = new Fid(v.getLong(), v.getLong(), v.getLong());
        FileType type = FileType.ofCode(v.get());
        byte[] n = new byte[v.remaining()];
        v.get(n);
        out.add(new DirEntry(new String(n, StandardCharsets.UTF_8), child, type));
        ok = c.next();
      }
    }
    return new Page(out, Math.max(from, dir.nextSeq), true);
  }

  // ---- content chunks ----

  /** Chunk index to chunk id for indexes in [{@code from}, {@code to}). */
  TreeMap<Long, Long> chunks(Vnode v, long from, long to) {
    TreeMap<Long, Long> out = new TreeMap<>();
    ByteBuffer prefix = Keys.vnode(v.volume, v.vnode);
    try (Cursor<ByteBuffer> c = db.chunks.openCursor(txn)) {
      boolean ok = c.get(Keys.chunk(v.volume, v.vnode, from), GetOp.MDB_SET_RANGE);
      while (ok && Keys.hasPrefix(c.key(), prefix)) {
        long index = be(c.key()).getLong(16);
        if (index >= to) {
          break;
        }
        out.put(index, be(c.val()).getLong(0));
        ok = c.next();
      }
    }
    return out;
  }

  /** Points chunk {@code index} at {@code chunkId}; returns the chunk id it replaced, or null. */
  Long putChunk(Vnode v, long index, long chunkId) {
    ByteBuffer key = Keys.chunk(v.volume, v.vnode, index);
    ByteBuffer old = db.chunks.get(txn, key);
    Long previous = old == null ? null : be(old).getLong(0);
    db.chunks.put(txn, key, Keys.longs(chunkId));
    return previous;
  }

  /** Removes chunks with index {@code >= from}; returns their ids (to delete after commit). */
  List<Long> deleteChunksFrom(Vnode v, long from) {
    List<Long> ids = new ArrayList<>();
    ByteBuffer prefix = Keys.vnode(v.volume, v.vnode);
    try (Cursor<ByteBuffer> c = db.chunks.openCursor(txn)) {
      boolean ok = c.get(Keys.chunk(v.volume, v.vnode, from), GetOp.MDB_SET_RANGE);
      while (ok && Keys.hasPrefix(c.key(), prefix)) {
        ids.add(be(c.val()).getLong(0));
        c.delete();
        ok = c.get(Keys.chunk(v.volume, v.vnode, from), GetOp.MDB_SET_RANGE);
      }
    }
    return ids;
  }

  /** Every chunk id referenced from the metadata (startup recovery). */
  java.util.Set<Long> allChunkIds() {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    try (Cursor<ByteBuffer> c = db.chunks.openCursor(txn)) {
      for (boolean ok = c.first(); ok; ok = c.next()) {
        ids.add(be(c.val()).getLong(0));
      }
    }
    return ids;
  }

  Db db() {
    return db;
  }

  Txn<ByteBuffer> raw() {
    return txn;
  }

  void commit() {
    txn.commit();
  }

  @Override
  public void close() {
    txn.close();
  }
}

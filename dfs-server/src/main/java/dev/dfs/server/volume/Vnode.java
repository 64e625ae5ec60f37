package dev.dfs.server.volume;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.FileType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One vnode as stored in the {@code vnodes} table, decoded. Mutable on purpose: an operation
 * reads it, changes fields and writes it back within one write transaction.
 */
final class Vnode {
  private static final byte FORMAT = 1;
  private static final int FIXED = 1 + 8 + 1 + 4 + 4 + 4 + 4 + 8 + 8 + 8 + 8 + 8 + 8 + 8;

  final long volume;
  final long vnode;
  final long uniq;
  final FileType type;
  int mode;
  int uid;
  int gid;
  int nlink;
  long size;
  long atime;
  long mtime;
  long ctime;
  long version;
  /** Directories: the vnode of the parent directory in the same volume (itself for a volume root). */
  long parent;
  /** Directories: the readdir position the next entry gets. */
  long nextSeq;
  /** Symlinks: the target. */
  String target;

  Vnode(long volume, long vnode, long uniq, FileType type) {
    this.volume = volume;
    this.vnode = vnode;
    this.uniq = uniq;
    this.type = type;
  }

  Fid fid() {
    return new Fid(volume, vnode, uniq);
  }

  boolean isDir() {
    return type == FileType.DIRECTORY;
  }

  Attr attr() {
    return new Attr(fid(), type, mode, nlink, uid, gid, size, atime, mtime, ctime, version);
  }

  /** Records a change of the object at {@code now}: ctime and, for content or entries, mtime. */
  void touch(long now, boolean content) {
    ctime = now;
    if (content) {
      mtime = now;
    }
    version++;
  }

  ByteBuffer encode() {
    byte[] t = target == null ? new byte[0] : target.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocateDirect(FIXED + t.length);
    b.put(FORMAT).putLong(uniq).put((byte) type.code()).putInt(mode).putInt(uid).putInt(gid).putInt(nlink)
        .putLong(size).putLong(atime).putLong(mtime).putLong(ctime).putLong(version).putLong(parent)
        .putLong(nextSeq).put(t);
    return b.flip();
  }

  static Vnode decode(long volume, long vnode, ByteBuffer b) {
    byte format = b.get();
    if (format != FORMAT) {
      throw new IllegalStateException("unknown vnode record format " + format + " for " + volume + "." + vnode);
    }
    long uniq = b.getLong();
    Vnode v = new Vnode(volume, vnode, uniq, FileType.ofCode(b.get()));
    v.mode = b.getInt();
    v.uid = b.getInt();
    v.gid = b.getInt();
    v.nlink = b.getInt();
    v.size = b.getLong();
    v.atime = b.getLong();
    v.mtime = b.getLong();
    v.ctime = b.getLong();
    v.version = b.getLong();
    v.parent = b.getLong();
    v.nextSeq = b.getLong();
    if (b.hasRemaining()) {
      byte[] t = new byte[b.remaining()];
      b.get(t);
      v.target = new String(t, StandardCharsets.UTF_8);
    }
    return v;
  }
}

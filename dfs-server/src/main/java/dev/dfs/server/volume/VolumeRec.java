package dev.dfs.server.volume;

import dev.dfs.protocol.Fid;
import dev.dfs.protocol.VolumeInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A volume location entry as stored in the {@code volumes} table. */
record VolumeRec(long id, String name, long rootUniq, long nextVnode, String server) {
  /** Every volume's root directory is vnode 1. */
  static final long ROOT_VNODE = 1;

  Fid root() {
    return new Fid(id, ROOT_VNODE, rootUniq);
  }

  VolumeInfo info(String serverAddress) {
    return new VolumeInfo(id, name, root(), serverAddress);
  }

  VolumeRec withNextVnode(long next) {
    return new VolumeRec(id, name, rootUniq, next, server);
  }

  ByteBuffer encode() {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] s = server.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocateDirect(8 + 8 + 4 + n.length + 4 + s.length);
    return b.putLong(rootUniq).putLong(nextVnode).putInt(n.length).put(n).putInt(s.length).put(s).flip();
  }

  static VolumeRec decode(long id, ByteBuffer b) {
    long uniq = b.getLong();
    long next = b.getLong();
    byte[] n = new byte[b.getInt()];
    b.get(n);
    byte[] s = new byte[b.getInt()];
    b.get(s);
    return new VolumeRec(id, new String(n, StandardCharsets.UTF_8), uniq, next, new String(s, StandardCharsets.UTF_8));
  }
}

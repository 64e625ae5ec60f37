package dev.dfs.server.volume;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key layouts of the LMDB tables. Numbers are big-endian so that LMDB's byte order is numeric
 * order (all ids are non-negative); LMDBJava wants direct buffers.
 */
final class Keys {
  private Keys() {}

  static ByteBuffer longs(long... values) {
    ByteBuffer b = ByteBuffer.allocateDirect(8 * values.length);
    for (long v : values) {
      b.putLong(v);
    }
    return b.flip();
  }

  /** {@code vnodes}: volume, vnode. {@code chunks} prefix and {@code dirents}/{@code dirseq} prefix. */
  static ByteBuffer vnode(long volume, long vnode) {
    return longs(volume, vnode);
  }

  /** {@code chunks}: volume, vnode, chunk index. */
  static ByteBuffer chunk(long volume, long vnode, long index) {
    return longs(volume, vnode, index);
  }

  /** {@code dirseq}: volume, directory vnode, position. */
  static ByteBuffer seq(long volume, long dir, long seq) {
    return longs(volume, dir, seq);
  }

  /** {@code dirents}: volume, directory vnode, UTF-8 name. */
  static ByteBuffer dirent(long volume, long dir, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocateDirect(16 + n.length);
    return b.putLong(volume).putLong(dir).put(n).flip();
  }

  static ByteBuffer string(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  static ByteBuffer bytes(byte[] bytes) {
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
  }

  static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** Whether {@code key} starts with the bytes of {@code prefix}. */
  static boolean hasPrefix(ByteBuffer key, ByteBuffer prefix) {
    int n = prefix.remaining();
    if (key.remaining() < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (key.get(key.position() + i) != prefix.get(prefix.position() + i)) {
        return false;
      }
    }
    return true;
  }
}

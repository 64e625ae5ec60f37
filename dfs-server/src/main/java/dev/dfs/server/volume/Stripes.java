package dev.dfs.server.volume;

import dev.dfs.protocol.Fid;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Striped read/write locks over vnodes. Content mutations of one vnode (write, truncate, store
 * commit, deleting its chunk files) hold the write lock; fetch holds the read lock so that the
 * chunks it found in LMDB are not deleted under it. Never taken while a write transaction is
 * open, so they cannot deadlock against LMDB's writer lock.
 */
final class Stripes {
  private final ReentrantReadWriteLock[] locks;

  Stripes(int count) {
    locks = new ReentrantReadWriteLock[count];
    for (int i = 0; i < count; i++) {
      locks[i] = new ReentrantReadWriteLock();
    }
  }

  ReentrantReadWriteLock of(long volume, long vnode) {
    long h = volume * 0x9E3779B97F4A7C15L + vnode;
    h ^= h >>> 31;
    return locks[(int) Math.floorMod(h, (long) locks.length)];
  }

  ReentrantReadWriteLock of(Fid fid) {
    return of(fid.volume(), fid.vnode());
  }
}

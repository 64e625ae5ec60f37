package dev.dfs.client;

import dev.dfs.client.cache.Container;
import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Status;
import java.nio.ByteBuffer;

/**
 * A file opened in session mode (AFS): the handle works on this client's cached copy of one
 * version of the file. Open fetches it unless a callback still covers the cached copy (files
 * above {@link #EAGER_BYTES} are fetched chunk by chunk as they are read); reads and writes are
 * local; close of a handle that wrote stores the whole file back, and other clients see it at
 * their next open. A handle keeps its snapshot while it is open, whatever others store.
 */
final class SessionFile implements DfsFile {
  /** Files up to this size are fetched whole on open, so the snapshot is complete at once. */
  static final long EAGER_BYTES = 64L << 20;
  /** How far a read of a large file fetches ahead, so sequential reads keep the link busy. */
  static final long READ_AHEAD = 8L * Container.CHUNK;
  private static final int OPEN_RETRIES = 5;

  private final DfsClient client;
  private final Container container;
  private final OpenFlags flags;
  private final Attr opened;
  private boolean wrote;
  private boolean closed;

  private SessionFile(DfsClient client, Container container, OpenFlags flags, Attr opened) {
    this.client = client;
    this.container = container;
    this.flags = flags;
    this.opened = opened;
  }

  static SessionFile open(DfsClient client, Fid fid, OpenFlags flags) {
    for (int attempt = 0; ; attempt++) {
      Attr attr = client.getattr(fid); // a valid callback means the cached copy is current
      Container c = client.contentCache().find(fid, attr.dataVersion())
          .orElseGet(() -> client.contentCache().acquire(fid, attr.dataVersion(), attr.size()));
      try {
        if (c.size() <= EAGER_BYTES && !flags.truncate()) {
          Chunks.fill(client, c, c.missing(0, c.size()));
        }
        SessionFile f = new SessionFile(client, c, flags, attr);
        if (flags.truncate() && c.size() != 0) {
          c.truncate(0, true);
          f.wrote = true;
        }
        return f;
      } catch (DfsException e) {
        client.contentCache().release(c);
        if (e.status() != Status.ESTALE || attempt >= OPEN_RETRIES) {
          throw e;
        }
        client.fetchAttr(fid); // changed under us while we fetched: start again with the new version
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new DfsException(Status.EBADF, "file is closed: " + container.fid());
    }
  }

  @Override
  public synchronized Attr attr() {
    checkOpen();
    return new Attr(opened.fid(), opened.type(), opened.mode(), opened.nlink(), opened.uid(), opened.gid(),
        container.size(), opened.atimeNanos(), opened.mtimeNanos(), opened.ctimeNanos(), container.version());
  }

  @Override
  public synchronized int read(ByteBuffer dst, long position) {
    checkOpen();
    if (!flags.read()) {
      throw new DfsException(Status.EBADF, "not open for reading");
    }
    checkPosition(position);
    if (!dst.hasRemaining()) {
      return 0;
    }
    long end = position + dst.remaining();
    if (!container.missing(position, end).isEmpty()) {
      Chunks.fill(client, container, container.missing(position, Math.max(end, position + READ_AHEAD)));
    }
    return container.read(dst, position);
  }

  @Override
  public synchronized int write(ByteBuffer src, long position) {
    checkOpen();
    if (!flags.write()) {
      throw new DfsException(Status.EBADF, "not open for writing");
    }
    checkPosition(position);
    long at = flags.append() ? container.size() : position;
    // A partial write into a chunk needs the rest of that chunk first.
    Chunks.fill(client, container, container.missing(at, at + src.remaining()));
    wrote = true;
    return container.write(src, at);
  }

  @Override
  public synchronized long size() {
    checkOpen();
    return container.size();
  }

  @Override
  public synchronized void truncate(long size) {
    checkOpen();
    if (!flags.write()) {
      throw new DfsException(Status.EBADF, "not open for writing");
    }
    checkPosition(size);
    if (size < container.size()) {
      Chunks.fill(client, container, container.missing(size, size + 1));
    }
    wrote = true;
    container.truncate(size, true);
  }

  @Override
  public synchronized void sync() {
    checkOpen();
    store();
  }

  @Override
  public boolean writable() {
    return flags.write();
  }

  /**
   * Stores the whole file if this client changed it; last close wins. The container's lock is
   * not held across the store (the cache's lock comes first, see ContentCache.stored): writes
   * that arrive meanwhile leave the container dirty, and the next close stores them too.
   */
  private void store() {
    long snapshot;
    long size;
    synchronized (container) {
      if (!container.dirty()) {
        return;
      }
      Chunks.fill(client, container, container.missing(0, container.size()));
      snapshot = container.modifications();
      size = container.size();
    }
    Attr after;
    try {
      after = storeOnce(size);
    } catch (DfsException e) {
      if (e.status() != Status.EUNREACHABLE && e.status() != Status.EBADF) {
        throw e;
      }
      after = storeOnce(size); // the connection dropped mid-store: the link has reconnected
    }
    client.contentCache().stored(container, after.dataVersion(), snapshot);
  }

  private Attr storeOnce(long size) {
    return client.storeWhole(container.fid(), -1, offset -> {
      if (offset >= size) {
        return null;
      }
      int len = (int) Math.min(Container.CHUNK, size - offset);
      return container.readChunk(offset, len);
    }, null);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (wrote) {
        store();
      }
    } finally {
      client.contentCache().release(container);
    }
  }

  private static void checkPosition(long position) {
    if (position < 0) {
      throw new DfsException(Status.EINVAL, "negative position " + position);
    }
  }
}

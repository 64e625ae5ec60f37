package dev.dfs.client;

import dev.dfs.client.cache.Container;
import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.SetAttr;
import dev.dfs.protocol.Status;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A file opened in one-copy or stateless mode: every write is a durable range write on the
 * server before it returns, and reads come from the cached copy only while the mode trusts it
 * (one-copy: under a callback promise, which the server breaks, and waits for us to drop it,
 * before it acknowledges a conflicting write; stateless: for the attribute cache's lifetime).
 * Otherwise a read fetches the chunk and keeps it for next time.
 */
final class DirectFile implements DfsFile {
  private final DfsClient client;
  private final OpenFlags flags;
  private final Attr opened;
  private volatile boolean closed;

  DirectFile(DfsClient client, Attr attr, OpenFlags flags) {
    this.client = client;
    this.opened = attr;
    this.flags = flags;
  }

  private void checkOpen() {
    if (closed) {
      throw new DfsException(Status.EBADF, "file is closed: " + opened.fid());
    }
  }

  private void checkFile() {
    if (opened.isDirectory()) {
      throw new DfsException(Status.EISDIR, "is a directory: " + opened.fid());
    }
  }

  @Override
  public Attr attr() {
    checkOpen();
    return client.getattr(opened.fid());
  }

  @Override
  public int read(ByteBuffer dst, long position) {
    checkOpen();
    checkFile();
    if (!flags.read()) {
      throw new DfsException(Status.EBADF, "not open for reading");
    }
    checkPosition(position);
    if (!dst.hasRemaining()) {
      return 0;
    }
    Attr attr = client.getattr(opened.fid());
    if (position >= attr.size()) {
      return -1;
    }
    int chunk = (int) (position / Container.CHUNK);
    Optional<Container> cached = client.contentCache().find(opened.fid(), attr.dataVersion());
    if (cached.isPresent()) {
      Container c = cached.get();
      try {
        if (c.has(chunk)) {
          return readWithin(c, dst, position);
        }
      } finally {
        client.contentCache().release(c);
      }
    }
    // Not trusted locally: fetch the chunk, and keep it if no break overtook the reply.
    long gen = client.metaCache().generation();
    long chunkStart = (long) chunk * Container.CHUNK;
    Reply.Data d = client.call(new Request.Fetch(opened.fid(), chunkStart, Container.CHUNK), Reply.Data.class);
    client.metaCache().put(d.attr(), gen);
    if (client.metaCache().generation() == gen) {
      Container c = client.contentCache().acquire(opened.fid(), d.attr().dataVersion(), d.attr().size());
      try {
        c.fill(chunk, d.data());
      } finally {
        client.contentCache().release(c);
      }
    }
    int from = (int) (position - chunkStart);
    if (from >= d.data().length) {
      return -1;
    }
    int n = Math.min(dst.remaining(), d.data().length - from);
    dst.put(d.data(), from, n);
    return n;
  }

  private static int readWithin(Container c, ByteBuffer dst, long position) {
    long chunkEnd = (position / Container.CHUNK + 1) * Container.CHUNK;
    ByteBuffer slice = dst.slice();
    slice.limit((int) Math.min(slice.limit(), chunkEnd - position));
    int n = c.read(slice, position);
    if (n > 0) {
      dst.position(dst.position() + n);
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src, long position) {
    checkOpen();
    checkFile();
    if (!flags.write()) {
      throw new DfsException(Status.EBADF, "not open for writing");
    }
    checkPosition(position);
    long at = flags.append() ? client.fetchAttr(opened.fid()).size() : position;
    int total = 0;
    while (src.hasRemaining()) {
      byte[] piece = new byte[Math.min(src.remaining(), Container.CHUNK - (int) ((at + total) % Container.CHUNK))];
      src.get(piece);
      Attr before = client.metaCache().lastKnown(opened.fid());
      long gen = client.metaCache().generation();
      Attr after = client.call(new Request.Write(opened.fid(), at + total, piece), Reply.Attrs.class).attr();
      client.metaCache().put(after, gen);
      keepCacheInStep(before, after, piece, at + total, gen);
      total += piece.length;
    }
    return total;
  }

  /**
   * If the cached copy was exactly the version before our write, apply the write to it and
   * re-file it under the new version; otherwise somebody else changed the file too, and the
   * cached copy is dropped.
   */
  private void keepCacheInStep(Attr before, Attr after, byte[] piece, long position, long gen) {
    if (before != null && before.dataVersion() + 1 == after.dataVersion() && client.metaCache().generation() == gen) {
      Optional<Container> c = client.contentCache().find(opened.fid(), before.dataVersion());
      if (c.isPresent()) {
        try {
          c.get().applyWrite(ByteBuffer.wrap(piece), position);
          client.contentCache().stored(c.get(), after.dataVersion());
        } finally {
          client.contentCache().release(c.get());
        }
        return;
      }
    }
    client.contentCache().supersede(opened.fid(), after.dataVersion());
  }

  @Override
  public long size() {
    checkOpen();
    return client.getattr(opened.fid()).size();
  }

  @Override
  public void truncate(long size) {
    checkOpen();
    checkFile();
    if (!flags.write()) {
      throw new DfsException(Status.EBADF, "not open for writing");
    }
    checkPosition(size);
    client.setAttributes(opened.fid(), SetAttr.size(size));
  }

  @Override
  public void sync() {
    checkOpen(); // every write is durable on the server when it returns
  }

  @Override
  public boolean writable() {
    return flags.write();
  }

  @Override
  public void close() {
    closed = true;
  }

  private static void checkPosition(long position) {
    if (position < 0) {
      throw new DfsException(Status.EINVAL, "negative position " + position);
    }
  }
}

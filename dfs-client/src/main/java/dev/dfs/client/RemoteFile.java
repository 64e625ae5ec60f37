package dev.dfs.client;

import dev.dfs.client.rpc.Connection;
import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.SetAttr;
import dev.dfs.protocol.Status;
import java.nio.ByteBuffer;

/**
 * A file handle that works directly on the server: every read is a fetch and every write is a
 * durable range write, so it shows each change as soon as it is acknowledged.
 */
final class RemoteFile implements DfsFile {
  private final Connection connection;
  private final OpenFlags flags;
  private volatile Attr attr;
  private volatile boolean closed;

  RemoteFile(Connection connection, Attr attr, OpenFlags flags) {
    this.connection = connection;
    this.attr = attr;
    this.flags = flags;
  }

  private void checkOpen() {
    if (closed) {
      throw new DfsException(Status.EBADF, "file is closed: " + attr.fid());
    }
  }

  @Override
  public Attr attr() {
    checkOpen();
    return attr;
  }

  @Override
  public int read(ByteBuffer dst, long position) {
    checkOpen();
    if (!flags.read()) {
      throw new DfsException(Status.EBADF, "not open for reading");
    }
    if (position < 0) {
      throw new DfsException(Status.EINVAL, "negative position " + position);
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    int want = Math.min(dst.remaining(), Request.MAX_CHUNK);
    Reply.Data d = connection.call(new Request.Fetch(attr.fid(), position, want), Reply.Data.class);
    attr = d.attr();
    if (d.data().length == 0) {
      return -1;
    }
    dst.put(d.data());
    return d.data().length;
  }

  @Override
  public int write(ByteBuffer src, long position) {
    checkOpen();
    if (!flags.write()) {
      throw new DfsException(Status.EBADF, "not open for writing");
    }
    if (position < 0) {
      throw new DfsException(Status.EINVAL, "negative position " + position);
    }
    int total = 0;
    long at = flags.append() ? size() : position;
    while (src.hasRemaining()) {
      byte[] chunk = new byte[Math.min(src.remaining(), Request.MAX_CHUNK)];
      src.get(chunk);
      attr = connection.call(new Request.Write(attr.fid(), at + total, chunk), Reply.Attrs.class).attr();
      total += chunk.length;
    }
    return total;
  }

  @Override
  public long size() {
    checkOpen();
    attr = connection.call(new Request.GetAttr(attr.fid()), Reply.Attrs.class).attr();
    return attr.size();
  }

  @Override
  public void truncate(long size) {
    checkOpen();
    if (!flags.write()) {
      throw new DfsException(Status.EBADF, "not open for writing");
    }
    attr = connection.call(new Request.SetAttrs(attr.fid(), SetAttr.size(size)), Reply.Attrs.class).attr();
  }

  @Override
  public void sync() {
    checkOpen(); // every write is already durable when acknowledged
  }

  @Override
  public boolean writable() {
    return flags.write();
  }

  @Override
  public void close() {
    closed = true;
  }
}

package dev.dfs.client;

import dev.dfs.client.rpc.Connection;
import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.DirEntry;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Frame;
import dev.dfs.protocol.Push;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.SetAttr;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import dev.dfs.protocol.VolumeInfo;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A client of one Vice server: path-level operations over the wire protocol. Paths are
 * absolute within the cell ({@code /a/b}); they never name a server. Large transfers stream in
 * {@link Request#MAX_CHUNK} pieces with a bounded number in flight, so heap use does not grow
 * with file size.
 */
public final class DfsClient implements AutoCloseable {
  /** Chunks in flight per transfer: enough to keep a loopback link busy, little heap. */
  static final int WINDOW = 8;
  private static final int MAX_SYMLINKS = 40;

  private final ClientConfig config;
  private final EventLoopGroup group;
  private final Connection connection;
  private final List<Consumer<List<Fid>>> breakListeners = new CopyOnWriteArrayList<>();

  private DfsClient(ClientConfig config) {
    this.config = config;
    this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("dfs-client", true));
    try {
      Request.Hello hello = new Request.Hello(Frame.PROTOCOL_VERSION, config.clientId(), config.uid(), config.gid(),
          config.callbacks(), new byte[0]);
      this.connection = Connection.open(group, config.server(), hello, config.timeout(), new AtomicLong(),
          this::onPush);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Connects to the server named in {@code config}; throws DfsException(EUNREACHABLE) if it cannot. */
  public static DfsClient connect(ClientConfig config) {
    return new DfsClient(config);
  }

  public ClientConfig config() {
    return config;
  }

  /** The server's epoch: it changes when the server restarts. */
  public long serverEpoch() {
    return connection.hello().serverEpoch();
  }

  /** The underlying connection, for callers that speak the protocol directly. */
  public Connection connection() {
    return connection;
  }

  /** Calls {@code listener} with the FIDs of every callback break the server pushes. */
  public void onCallbackBreak(Consumer<List<Fid>> listener) {
    breakListeners.add(listener);
  }

  private void onPush(Push push) {
    if (push instanceof Push.CallbackBreak b) {
      breakListeners.forEach(l -> l.accept(b.fids()));
    }
  }

  private <T extends Reply> T call(Request r, Class<T> type) {
    return connection.call(r, type);
  }

  // ---- paths ----

  /** The attributes of {@code path}, not following a final symlink (lstat). */
  public Attr stat(String path) {
    return resolve(path, false);
  }

  /** The attributes of {@code path}, following symlinks (stat). */
  public Attr statFollow(String path) {
    return resolve(path, true);
  }

  /** All entries of a directory, page by page. */
  public List<DirEntry> list(String path) {
    Attr dir = resolve(path, true);
    if (!dir.isDirectory()) {
      throw new DfsException(Status.ENOTDIR, path);
    }
    List<DirEntry> out = new ArrayList<>();
    long cookie = 0;
    while (true) {
      Reply.DirPage page = call(new Request.ReadDir(dir.fid(), cookie, 1024), Reply.DirPage.class);
      out.addAll(page.entries());
      if (page.eof()) {
        return out;
      }
      cookie = page.nextCookie();
    }
  }

  public Attr mkdir(String path, int mode) {
    Parent p = parent(path);
    return call(new Request.Mkdir(p.dir, p.name, mode), Reply.Entry.class).child();
  }

  /** Removes a file, symlink or empty directory. */
  public void remove(String path) {
    Parent p = parent(path);
    Attr target = call(new Request.Lookup(p.dir, p.name), Reply.Attrs.class).attr();
    Request r = target.isDirectory() ? new Request.Rmdir(p.dir, p.name) : new Request.Remove(p.dir, p.name);
    call(r, Reply.Entry.class);
  }

  /** Removes a file or symlink (unlink(2)): EISDIR for a directory. */
  public void unlink(String path) {
    Parent p = parent(path);
    call(new Request.Remove(p.dir, p.name), Reply.Entry.class);
  }

  /** Removes an empty directory (rmdir(2)): ENOTDIR for anything else. */
  public void rmdir(String path) {
    Parent p = parent(path);
    call(new Request.Rmdir(p.dir, p.name), Reply.Entry.class);
  }

  /** A new hard link {@code newPath} to the file at {@code existing} (not following a final symlink). */
  public Attr link(String existing, String newPath) {
    Attr file = resolve(existing, false);
    Parent p = parent(newPath);
    return call(new Request.Link(file.fid(), p.dir, p.name), Reply.Entry.class).child();
  }

  /** Changes mode, owner, size or times of {@code path}; returns the new attributes. */
  public Attr setAttributes(String path, SetAttr change, boolean followLinks) {
    Attr target = resolve(path, followLinks);
    return call(new Request.SetAttrs(target.fid(), change), Reply.Attrs.class).attr();
  }

  public void rename(String from, String to) {
    Parent a = parent(from);
    Parent b = parent(to);
    call(new Request.Rename(a.dir, a.name, b.dir, b.name), Reply.Renamed.class);
  }

  public Attr symlink(String path, String target) {
    Parent p = parent(path);
    return call(new Request.Symlink(p.dir, p.name, target), Reply.Entry.class).child();
  }

  public String readlink(String path) {
    return call(new Request.Readlink(resolve(path, false).fid()), Reply.LinkTarget.class).target();
  }

  public List<VolumeInfo> volumes() {
    return call(new Request.VolList(), Reply.Volumes.class).volumes();
  }

  /** Creates a volume; mounts it at {@code mountPath} unless that is null. */
  public VolumeInfo createVolume(String name, String mountPath) {
    Fid dir = null;
    String mountName = null;
    if (mountPath != null) {
      Parent p = parent(mountPath);
      dir = p.dir;
      mountName = p.name;
    }
    return call(new Request.VolCreate(name, dir, mountName), Reply.Volume.class).volume();
  }

  public Reply.FsStat statfs(String path) {
    return call(new Request.Statfs(resolve(path, true).fid().volume()), Reply.FsStat.class);
  }

  // ---- open files ----

  /**
   * Opens (and with CREATE or CREATE_NEW, creates with permission bits {@code mode}) the file at
   * {@code path}, following symlinks unless NOFOLLOW is given.
   *
   * @throws DfsException EEXIST (CREATE_NEW on an existing file), ENOENT, EISDIR, ELOOP (NOFOLLOW
   *     on a symlink), EACCES, EINVAL (an illegal mix of flags)
   */
  public DfsFile open(String path, java.util.Set<OpenFlag> flags, int mode) {
    OpenFlags f = OpenFlags.check(flags);
    Attr file;
    if (f.create()) {
      Parent p = parentFollowing(path);
      Attr existing = null;
      try {
        existing = call(new Request.Lookup(p.dir, p.name), Reply.Attrs.class).attr();
      } catch (DfsException e) {
        if (e.status() != Status.ENOENT) {
          throw e;
        }
      }
      if (existing != null && existing.isSymlink() && !f.noFollow() && !f.exclusive()) {
        file = resolve(path, true);
      } else if (existing != null && !f.exclusive()) {
        file = existing;
      } else {
        file = call(new Request.Create(p.dir, p.name, mode, f.exclusive()), Reply.Entry.class).child();
      }
    } else {
      file = resolve(path, !f.noFollow());
    }
    if (file.isSymlink()) {
      throw new DfsException(Status.ELOOP, "is a symbolic link (NOFOLLOW): " + path);
    }
    if (file.isDirectory() && f.write()) {
      throw new DfsException(Status.EISDIR, path);
    }
    if (f.truncate() && file.size() != 0) {
      file = call(new Request.SetAttrs(file.fid(), SetAttr.size(0)), Reply.Attrs.class).attr();
    }
    return new RemoteFile(connection, file, f);
  }

  /** The parent of {@code path}'s last component, following a symlink to a directory there. */
  private Parent parentFollowing(String path) {
    return parent(path);
  }

  // ---- whole-file transfer ----

  /**
   * Stores everything {@code in} yields as the new content of {@code path} (created with
   * {@code mode} if absent). The new content becomes visible at once and only when all of it
   * is on the server; if anything fails, the file keeps its old content.
   *
   * @param progress told the number of bytes sent so far after each chunk (may be null)
   * @return the file's attributes after the store
   */
  public Attr put(InputStream in, String path, int mode, LongConsumer progress) {
    Parent p = parent(path);
    Attr file = call(new Request.Create(p.dir, p.name, mode, false), Reply.Entry.class).child();
    if (!file.isFile()) {
      throw new DfsException(Status.EISDIR, path);
    }
    long storeId = call(new Request.StoreBegin(file.fid(), -1), Reply.StoreOpened.class).storeId();
    Deque<CompletableFuture<Reply>> window = new ArrayDeque<>();
    long offset = 0;
    boolean committed = false;
    try {
      while (true) {
        byte[] chunk = in.readNBytes(Request.MAX_CHUNK);
        if (chunk.length == 0) {
          break;
        }
        window.add(connection.send(new Request.StoreData(storeId, offset, chunk)));
        offset += chunk.length;
        if (window.size() >= WINDOW) {
          connection.await(window.poll(), Reply.Ok.class);
        }
        if (progress != null) {
          progress.accept(offset);
        }
      }
      while (!window.isEmpty()) {
        connection.await(window.poll(), Reply.Ok.class);
      }
      Attr after = call(new Request.StoreCommit(storeId, offset), Reply.Attrs.class).attr();
      committed = true;
      return after;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the input for " + path, e);
    } finally {
      if (!committed) {
        connection.send(new Request.StoreAbort(storeId));
      }
    }
  }

  /**
   * Writes the content of {@code path} to {@code out}, all of one version: if the file changes
   * during the transfer, this fails with EAGAIN rather than mix two versions.
   *
   * @return the attributes of the version that was read
   */
  public Attr get(String path, OutputStream out, LongConsumer progress) {
    Attr file = resolve(path, true);
    if (file.isDirectory()) {
      throw new DfsException(Status.EISDIR, path);
    }
    Deque<CompletableFuture<Reply>> window = new ArrayDeque<>();
    long requested = 0;
    long written = 0;
    long version = file.dataVersion();
    long size = file.size();
    try {
      while (true) {
        while (window.size() < WINDOW && requested <= size) {
          window.add(connection.send(new Request.Fetch(file.fid(), requested, Request.MAX_CHUNK)));
          requested += Request.MAX_CHUNK;
        }
        if (window.isEmpty()) {
          return file;
        }
        Reply.Data d = connection.await(window.poll(), Reply.Data.class);
        if (d.attr().dataVersion() != version) {
          throw new DfsException(Status.EAGAIN, path + " changed while it was being read; try again");
        }
        out.write(d.data());
        written += d.data().length;
        if (progress != null) {
          progress.accept(written);
        }
        if (d.data().length < Request.MAX_CHUNK) {
          return d.attr();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the output of " + path, e);
    } finally {
      window.forEach(f -> f.cancel(false));
    }
  }

  // ---- resolution ----

  private record Parent(Fid dir, String name) {}

  /** The directory that holds the last component of {@code path}, and that component. */
  private Parent parent(String path) {
    List<String> parts = components(path);
    if (parts.isEmpty()) {
      throw new DfsException(Status.EINVAL, "the root has no parent: " + path);
    }
    String name = parts.remove(parts.size() - 1);
    Attr dir = walk(parts, true);
    if (!dir.isDirectory()) {
      throw new DfsException(Status.ENOTDIR, path);
    }
    return new Parent(dir.fid(), name);
  }

  private Attr resolve(String path, boolean followLast) {
    return walk(components(path), followLast);
  }

  private static List<String> components(String path) {
    if (path == null || path.isEmpty()) {
      throw new DfsException(Status.ENOENT, "empty path");
    }
    if (path.indexOf('\0') >= 0) {
      throw new DfsException(Status.EINVAL, "path contains NUL");
    }
    List<String> out = new ArrayList<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        continue;
      }
      out.add(p);
    }
    return out;
  }

  /** Walks from the root, following symlinks inside the cell (at most 40, then ELOOP). */
  private Attr walk(List<String> parts, boolean followLast) {
    Deque<String> todo = new ArrayDeque<>(parts);
    List<Attr> stack = new ArrayList<>();
    stack.add(call(new Request.GetAttr(connection.hello().root()), Reply.Attrs.class).attr());
    int links = 0;
    while (!todo.isEmpty()) {
      String name = todo.poll();
      Attr dir = stack.get(stack.size() - 1);
      if (name.equals("..")) {
        if (stack.size() > 1) {
          stack.remove(stack.size() - 1);
        }
        continue;
      }
      if (!dir.isDirectory()) {
        throw new DfsException(Status.ENOTDIR, name);
      }
      Attr child = call(new Request.Lookup(dir.fid(), name), Reply.Attrs.class).attr();
      if (child.isSymlink() && (followLast || !todo.isEmpty())) {
        if (++links > MAX_SYMLINKS) {
          throw new DfsException(Status.ELOOP, "too many symbolic links at " + name);
        }
        String target = call(new Request.Readlink(child.fid()), Reply.LinkTarget.class).target();
        List<String> more = new ArrayList<>(List.of(target.split("/")));
        more.removeIf(s -> s.isEmpty() || s.equals("."));
        for (int i = more.size() - 1; i >= 0; i--) {
          todo.addFirst(more.get(i));
        }
        if (target.startsWith("/")) {
          stack.subList(1, stack.size()).clear();
        }
        continue;
      }
      stack.add(child);
    }
    return stack.get(stack.size() - 1);
  }

  @Override
  public void close() {
    connection.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}

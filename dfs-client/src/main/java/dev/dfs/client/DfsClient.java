package dev.dfs.client;

import dev.dfs.client.cache.ContentCache;
import dev.dfs.client.cache.MetaCache;
import dev.dfs.client.rpc.ServerLink;
import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.DirEntry;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Frame;
import dev.dfs.protocol.Push;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.SetAttr;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Venus: a client of one cell. Paths are absolute within the cell ({@code /a/b}) and never name
 * a server. Attributes, names and file contents are cached (contents on disk, in whole-file
 * containers filled chunk by chunk) and trusted as the {@link Consistency} mode allows; callback
 * breaks pushed by the server invalidate them at once. Thread-safe.
 *
 * <pre>{@code
 * try (DfsClient c = DfsClient.connect(ClientConfig.of(address).withMode(Consistency.ONE_COPY))) {
 *   try (DfsFile f = c.open("/notes.txt", Set.of(OpenFlag.WRITE, OpenFlag.CREATE), 0644)) {
 *     f.write(ByteBuffer.wrap(bytes), 0);
 *   }
 * }
 * }</pre>
 */
public final class DfsClient implements AutoCloseable {
  /** Chunks in flight per transfer: enough to keep a loopback link busy, little heap. */
  static final int WINDOW = 8;
  private static final int MAX_SYMLINKS = 40;

  private final ClientConfig config;
  private final EventLoopGroup group;
  private final MetaCache meta;
  private final ContentCache cache;
  private final ServerLink link;
  private final List<Consumer<List<Fid>>> breakListeners = new CopyOnWriteArrayList<>();
  private volatile Fid root;
  private volatile long epoch;
  private final dev.dfs.client.control.CacheControl control;

  DfsClient(ClientConfig config, LongSupplier nanoTime, java.time.Clock wall) {
    this.config = config;
    this.meta = new MetaCache(config.callbacks() ? MetaCache.Validity.CALLBACK : MetaCache.Validity.TIMEOUT, nanoTime,
        wall, config.attrMin().toNanos(), config.attrMax().toNanos());
    this.cache = new ContentCache(config.cacheDir(), config.cacheBytes(), nanoTime);
    this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("dfs-client", true));
    try {
      Request.Hello hello = new Request.Hello(Frame.PROTOCOL_VERSION, config.clientId(), config.uid(), config.gid(),
          config.callbacks(), new byte[0]);
      this.link = ServerLink.open(group, config.server(), hello, config.timeout(), new ServerLink.Listener() {
        @Override
        public void connected(Reply.HelloOk ok, boolean first) {
          meta.callbackLifetime(ok.callbackTtlMillis());
          meta.invalidateAll(); // promises do not outlive a connection
          root = ok.root();
          epoch = ok.serverEpoch();
        }

        @Override
        public void disconnected() {
          meta.invalidateAll(); // the server forgot our promises with the connection
        }

        @Override
        public void pushed(Push push) {
          if (push instanceof Push.CallbackBreak b) {
            meta.invalidate(b.fids());
            breakListeners.forEach(l -> l.accept(b.fids()));
          }
        }
      });
    } catch (RuntimeException e) {
      cache.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    meta.lease(link::trustedUntilNanos);
    this.control = config.cacheDir() == null ? null
        : dev.dfs.client.control.CacheControl.listen(cache.dir(), this::control);
  }

  /** Answers {@code dfs cache status|flush|evict PATH} on the cache's control socket. */
  private String control(String request) {
    String[] words = request.split("\\s+", 2);
    switch (words[0]) {
      case "status": {
        CacheStatus s = cacheStatus();
        return String.format("cache %s%n  server   %s (epoch %d), mode %s%n  content  %.1f of %.1f MiB in %d files"
            + " (%d open, %d modified)%n  metadata %d attributes, %d names%n", s.dir(),
            dev.dfs.protocol.Addresses.format(config.server()), epoch, config.mode().label(), s.usedBytes() / 1048576.0,
            s.maxBytes() / 1048576.0, s.files(), s.open(), s.dirty(), s.attributes(), s.names());
      }
      case "flush":
        return "dropped " + flushCache() + " cached files (open and modified ones stay)\n";
      case "evict": {
        if (words.length < 2) {
          return "error: evict needs a path\n";
        }
        Attr a = resolve(words[1], true);
        meta.invalidate(List.of(a.fid()));
        return "dropped " + cache.evict(a.fid()) + " cached versions of " + words[1] + "\n";
      }
      default:
        return "error: unknown request '" + request + "' (status, flush, evict PATH)\n";
    }
  }

  /** Connects to the server named in {@code config}; throws DfsException(EUNREACHABLE) if it cannot. */
  public static DfsClient connect(ClientConfig config) {
    return new DfsClient(config, System::nanoTime, java.time.Clock.systemUTC());
  }

  public ClientConfig config() {
    return config;
  }

  /** The server's epoch: it changes when the server restarts. */
  public long serverEpoch() {
    return epoch;
  }

  /** The link to the server, for callers that speak the protocol directly. */
  public ServerLink link() {
    return link;
  }

  /** Calls {@code listener} with the FIDs of every callback break the server pushes. */
  public void onCallbackBreak(Consumer<List<Fid>> listener) {
    breakListeners.add(listener);
  }

  /** What the caches hold, for {@code dfs cache status}. */
  public CacheStatus cacheStatus() {
    int[] counts = cache.counts();
    long[] sizes = meta.sizes();
    return new CacheStatus(cache.dir(), cache.usedBytes(), cache.maxBytes(), counts[0], counts[1], counts[2], sizes[0],
        sizes[1]);
  }

  /** Numbers about the client's caches. */
  public record CacheStatus(java.nio.file.Path dir, long usedBytes, long maxBytes, int files, int open, int dirty,
      long attributes, long names) {}

  /** Drops everything cached that is neither open nor dirty; returns the number of files dropped. */
  public int flushCache() {
    meta.invalidateAll();
    return cache.evictAll();
  }

  <T extends Reply> T call(Request r, Class<T> type) {
    return link.call(r, type);
  }

  ContentCache contentCache() {
    return cache;
  }

  MetaCache metaCache() {
    return meta;
  }

  // ---- attributes, with the cache ----

  /** Attributes of {@code fid}, from the cache when the mode trusts it. */
  Attr getattr(Fid fid) {
    Attr a = meta.attr(fid);
    return a != null ? a : fetchAttr(fid);
  }

  /** Attributes of {@code fid} from the server (close-to-open revalidation). */
  Attr fetchAttr(Fid fid) {
    long gen = meta.generation();
    Attr a = call(new Request.GetAttr(fid), Reply.Attrs.class).attr();
    meta.put(a, gen);
    if (a.isFile()) {
      cache.supersede(fid, a.dataVersion());
    }
    return a;
  }

  private Attr lookup(Attr dir, String name) {
    Fid known = meta.lookup(dir.fid(), name);
    if (known != null) {
      Attr a = meta.attr(known);
      if (a != null) {
        return a;
      }
    }
    long gen = meta.generation();
    Attr a = call(new Request.Lookup(dir.fid(), name), Reply.Attrs.class).attr();
    meta.put(a, gen);
    meta.putName(dir.fid(), name, a.fid(), gen);
    return a;
  }

  /** Records what our own change did: the server breaks others' promises, not ours. */
  private void changed(long gen, Attr... attrs) {
    for (Attr a : attrs) {
      meta.put(a, gen);
    }
  }

  // ---- paths ----

  /** The attributes of {@code path}, not following a final symlink (lstat). */
  public Attr stat(String path) {
    return retryStale(() -> withLocalWrites(resolve(path, false)));
  }

  /** The attributes of {@code path}, following symlinks (stat). */
  public Attr statFollow(String path) {
    return retryStale(() -> withLocalWrites(resolve(path, true)));
  }

  /**
   * Runs a path operation again, once, with fresh lookups if a cached name led to a FID that was
   * removed meanwhile (another client renamed or removed it): NFS clients do the same, so that a
   * path never fails with ESTALE just because the cache was a step behind.
   */
  private <T> T retryStale(java.util.function.Supplier<T> op) {
    try {
      return op.get();
    } catch (DfsException e) {
      if (e.status() != Status.ESTALE) {
        throw e;
      }
      meta.invalidateAll();
      return op.get();
    }
  }

  /**
   * Within one client, POSIX holds: a file being written in session mode shows its new size
   * to every stat on this client before the close stores it (other clients see it after).
   */
  private Attr withLocalWrites(Attr a) {
    if (!a.isFile()) {
      return a;
    }
    java.util.OptionalLong size = cache.dirtySize(a.fid());
    if (size.isEmpty() || size.getAsLong() == a.size()) {
      return a;
    }
    return new Attr(a.fid(), a.type(), a.mode(), a.nlink(), a.uid(), a.gid(), size.getAsLong(), a.atimeNanos(),
        a.mtimeNanos(), a.ctimeNanos(), a.dataVersion());
  }

  /** All entries of a directory, page by page. */
  public List<DirEntry> list(String path) {
    return retryStale(() -> listOnce(path));
  }

  private List<DirEntry> listOnce(String path) {
    Attr dir = resolve(path, true);
    if (!dir.isDirectory()) {
      throw new DfsException(Status.ENOTDIR, path);
    }
    List<DirEntry> out = new ArrayList<>();
    long cookie = 0;
    while (true) {
      long gen = meta.generation();
      Reply.DirPage page = call(new Request.ReadDir(dir.fid(), cookie, 1024), Reply.DirPage.class);
      meta.put(page.dir(), gen);
      out.addAll(page.entries());
      if (page.eof()) {
        return out;
      }
      cookie = page.nextCookie();
    }
  }

  public Attr mkdir(String path, int mode) {
    Parent p = parent(path);
    long gen = meta.generation();
    Reply.Entry e = call(new Request.Mkdir(p.dir, p.name, mode), Reply.Entry.class);
    changed(gen, e.dir(), e.child());
    meta.putName(p.dir, p.name, e.child().fid(), gen);
    return e.child();
  }

  /** Removes a file, symlink or empty directory. */
  public void remove(String path) {
    Parent p = parent(path);
    Attr target = call(new Request.Lookup(p.dir, p.name), Reply.Attrs.class).attr();
    removeEntry(p, target.isDirectory() ? new Request.Rmdir(p.dir, p.name) : new Request.Remove(p.dir, p.name));
  }

  /** Removes a file or symlink (unlink(2)): EISDIR for a directory. */
  public void unlink(String path) {
    Parent p = parent(path);
    removeEntry(p, new Request.Remove(p.dir, p.name));
  }

  /** Removes an empty directory (rmdir(2)): ENOTDIR for anything else. */
  public void rmdir(String path) {
    Parent p = parent(path);
    removeEntry(p, new Request.Rmdir(p.dir, p.name));
  }

  private void removeEntry(Parent p, Request r) {
    Fid gone = meta.lookup(p.dir, p.name);
    long gen = meta.generation();
    Reply.Entry e = call(r, Reply.Entry.class);
    meta.forgetName(p.dir, p.name);
    if (gone != null) {
      meta.invalidate(List.of(gone));
    }
    changed(gen, e.dir());
    if (e.child() != null) {
      meta.invalidate(List.of(e.child().fid())); // its link count changed
    }
  }

  public void rename(String from, String to) {
    Parent a = parent(from);
    Parent b = parent(to);
    Fid replaced = meta.lookup(b.dir, b.name);
    long gen = meta.generation();
    Reply.Renamed r = call(new Request.Rename(a.dir, a.name, b.dir, b.name), Reply.Renamed.class);
    meta.forgetName(a.dir, a.name);
    meta.forgetName(b.dir, b.name);
    if (replaced != null) {
      meta.invalidate(List.of(replaced));
    }
    changed(gen, r.fromDir(), r.toDir(), r.moved());
  }

  public Attr symlink(String path, String target) {
    Parent p = parent(path);
    long gen = meta.generation();
    Reply.Entry e = call(new Request.Symlink(p.dir, p.name, target), Reply.Entry.class);
    changed(gen, e.dir(), e.child());
    return e.child();
  }

  public String readlink(String path) {
    return call(new Request.Readlink(resolve(path, false).fid()), Reply.LinkTarget.class).target();
  }

  /** A new hard link {@code newPath} to the file at {@code existing} (not following a final symlink). */
  public Attr link(String existing, String newPath) {
    Attr file = resolve(existing, false);
    Parent p = parent(newPath);
    long gen = meta.generation();
    Reply.Entry e = call(new Request.Link(file.fid(), p.dir, p.name), Reply.Entry.class);
    changed(gen, e.dir(), e.child());
    return e.child();
  }

  /** Changes mode, owner, size or times of {@code path}; returns the new attributes. */
  public Attr setAttributes(String path, SetAttr change, boolean followLinks) {
    return setAttributes(resolve(path, followLinks).fid(), change);
  }

  Attr setAttributes(Fid fid, SetAttr change) {
    long gen = meta.generation();
    Attr a = call(new Request.SetAttrs(fid, change), Reply.Attrs.class).attr();
    changed(gen, a);
    if (change.size() != null) {
      cache.supersede(fid, a.dataVersion());
    }
    return a;
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
      meta.invalidate(List.of(dir));
    }
    return call(new Request.VolCreate(name, dir, mountName), Reply.Volume.class).volume();
  }

  public Reply.FsStat statfs(String path) {
    return call(new Request.Statfs(resolve(path, true).fid().volume()), Reply.FsStat.class);
  }

  // ---- open files ----

  /**
   * Opens (and with CREATE or CREATE_NEW, creates with permission bits {@code mode}) the file at
   * {@code path}, following symlinks unless NOFOLLOW is given. What the handle sees of other
   * clients' writes, and when they see its writes, is this client's {@link Consistency}.
   *
   * @throws DfsException EEXIST (CREATE_NEW on an existing file), ENOENT, EISDIR, ELOOP (NOFOLLOW
   *     on a symlink), EACCES, EINVAL (an illegal mix of flags)
   */
  public DfsFile open(String path, Set<OpenFlag> flags, int mode) {
    OpenFlags f = OpenFlags.check(flags);
    return retryStale(() -> openOnce(path, f, mode));
  }

  private DfsFile openOnce(String path, OpenFlags f, int mode) {
    Attr file;
    if (f.create()) {
      Parent p = parent(path);
      Attr existing = null;
      try {
        existing = lookup(getattr(p.dir), p.name);
      } catch (DfsException e) {
        if (e.status() != Status.ENOENT) {
          throw e;
        }
      }
      if (existing != null && f.exclusive()) {
        throw new DfsException(Status.EEXIST, path);
      }
      if (existing != null && existing.isSymlink() && !f.noFollow()) {
        file = resolve(path, true);
      } else if (existing != null) {
        file = existing;
      } else {
        long gen = meta.generation();
        Reply.Entry e = call(new Request.Create(p.dir, p.name, mode, f.exclusive()), Reply.Entry.class);
        changed(gen, e.dir(), e.child());
        meta.putName(p.dir, p.name, e.child().fid(), gen);
        file = e.child();
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
    if (file.isDirectory()) {
      return new DirectFile(this, file, f);
    }
    if (config.mode() == Consistency.SESSION) {
      return SessionFile.open(this, file.fid(), f);
    }
    if (config.mode() == Consistency.STATELESS) {
      file = fetchAttr(file.fid()); // close-to-open: an open always revalidates
    }
    if (f.truncate() && file.size() != 0) {
      file = setAttributes(file.fid(), SetAttr.size(0));
    }
    return new DirectFile(this, file, f);
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
    long gen = meta.generation();
    Reply.Entry created = call(new Request.Create(p.dir, p.name, mode, false), Reply.Entry.class);
    Attr file = created.child();
    if (!file.isFile()) {
      throw new DfsException(Status.EISDIR, path);
    }
    changed(gen, created.dir());
    Attr after = storeWhole(file.fid(), -1, offset -> {
      try {
        byte[] chunk = in.readNBytes(Request.MAX_CHUNK);
        return chunk.length == 0 ? null : chunk;
      } catch (IOException e) {
        throw new UncheckedIOException("reading the input for " + path, e);
      }
    }, progress);
    cache.supersede(file.fid(), after.dataVersion());
    return after;
  }

  /** Supplies the chunk of a whole-file store at an offset; null at the end. */
  interface ChunkSource {
    byte[] chunkAt(long offset);
  }

  /**
   * One whole-file store: begin, pipelined chunks, commit. Visible only when committed; a failed
   * store leaves the file as it was. With {@code baseVersion >= 0} the commit fails with
   * ECONFLICT if the file changed since that version.
   */
  Attr storeWhole(Fid fid, long baseVersion, ChunkSource source, LongConsumer progress) {
    long storeId = call(new Request.StoreBegin(fid, baseVersion), Reply.StoreOpened.class).storeId();
    Deque<CompletableFuture<Reply>> window = new ArrayDeque<>();
    long offset = 0;
    boolean committed = false;
    try {
      while (true) {
        byte[] chunk = source.chunkAt(offset);
        if (chunk == null) {
          break;
        }
        window.add(link.send(new Request.StoreData(storeId, offset, chunk)));
        offset += chunk.length;
        if (window.size() >= WINDOW) {
          link.await(window.poll(), Reply.Ok.class);
        }
        if (progress != null) {
          progress.accept(offset);
        }
      }
      while (!window.isEmpty()) {
        link.await(window.poll(), Reply.Ok.class);
      }
      long gen = meta.generation();
      Attr after = call(new Request.StoreCommit(storeId, offset), Reply.Attrs.class).attr();
      committed = true;
      changed(gen, after);
      return after;
    } finally {
      if (!committed) {
        try {
          link.send(new Request.StoreAbort(storeId));
        } catch (DfsException ignored) {
          // the connection is gone, and the store with it
        }
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
    Attr file = retryStale(() -> {
      Attr a = resolve(path, true);
      if (a.isDirectory()) {
        throw new DfsException(Status.EISDIR, path);
      }
      return fetchAttr(a.fid());
    });
    Deque<CompletableFuture<Reply>> window = new ArrayDeque<>();
    long requested = 0;
    long written = 0;
    long version = file.dataVersion();
    try {
      while (true) {
        while (window.size() < WINDOW && requested <= file.size()) {
          window.add(link.send(new Request.Fetch(file.fid(), requested, Request.MAX_CHUNK)));
          requested += Request.MAX_CHUNK;
        }
        if (window.isEmpty()) {
          return file;
        }
        Reply.Data d = link.await(window.poll(), Reply.Data.class);
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
    dev.dfs.protocol.Names.check(name);
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
    stack.add(getattr(root));
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
      Attr child = lookup(dir, name);
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
    if (control != null) {
      control.close();
    }
    link.close();
    cache.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}

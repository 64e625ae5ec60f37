package dev.dfs.vfs.fuse;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dfs.client.Consistency;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import jnr.ffi.types.dev_t;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseContext;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The FUSE operations of one mount, each on the {@code dfs:} java.nio file system (STYLE rule 1):
 * paths become {@code fs.getPath(path)}, opens become {@link FileChannel}s kept in
 * {@link OpenFiles}. Numbers the java.nio API has no typed form for (inode number, link count,
 * ctime, numeric owner, full mode) come from the provider's "unix:" attribute view.
 *
 * <p>Every operation runs inside {@link #op}: nothing escapes a native callback (STYLE rule 8).
 * libfuse calls from several threads at once; nothing here holds a lock around network I/O
 * except the per-file lock that makes an O_APPEND size-then-write atomic within this mount.
 *
 * <p>Unlink of an open file: the server frees a vnode at its last unlink, so the file must keep
 * a name while it is open. libfuse 2's high-level API does the NFS "silly rename" itself: it
 * renames a file that is open through the mount to {@code .fuse_hidden<hex>} in the same
 * directory instead of unlinking it (and hides the target of a rename the same way), and
 * unlinks that name after the last release. Only libfuse can do it, because the kernel's
 * inode must keep a path for fstat(2) to work (no {@code hard_remove}).
 */
final class DfsFuse extends FuseStubFS {
  private static final Logger LOG = LoggerFactory.getLogger(DfsFuse.class);

  // Linux open(2) flags and FUSE's special utimensat times.
  private static final int O_ACCMODE = 03;
  private static final int O_WRONLY = 01;
  private static final int O_RDWR = 02;
  private static final int O_EXCL = 0200;
  private static final int O_TRUNC = 01000;
  private static final int O_APPEND = 02000;
  private static final int O_DSYNC = 010000;
  private static final long UTIME_NOW = (1L << 30) - 1;
  private static final long UTIME_OMIT = (1L << 30) - 2;
  private static final long NO_ID = 0xFFFF_FFFFL;
  private static final int BLOCK = 4096;
  private static final int IO_BLOCK = 128 * 1024;
  private static final String STAT_ATTRS = "unix:mode,ino,dev,nlink,uid,gid,size,lastAccessTime,lastModifiedTime,ctime,fileKey";

  private final FileSystem fs;
  private final Consistency mode;
  private final int mountUid;
  private final Clock clock;
  private final Runnable onInit;
  private final OpenFiles files = new OpenFiles();
  private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[IO_BLOCK]);
  private volatile long rootDev = Long.MIN_VALUE;

  /**
   * @param mountUid the identity the server knows this mount by; when it is root, new files are
   *     given to the calling user as a local file system would (-1: never)
   */
  DfsFuse(FileSystem fs, Consistency mode, int mountUid, Clock clock, Runnable onInit) {
    this.fs = fs;
    this.mode = mode;
    this.mountUid = mountUid;
    this.clock = clock;
    this.onInit = onInit;
    setOperationFlags();
  }

  OpenFiles files() {
    return files;
  }

  private volatile Runnable onUmount = () -> {};

  void onUmount(Runnable r) {
    this.onUmount = r;
  }

  /** jnr-fuse calls this from its shutdown hook: unmount the way {@link FuseMount#close} does. */
  @Override
  public void umount() {
    onUmount.run();
  }

  @Override
  protected String getFSName() {
    return "dfs";
  }

  /**
   * libfuse 2 reads flag bits of {@code struct fuse_operations}; we set {@code utime_omit_ok}:
   * utimens understands UTIME_NOW/UTIME_OMIT (without it libfuse drops a change of only one of
   * the two times, as {@code touch -m} makes). jnr-fuse declares the bits as padding, so they
   * are set in the struct's memory at the member's offset.
   */
  private void setOperationFlags() {
    try {
      Object member = fuseOperations.flag_nullpath_ok;
      Method offset = findOffset(member.getClass());
      offset.setAccessible(true);
      long at = (Long) offset.invoke(member);
      Pointer mem = Struct.getMemory(fuseOperations);
      int bits = mem.getInt(at);
      mem.putInt(at, bits | 4 /* utime_omit_ok */);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot set the flags of jnr-fuse's fuse_operations", e);
    }
  }

  private static Method findOffset(Class<?> c) throws NoSuchMethodException {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      try {
        return k.getDeclaredMethod("offset");
      } catch (NoSuchMethodException e) {
        // look further up
      }
    }
    throw new NoSuchMethodException(c.getName() + ".offset()");
  }

  // ------------------------------------------------------------------ the wrapper

  @FunctionalInterface
  private interface Call {
    int run() throws Exception;
  }

  /** Runs one operation: its result, -errno for an expected failure, -EIO (logged once) otherwise. */
  private int op(String name, String path, Call call) {
    try {
      return call.run();
    } catch (Throwable t) {
      int errno = Errno.of(t);
      if (errno == Errno.UNEXPECTED) {
        LOG.warn("FUSE {} {} failed", name, path, t);
        return -Errno.EIO;
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("FUSE {} {}: errno {} ({})", name, path, errno, t.toString());
      }
      return -errno;
    }
  }


  private Path path(String p) {
    return fs.getPath(p == null || p.isEmpty() ? "/" : p);
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public Pointer init(Pointer conn) {
    try {
      rootDev = ((Number) Files.getAttribute(path("/"), "unix:dev")).longValue();
    } catch (Throwable t) {
      LOG.warn("FUSE init: cannot read the root's attributes", t);
    }
    onInit.run();
    return null;
  }

  // ------------------------------------------------------------------ attributes

  @Override
  public int getattr(String path, FileStat stat) {
    return op("getattr", path, () -> {
      fill(stat, path(path));
      return 0;
    });
  }

  @Override
  public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
    return op("fgetattr", path, () -> {
      files.get(fi.fh.get()); // EBADF for a handle we do not know
      fill(stat, path(path));
      return 0;
    });
  }

  /** The attributes of {@code p} into {@code st}. */
  private void fill(FileStat st, Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, STAT_ATTRS, NOFOLLOW_LINKS);
    long size = (Long) a.get("size");
    long mtime = nanos(a.get("lastModifiedTime"));
    long ctime = nanos(a.get("ctime"));
    OpenFiles.Node n = files.node(a.get("fileKey"));
    if (n != null && mode == Consistency.SESSION) {
      // Unstored writes live in the local copy: the size and times a program sees are those.
      OpenFiles.Handle h = n.dirtyHandle();
      if (h != null) {
        try {
          size = h.channel.size();
        } catch (java.nio.channels.ClosedChannelException e) {
          // released meanwhile: the store made the server's size current
        }
      }
      long local = n.localMtimeNanos();
      if (local != Long.MIN_VALUE) {
        mtime = Math.max(mtime, local);
        ctime = Math.max(ctime, local);
      }
      FileTime pending = n.pendingMtime();
      if (pending != null) {
        mtime = nanos(pending);
      }
    }
    long dev = ((Number) a.get("dev")).longValue();
    long ino = ((Number) a.get("ino")).longValue();
    st.st_mode.set((Integer) a.get("mode"));
    st.st_ino.set(dev == rootDev ? ino : ino ^ (dev << 40)); // one st_dev for the mount: keep volumes apart
    st.st_nlink.set((Integer) a.get("nlink"));
    st.st_uid.set((Integer) a.get("uid"));
    st.st_gid.set((Integer) a.get("gid"));
    st.st_size.set(size);
    st.st_blksize.set(IO_BLOCK);
    st.st_blocks.set((size + 511) / 512);
    time(st.st_atim, nanos(a.get("lastAccessTime")));
    time(st.st_mtim, mtime);
    time(st.st_ctim, ctime);
  }

  private static long nanos(Object fileTime) {
    return ((FileTime) fileTime).to(TimeUnit.NANOSECONDS);
  }

  private static void time(Timespec t, long nanos) {
    t.tv_sec.set(Math.floorDiv(nanos, 1_000_000_000L));
    t.tv_nsec.set(Math.floorMod(nanos, 1_000_000_000L));
  }

  @Override
  public int chmod(String path, @mode_t long mode) {
    return op("chmod", path, () -> {
      Files.setAttribute(path(path), "unix:mode", (int) (mode & 07777), NOFOLLOW_LINKS);
      return 0;
    });
  }

  @Override
  public int chown(String path, @uid_t long uid, @gid_t long gid) {
    return op("chown", path, () -> {
      Path p = path(path);
      if (uid != NO_ID && uid != -1) {
        Files.setAttribute(p, "unix:uid", (int) uid, NOFOLLOW_LINKS);
      }
      if (gid != NO_ID && gid != -1) {
        Files.setAttribute(p, "unix:gid", (int) gid, NOFOLLOW_LINKS);
      }
      return 0;
    });
  }

  @Override
  public int utimens(String path, Timespec[] ts) {
    return op("utimens", path, () -> {
      FileTime atime = fileTime(ts[0]);
      FileTime mtime = fileTime(ts[1]);
      if (atime == null && mtime == null) {
        return 0;
      }
      Path p = path(path);
      Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW_LINKS).setTimes(mtime, atime, null);
      if (mode == Consistency.SESSION) {
        Object key = Files.getAttribute(p, "basic:fileKey", NOFOLLOW_LINKS);
        OpenFiles.Node n = files.node(key);
        if (n != null && n.dirtyHandle() != null) {
          n.pendingTimes(atime, mtime); // the store at close would overwrite them: set them again after it
        }
      }
      return 0;
    });
  }

  /** A utimensat time: null for UTIME_OMIT, the clock for UTIME_NOW. */
  private FileTime fileTime(Timespec t) {
    long nsec = t.tv_nsec.longValue();
    if (nsec == UTIME_OMIT) {
      return null;
    }
    if (nsec == UTIME_NOW) {
      return FileTime.from(clock.instant());
    }
    return FileTime.from(Instant.ofEpochSecond(t.tv_sec.get(), nsec));
  }

  @Override
  public int access(String path, int mask) {
    return op("access", path, () -> {
      Map<String, Object> a = Files.readAttributes(path(path), "unix:mode,uid,gid", NOFOLLOW_LINKS);
      if (mask == 0) {
        return 0; // F_OK
      }
      FuseContext ctx = getContext();
      int uid = (int) ctx.uid.get();
      int gid = (int) ctx.gid.get();
      int m = (Integer) a.get("mode");
      if (uid == 0) {
        boolean dir = (m & 0170000) == 0040000;
        return (mask & 1) == 0 || dir || (m & 0111) != 0 ? 0 : -Errno.EACCES;
      }
      int bits = uid == (Integer) a.get("uid") ? m >> 6 : gid == (Integer) a.get("gid") ? m >> 3 : m;
      return (bits & mask & 7) == (mask & 7) ? 0 : -Errno.EACCES;
    });
  }

  @Override
  public int statfs(String path, Statvfs st) {
    return op("statfs", path, () -> {
      FileStore store = Files.getFileStore(path(path));
      st.f_bsize.set(BLOCK);
      st.f_frsize.set(BLOCK);
      st.f_blocks.set(store.getTotalSpace() / BLOCK);
      st.f_bfree.set(store.getUnallocatedSpace() / BLOCK);
      st.f_bavail.set(store.getUsableSpace() / BLOCK);
      // The server keeps no inode table with a limit: report none (as btrfs does), not a made-up figure.
      st.f_files.set(0);
      st.f_ffree.set(0);
      st.f_favail.set(0);
      st.f_namemax.set(255);
      return 0;
    });
  }

  // ------------------------------------------------------------------ names

  @Override
  public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
    return op("readdir", path, () -> {
      // All at once (offset 0 for every entry): libfuse keeps the list and pages it to the kernel.
      add(filler, buf, ".");
      add(filler, buf, "..");
      try (DirectoryStream<Path> s = Files.newDirectoryStream(path(path))) {
        for (Path child : s) {
          if (add(filler, buf, child.getFileName().toString())) {
            break;
          }
        }
      }
      return 0;
    });
  }

  /** Adds one entry; true if the buffer is full. */
  private static boolean add(FuseFillDir filler, Pointer buf, String name) {
    byte[] b = name.getBytes(UTF_8);
    byte[] z = new byte[b.length + 1]; // NUL-terminated
    System.arraycopy(b, 0, z, 0, b.length);
    return filler.apply(buf, ByteBuffer.wrap(z), null, 0) != 0;
  }

  @Override
  public int mkdir(String path, @mode_t long mode) {
    return op("mkdir", path, () -> {
      Path p = path(path);
      Files.createDirectory(p, perms(mode));
      finishCreate(p, mode);
      return 0;
    });
  }

  @Override
  public int mknod(String path, @mode_t long mode, @dev_t long rdev) {
    return op("mknod", path, () -> {
      long type = mode & 0170000;
      if (type != 0 && type != 0100000) {
        return -Errno.EPERM; // only regular files: no devices, FIFOs or sockets on the DFS
      }
      Path p = path(path);
      Files.createFile(p, perms(mode));
      finishCreate(p, mode);
      return 0;
    });
  }

  @Override
  public int unlink(String path) {
    return op("unlink", path, () -> {
      Path p = path(path);
      if (Files.isDirectory(p, NOFOLLOW_LINKS)) {
        return -Errno.EISDIR; // java.nio's delete would remove an empty directory
      }
      Files.delete(p);
      return 0;
    });
  }

  @Override
  public int rmdir(String path) {
    return op("rmdir", path, () -> {
      Path p = path(path);
      if (!Files.readAttributes(p, "unix:isDirectory", NOFOLLOW_LINKS).get("isDirectory").equals(Boolean.TRUE)) {
        return -Errno.ENOTDIR;
      }
      Files.delete(p);
      return 0;
    });
  }

  @Override
  public int rename(String oldpath, String newpath) {
    return op("rename", oldpath + " -> " + newpath, () -> {
      // rename(2): atomic, replacing like with like, EXDEV across volumes (mv copies then).
      Files.move(path(oldpath), path(newpath), StandardCopyOption.ATOMIC_MOVE);
      return 0;
    });
  }

  @Override
  public int link(String oldpath, String newpath) {
    return op("link", oldpath + " -> " + newpath, () -> {
      Files.createLink(path(newpath), path(oldpath));
      return 0;
    });
  }

  @Override
  public int symlink(String target, String linkpath) {
    return op("symlink", linkpath, () -> {
      Path link = path(linkpath);
      Files.createSymbolicLink(link, fs.getPath(target));
      giveToCaller(link);
      return 0;
    });
  }

  @Override
  public int readlink(String path, Pointer buf, @size_t long size) {
    return op("readlink", path, () -> {
      if (size <= 0) {
        return -Errno.EINVAL;
      }
      byte[] target = Files.readSymbolicLink(path(path)).toString().getBytes(UTF_8);
      int n = (int) Math.min(target.length, size - 1); // libfuse wants it NUL-terminated, truncated to fit
      buf.put(0, target, 0, n);
      buf.putByte(n, (byte) 0);
      return 0;
    });
  }

  // ------------------------------------------------------------------ open files

  @Override
  public int create(String path, @mode_t long mode, FuseFileInfo fi) {
    return op("create", path, () -> {
      Path p = path(path);
      int flags = fi.flags.get();
      boolean exclusive = (flags & O_EXCL) != 0;
      FileChannel ch;
      if ((flags & O_ACCMODE) == 0) {
        // O_RDONLY|O_CREAT: java.nio ignores CREATE on a read-only open, so create first.
        try {
          Files.createFile(p, perms(mode));
        } catch (FileAlreadyExistsException e) {
          if (exclusive) {
            throw e;
          }
        }
        ch = FileChannel.open(p, StandardOpenOption.READ);
      } else {
        Set<OpenOption> o = openOptions(flags);
        o.add(exclusive ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        ch = FileChannel.open(p, o, perms(mode));
      }
      try {
        finishCreate(p, mode);
        register(p, ch, flags, fi);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      return 0;
    });
  }

  @Override
  public int open(String path, FuseFileInfo fi) {
    return op("open", path, () -> {
      Path p = path(path);
      int flags = fi.flags.get();
      FileChannel ch = FileChannel.open(p, openOptions(flags));
      try {
        register(p, ch, flags, fi);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      return 0;
    });
  }

  /** The java.nio options for open(2) flags (O_CREAT and O_EXCL are the caller's business). */
  private static Set<OpenOption> openOptions(int flags) {
    Set<OpenOption> o = new HashSet<>();
    int acc = flags & O_ACCMODE;
    boolean append = (flags & O_APPEND) != 0;
    boolean truncate = (flags & O_TRUNC) != 0;
    if (acc == O_WRONLY && append && !truncate) {
      o.add(StandardOpenOption.APPEND); // the client appends at the server's end of file
    } else if (acc == O_WRONLY) {
      o.add(StandardOpenOption.WRITE);
    } else if (acc == O_RDWR) {
      o.add(StandardOpenOption.READ);
      o.add(StandardOpenOption.WRITE);
    } else {
      o.add(StandardOpenOption.READ);
    }
    if (truncate && acc != 0) {
      o.add(StandardOpenOption.TRUNCATE_EXISTING);
    }
    if ((flags & O_DSYNC) != 0 && acc != 0) {
      o.add(StandardOpenOption.DSYNC); // O_SYNC includes the O_DSYNC bit
    }
    return o;
  }

  private void register(Path p, FileChannel ch, int flags, FuseFileInfo fi) throws IOException {
    int acc = flags & O_ACCMODE;
    boolean writable = acc == O_WRONLY || acc == O_RDWR;
    boolean appendByHand = (flags & O_APPEND) != 0 && writable
        && (acc == O_RDWR || (flags & O_TRUNC) != 0);
    Object key = Files.getAttribute(p, "basic:fileKey", NOFOLLOW_LINKS);
    OpenFiles.Handle h = files.add(ch, key, writable, appendByHand);
    if ((flags & O_TRUNC) != 0 && writable) {
      h.wrote = true;
      h.node.wrote(clock.millis() * 1_000_000L);
    }
    fi.fh.set(h.fh);
  }

  @Override
  public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    return op("read", path, () -> {
      OpenFiles.Handle h = files.get(fi.fh.get());
      int want = (int) Math.min(size, Integer.MAX_VALUE);
      ByteBuffer b = ByteBuffer.wrap(buffer(want), 0, want);
      while (b.hasRemaining()) {
        if (h.channel.read(b, offset + b.position()) <= 0) {
          break; // end of file: FUSE wants full reads except there
        }
      }
      int n = b.position();
      buf.put(0, b.array(), 0, n);
      return n;
    });
  }

  @Override
  public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    return op("write", path, () -> {
      OpenFiles.Handle h = files.get(fi.fh.get());
      int n = (int) Math.min(size, Integer.MAX_VALUE);
      byte[] bytes = buffer(n);
      buf.get(0, bytes, 0, n);
      ByteBuffer b = ByteBuffer.wrap(bytes, 0, n);
      if (h.appendByHand) {
        synchronized (h.node) { // size-then-write in one step, as O_APPEND promises
          writeAll(h, b, h.channel.size());
        }
      } else {
        writeAll(h, b, offset);
      }
      return n;
    });
  }

  private void writeAll(OpenFiles.Handle h, ByteBuffer b, long at) throws IOException {
    h.wrote = true;
    long start = b.position();
    while (b.hasRemaining()) {
      h.channel.write(b, at + b.position() - start);
    }
    h.node.wrote(clock.millis() * 1_000_000L);
  }

  private byte[] buffer(int n) {
    byte[] b = buffers.get();
    if (b.length < n) {
      b = new byte[n];
      buffers.set(b);
    }
    return b;
  }

  @Override
  public int truncate(String path, @off_t long size) {
    return op("truncate", path, () -> {
      if (size < 0) {
        return -Errno.EINVAL;
      }
      Path p = path(path);
      Object key = Files.getAttribute(p, "basic:fileKey", NOFOLLOW_LINKS);
      OpenFiles.Node n = files.node(key);
      OpenFiles.Handle h = n == null ? null : n.writableHandle();
      if (h != null) {
        resize(h, size); // one copy of the file: resize the open one, not a second that close would overwrite
        return 0;
      }
      Set<OpenOption> o = size == 0
          ? Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
          : Set.of(StandardOpenOption.WRITE);
      try (FileChannel ch = FileChannel.open(p, o)) {
        resize(ch, size);
      }
      return 0;
    });
  }

  @Override
  public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
    return op("ftruncate", path, () -> {
      if (size < 0) {
        return -Errno.EINVAL;
      }
      OpenFiles.Handle h = files.get(fi.fh.get());
      if (!h.writable) {
        OpenFiles.Handle w = h.node.writableHandle();
        if (w == null) {
          return -Errno.EBADF; // POSIX says EINVAL or EBADF for a read-only descriptor
        }
        h = w;
      }
      resize(h, size);
      return 0;
    });
  }

  private void resize(OpenFiles.Handle h, long size) throws IOException {
    h.wrote = true;
    resize(h.channel, size);
    h.node.wrote(clock.millis() * 1_000_000L);
  }

  /** Truncates or extends (with a hole: one zero byte at the new end) to {@code size}. */
  private static void resize(FileChannel ch, long size) throws IOException {
    long now = ch.size();
    if (size < now) {
      ch.truncate(size);
    } else if (size > now) {
      ch.write(ByteBuffer.allocate(1), size - 1);
    }
  }

  @Override
  public int flush(String path, FuseFileInfo fi) {
    return op("flush", path, () -> {
      OpenFiles.Handle h = files.get(fi.fh.get());
      if (mode == Consistency.SESSION && h.writable && h.wrote) {
        // close(2) stores a modified file (session semantics), so that its errors reach close().
        // The handle stays open: release closes it.
        store(h, path);
      }
      return 0;
    });
  }

  @Override
  public int fsync(String path, int isdatasync, FuseFileInfo fi) {
    return op("fsync", path, () -> {
      OpenFiles.Handle h = files.get(fi.fh.get());
      if (h.writable) {
        store(h, path);
      } else {
        h.channel.force(isdatasync == 0);
      }
      return 0;
    });
  }

  /** Makes the writes of {@code h} durable on the server, then sets again times a program set meanwhile. */
  private void store(OpenFiles.Handle h, String path) throws IOException {
    h.channel.force(true);
    h.wrote = false;
    h.node.stored();
    applyPendingTimes(h.node, path);
  }

  private void applyPendingTimes(OpenFiles.Node n, String path) throws IOException {
    FileTime[] t = n.takePendingTimes();
    if (t == null) {
      return;
    }
    Files.getFileAttributeView(path(path), BasicFileAttributeView.class, NOFOLLOW_LINKS).setTimes(t[1], t[0], null);
  }

  @Override
  public int release(String path, FuseFileInfo fi) {
    return op("release", path, () -> {
      OpenFiles.Handle h = files.get(fi.fh.get());
      try {
        h.channel.close(); // session mode: stores a modified file
        if (h.writable && h.wrote) {
          h.wrote = false;
          h.node.stored();
          applyPendingTimes(h.node, path);
        }
      } finally {
        files.remove(h);
      }
      return 0;
    });
  }

  // ------------------------------------------------------------------ helpers

  private static FileAttribute<Set<PosixFilePermission>> perms(long mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    set.addAll(PosixFilePermissions.fromString(rwx((int) mode)));
    return PosixFilePermissions.asFileAttribute(set);
  }

  private static String rwx(int mode) {
    StringBuilder sb = new StringBuilder(9);
    String letters = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      sb.append((mode & (0400 >> i)) != 0 ? letters.charAt(i) : '-');
    }
    return sb.toString();
  }

  /** Setuid/setgid/sticky bits (which java.nio permissions cannot carry), then the owner. */
  private void finishCreate(Path p, long mode) throws IOException {
    if ((mode & 07000) != 0) {
      Files.setAttribute(p, "unix:mode", (int) (mode & 07777), NOFOLLOW_LINKS);
    }
    giveToCaller(p);
  }

  /**
   * The server makes a new file the mount's identity's. A mount by root (with allow_other)
   * serves other users too: like a local file system, give the file to the user who made it.
   */
  private void giveToCaller(Path p) throws IOException {
    if (mountUid != 0) {
      return;
    }
    FuseContext ctx = getContext();
    int uid = (int) ctx.uid.get();
    int gid = (int) ctx.gid.get();
    if (uid == 0 && gid == 0) {
      return;
    }
    try {
      Files.setAttribute(p, "unix:gid", gid, NOFOLLOW_LINKS);
      Files.setAttribute(p, "unix:uid", uid, NOFOLLOW_LINKS);
    } catch (AccessDeniedException e) {
      LOG.debug("cannot give {} to uid {} gid {}: {}", p, uid, gid, e.toString());
    }
  }

  /** Closes every open handle (unmount); session mode stores what they wrote. */
  void closeAll() {
    for (OpenFiles.Handle h : files.all()) {
      try {
        h.channel.close();
      } catch (Throwable t) {
        LOG.warn("FUSE unmount: closing an open file failed; its unstored writes are lost", t);
      }
      files.remove(h);
    }
  }
}

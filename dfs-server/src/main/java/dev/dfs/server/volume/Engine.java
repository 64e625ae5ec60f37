package dev.dfs.server.volume;

import static dev.dfs.server.volume.Perms.R;
import static dev.dfs.server.volume.Perms.W;
import static dev.dfs.server.volume.Perms.X;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.FileType;
import dev.dfs.protocol.Names;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.SetAttr;
import dev.dfs.protocol.Status;
import dev.dfs.protocol.VolumeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.lmdbjava.LmdbException;

/**
 * The metadata side of the server: the mutation protocol (one LMDB write transaction per
 * request, duplicate-request cache inside it, chunk garbage deleted after commit) and the
 * namespace operations, which touch LMDB only.
 */
final class Engine {
  /** Largest file offset + 1 we accept (2^50 bytes, like ext4's 16 TiB-ish limits, but larger). */
  static final long MAX_FILE_SIZE = 1L << 50;
  /** Mode of the root volume's root directory: world-writable and sticky, like /tmp. */
  static final int ROOT_VOLUME_MODE = 01777;
  /** Mode of the root directory of volumes created by VolCreate. */
  static final int VOLUME_MODE = 0755;
  static final int MAX_LINKS = 65000;
  static final int MAX_READDIR = 4096;

  /** A mutation's body, run inside the write transaction. */
  interface Body {
    Reply apply(MetaTxn t, Effects fx);
  }

  final Db db;
  final ChunkFiles files;
  final Stripes stripes;
  final Clock clock;
  final Path dataDir;
  final String serverAddress;

  Engine(Db db, ChunkFiles files, Stripes stripes, Clock clock, Path dataDir, String serverAddress) {
    this.db = db;
    this.files = files;
    this.stripes = stripes;
    this.clock = clock;
    this.dataDir = dataDir;
    this.serverAddress = serverAddress;
  }

  long now() {
    return nanos(clock);
  }

  static long nanos(Clock clock) {
    Instant i = clock.instant();
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
  }

  /**
   * Runs {@code body} in one write transaction with the duplicate-request cache. {@code pending}
   * are chunk files written for this request beforehand: if the transaction does not commit
   * (error, or a duplicate answered from the cache) they are deleted, since nothing refers to them.
   */
  Outcome mutate(RequestKey key, Request request, List<Long> pending, Body body) {
    boolean committed = false;
    try {
      Effects fx = new Effects(now());
      Reply reply;
      try (MetaTxn t = db.write()) {
        if (key != null) {
          Reply cached = Drc.get(t, key, request);
          if (cached != null) {
            return Outcome.read(cached);
          }
        }
        reply = body.apply(t, fx);
        if (key != null) {
          Drc.put(t, key, request, reply, fx.now);
        }
        t.commit();
        committed = true;
      } catch (LmdbException e) {
        throw Errors.lmdb(e);
      }
      collect(fx.garbage);
      return new Outcome(reply, fx.changed);
    } finally {
      if (!committed && pending != null) {
        files.delete(pending);
      }
    }
  }

  /** Deletes chunk files no longer referenced, each under its vnode's content lock. */
  void collect(List<Effects.Garbage> garbage) {
    for (Effects.Garbage g : garbage) {
      Lock l = stripes.of(g.volume(), g.vnode()).writeLock();
      l.lock();
      try {
        files.delete(g.chunkIds());
      } finally {
        l.unlock();
      }
    }
  }

  // ---------------------------------------------------------------- volumes

  /** Creates a volume and its root directory (vnode 1); the caller commits. */
  VolumeRec createVolume(MetaTxn t, String name, Caller owner, int mode, long now) {
    long id = t.next("nextVolume");
    long uniq = t.next("nextUniq");
    VolumeRec rec = new VolumeRec(id, name, uniq, VolumeRec.ROOT_VNODE + 1, serverAddress);
    Vnode root = new Vnode(id, VolumeRec.ROOT_VNODE, uniq, FileType.DIRECTORY);
    root.mode = mode;
    root.uid = owner.uid();
    root.gid = owner.gid();
    root.nlink = 2;
    root.atime = root.mtime = root.ctime = now;
    root.version = 1;
    root.parent = VolumeRec.ROOT_VNODE;
    root.nextSeq = 1;
    t.putVnode(root);
    t.putVolume(rec);
    t.putVolumeName(name, id);
    return rec;
  }

  Outcome volCreate(Caller c, RequestKey key, Request.VolCreate r) {
    Names.check(r.name());
    if ((r.mountDir() == null) != (r.mountName() == null)) {
      throw new DfsException(Status.EINVAL, "a mount point needs both mountDir and mountName");
    }
    if (r.mountName() != null) {
      Names.check(r.mountName());
    }
    return mutate(key, r, null, (t, fx) -> {
      Vnode dir = null;
      if (r.mountDir() != null) {
        dir = t.dir(r.mountDir());
        Perms.check(c, dir, W | X);
        if (t.entry(dir, r.mountName()) != null) {
          throw new DfsException(Status.EEXIST, "mount point name exists: " + r.mountName());
        }
      }
      if (t.volumeId(r.name()) != null) {
        throw new DfsException(Status.EEXIST, "volume exists: " + r.name());
      }
      VolumeRec v = createVolume(t, r.name(), c, VOLUME_MODE, fx.now);
      if (dir != null) {
        t.addEntry(dir, r.mountName(), v.root(), FileType.DIRECTORY);
        dir.nlink++;
        dir.touch(fx.now, true);
        t.putVnode(dir);
        fx.changed(dir);
      }
      return new Reply.Volume(v.info(serverAddress));
    });
  }

  Outcome volList() {
    try (MetaTxn t = db.read()) {
      List<VolumeInfo> out = new ArrayList<>();
      for (VolumeRec v : t.volumes()) {
        out.add(v.info(serverAddress));
      }
      return Outcome.read(new Reply.Volumes(out));
    }
  }

  Outcome volLookup(Request.VolLookup r) {
    try (MetaTxn t = db.read()) {
      Long id = r.name() == null ? null : t.volumeId(r.name());
      if (id == null) {
        throw new DfsException(Status.ENOENT, "no such volume: " + r.name());
      }
      return Outcome.read(new Reply.Volume(t.volume(id).info(serverAddress)));
    }
  }

  Outcome statfs(Request.Statfs r) {
    long vnodes;
    try (MetaTxn t = db.read()) {
      if (t.volume(r.volume()) == null) {
        throw new DfsException(Status.ESTALE, "no such volume: " + r.volume());
      }
      vnodes = t.vnodeCount();
    }
    try {
      FileStore fs = Files.getFileStore(dataDir);
      long avail = fs.getUsableSpace();
      // Files are bounded by space (a vnode costs about one metadata page at most).
      return Outcome.read(new Reply.FsStat(fs.getTotalSpace(), fs.getUnallocatedSpace(), avail, vnodes, avail / 4096));
    } catch (IOException e) {
      throw Errors.io("statfs of " + dataDir, e);
    }
  }

  // ---------------------------------------------------------------- reads

  Outcome getAttr(Request.GetAttr r) {
    try (MetaTxn t = db.read()) {
      return Outcome.read(new Reply.Attrs(t.vnode(r.fid()).attr()));
    }
  }

  Outcome lookup(Caller c, Request.Lookup r) {
    try (MetaTxn t = db.read()) {
      Vnode dir = t.dir(r.dir());
      Perms.check(c, dir, X);
      String name = r.name();
      if (".".equals(name)) {
        return Outcome.read(new Reply.Attrs(dir.attr()));
      }
      if ("..".equals(name)) {
        // A volume root is its own parent here; crossing back over a mount point is the client's.
        Vnode p = t.vnodeOrNull(dir.volume, dir.parent);
        return Outcome.read(new Reply.Attrs((p == null ? dir : p).attr()));
      }
      Names.check(name);
      MetaTxn.Dirent e = t.entry(dir, name);
      if (e == null) {
        throw new DfsException(Status.ENOENT, "no such entry: " + name);
      }
      return Outcome.read(new Reply.Attrs(t.vnode(e.child()).attr()));
    }
  }

  Outcome readDir(Caller c, Request.ReadDir r) {
    if (r.cookie() < 0) {
      throw new DfsException(Status.EINVAL, "bad readdir cookie " + r.cookie());
    }
    int max = Math.max(1, Math.min(MAX_READDIR, r.max()));
    try (MetaTxn t = db.read()) {
      Vnode dir = t.dir(r.dir());
      Perms.check(c, dir, R);
      MetaTxn.Page p = t.page(dir, r.cookie(), max);
      return Outcome.read(new Reply.DirPage(dir.attr(), p.entries(), p.nextCookie(), p.eof()));
    }
  }

  Outcome readlink(Request.Readlink r) {
    try (MetaTxn t = db.read()) {
      Vnode v = t.vnode(r.fid());
      if (v.type != FileType.SYMLINK) {
        throw new DfsException(Status.EINVAL, "not a symbolic link: " + r.fid());
      }
      return Outcome.read(new Reply.LinkTarget(v.target));
    }
  }

  // ---------------------------------------------------------------- namespace mutations

  private Vnode newVnode(MetaTxn t, Vnode dir, FileType type, int mode, Caller c, long now) {
    VolumeRec vol = t.volume(dir.volume);
    if (vol == null) {
      throw new DfsException(Status.ESTALE, "no such volume: " + dir.volume);
    }
    t.putVolume(vol.withNextVnode(vol.nextVnode() + 1));
    Vnode v = new Vnode(dir.volume, vol.nextVnode(), t.next("nextUniq"), type);
    v.mode = mode & 07777;
    v.uid = c.uid();
    v.gid = c.gid();
    v.nlink = type == FileType.DIRECTORY ? 2 : 1;
    v.atime = v.mtime = v.ctime = now;
    v.version = 1;
    return v;
  }

  /** Adds {@code child} under {@code name} in {@code dir} and writes both. */
  private Reply link(MetaTxn t, Effects fx, Vnode dir, String name, Vnode child) {
    t.addEntry(dir, name, child.fid(), child.type);
    if (child.isDir()) {
      dir.nlink++;
    }
    dir.touch(fx.now, true);
    t.putVnode(child);
    t.putVnode(dir);
    fx.changed(dir, child);
    return new Reply.Entry(dir.attr(), child.attr());
  }

  private static void mustBeAbsent(MetaTxn t, Vnode dir, String name) {
    if (t.entry(dir, name) != null) {
      throw new DfsException(Status.EEXIST, "entry exists: " + name);
    }
  }

  Outcome create(Caller c, RequestKey key, Request.Create r) {
    Names.check(r.name());
    return mutate(key, r, null, (t, fx) -> {
      Vnode dir = t.dir(r.dir());
      Perms.check(c, dir, X);
      MetaTxn.Dirent e = t.entry(dir, r.name());
      if (e != null) {
        if (r.exclusive()) {
          throw new DfsException(Status.EEXIST, "file exists: " + r.name());
        }
        Vnode existing = t.vnode(e.child());
        if (existing.isDir()) {
          throw new DfsException(Status.EISDIR, "is a directory: " + r.name());
        }
        return new Reply.Entry(dir.attr(), existing.attr());
      }
      Perms.check(c, dir, W | X);
      Vnode f = newVnode(t, dir, FileType.FILE, r.mode(), c, fx.now);
      return link(t, fx, dir, r.name(), f);
    });
  }

  Outcome mkdir(Caller c, RequestKey key, Request.Mkdir r) {
    Names.check(r.name());
    return mutate(key, r, null, (t, fx) -> {
      Vnode dir = t.dir(r.dir());
      Perms.check(c, dir, W | X);
      mustBeAbsent(t, dir, r.name());
      Vnode d = newVnode(t, dir, FileType.DIRECTORY, r.mode(), c, fx.now);
      d.parent = dir.vnode;
      d.nextSeq = 1;
      return link(t, fx, dir, r.name(), d);
    });
  }

  Outcome symlink(Caller c, RequestKey key, Request.Symlink r) {
    Names.check(r.name());
    Names.checkTarget(r.target());
    return mutate(key, r, null, (t, fx) -> {
      Vnode dir = t.dir(r.dir());
      Perms.check(c, dir, W | X);
      mustBeAbsent(t, dir, r.name());
      Vnode s = newVnode(t, dir, FileType.SYMLINK, 0777, c, fx.now);
      s.target = r.target();
      s.size = r.target().getBytes(StandardCharsets.UTF_8).length;
      return link(t, fx, dir, r.name(), s);
    });
  }

  Outcome hardLink(Caller c, RequestKey key, Request.Link r) {
    Names.check(r.name());
    return mutate(key, r, null, (t, fx) -> {
      Vnode f = t.vnode(r.file());
      Vnode dir = t.dir(r.dir());
      // Linux's order of checks (do_linkat): the new name first, then the device, then the
      // permission to create, then whether the source may be linked at all.
      Perms.check(c, dir, X);
      mustBeAbsent(t, dir, r.name());
      if (f.volume != dir.volume) {
        throw new DfsException(Status.EXDEV, "hard link across volumes");
      }
      Perms.check(c, dir, W | X);
      if (f.isDir()) {
        throw new DfsException(Status.EPERM, "cannot hard-link a directory: " + r.file());
      }
      if (f.nlink >= MAX_LINKS) {
        throw new DfsException(Status.EMLINK, "too many links: " + r.file());
      }
      f.nlink++;
      f.touch(fx.now, false);
      return link(t, fx, dir, r.name(), f);
    });
  }

  /** Drops one link of a non-directory; at zero links the vnode and its chunks go. */
  private static void dropLink(MetaTxn t, Effects fx, Vnode v) {
    v.nlink--;
    v.touch(fx.now, false);
    if (v.nlink <= 0) {
      t.deleteVnode(v);
      fx.garbage(v, t.deleteChunksFrom(v, 0));
    } else {
      t.putVnode(v);
    }
  }

  Outcome remove(Caller c, RequestKey key, Request.Remove r) {
    Names.check(r.name());
    return mutate(key, r, null, (t, fx) -> {
      Vnode dir = t.dir(r.dir());
      Perms.check(c, dir, W | X);
      MetaTxn.Dirent e = t.entry(dir, r.name());
      if (e == null) {
        throw new DfsException(Status.ENOENT, "no such entry: " + r.name());
      }
      if (e.type() == FileType.DIRECTORY) {
        throw new DfsException(Status.EISDIR, "is a directory: " + r.name());
      }
      Vnode v = t.vnode(e.child());
      Perms.checkSticky(c, dir, v);
      t.removeEntry(dir, r.name(), e);
      dir.touch(fx.now, true);
      t.putVnode(dir);
      dropLink(t, fx, v);
      fx.changed(dir, v);
      return new Reply.Entry(dir.attr(), v.nlink > 0 ? v.attr() : null);
    });
  }

  Outcome rmdir(Caller c, RequestKey key, Request.Rmdir r) {
    Names.check(r.name());
    return mutate(key, r, null, (t, fx) -> {
      Vnode dir = t.dir(r.dir());
      Perms.check(c, dir, W | X);
      MetaTxn.Dirent e = t.entry(dir, r.name());
      if (e == null) {
        throw new DfsException(Status.ENOENT, "no such entry: " + r.name());
      }
      if (e.type() != FileType.DIRECTORY) {
        throw new DfsException(Status.ENOTDIR, "not a directory: " + r.name());
      }
      Vnode v = t.vnode(e.child());
      if (v.volume != dir.volume) {
        throw new DfsException(Status.EBUSY, "is a volume mount point: " + r.name());
      }
      if (!t.isEmptyDir(v)) {
        throw new DfsException(Status.ENOTEMPTY, "directory not empty: " + r.name());
      }
      Perms.checkSticky(c, dir, v);
      t.removeEntry(dir, r.name(), e);
      t.deleteVnode(v);
      dir.nlink--;
      dir.touch(fx.now, true);
      t.putVnode(dir);
      fx.changed(dir, v);
      return new Reply.Entry(dir.attr(), null);
    });
  }

  /** Whether {@code dir} is {@code ancestor} or lies below it (walking ".." within the volume). */
  private static boolean isAncestorOrSelf(MetaTxn t, Vnode ancestor, Vnode dir) {
    for (long cur = dir.vnode; ; ) {
      if (cur == ancestor.vnode && dir.volume == ancestor.volume) {
        return true;
      }
      Vnode p = cur == dir.vnode ? dir : t.vnodeOrNull(dir.volume, cur);
      if (p == null || p.parent == cur) {
        return false;
      }
      cur = p.parent;
    }
  }

  Outcome rename(Caller c, RequestKey key, Request.Rename r) {
    Names.check(r.fromName());
    Names.check(r.toName());
    return mutate(key, r, null, (t, fx) -> {
      Vnode from = t.dir(r.fromDir());
      Vnode to = r.toDir() != null && r.toDir().equals(r.fromDir()) ? from : t.dir(r.toDir());
      if (from.volume != to.volume) {
        throw new DfsException(Status.EXDEV, "rename across volumes");
      }
      Perms.check(c, from, W | X);
      Perms.check(c, to, W | X);
      MetaTxn.Dirent se = t.entry(from, r.fromName());
      if (se == null) {
        throw new DfsException(Status.ENOENT, "no such entry: " + r.fromName());
      }
      Vnode moved = t.vnode(se.child());
      MetaTxn.Dirent te = t.entry(to, r.toName());
      if (te != null && te.child().equals(se.child())) {
        // rename(2): two names of the same object, nothing happens.
        return new Reply.Renamed(from.attr(), to.attr(), moved.attr());
      }
      Perms.checkSticky(c, from, moved);
      boolean mountPoint = moved.volume != from.volume;
      boolean reparent = moved.isDir() && from.vnode != to.vnode;
      if (reparent && !mountPoint) {
        if (!c.isRoot()) {
          Perms.check(c, moved, W); // its ".." changes
        }
        for (long cur = to.vnode; ; ) {
          if (cur == moved.vnode) {
            throw new DfsException(Status.EINVAL, "cannot move a directory into its own subtree");
          }
          Vnode p = cur == to.vnode ? to : t.vnodeOrNull(to.volume, cur);
          if (p == null || p.parent == cur) {
            break;
          }
          cur = p.parent;
        }
      }
      if (te != null) {
        Vnode old = t.vnode(te.child());
        if (old.isDir() && isAncestorOrSelf(t, old, from)) {
          // Linux: a target that is an ancestor of the source is "not empty", whatever the types.
          throw new DfsException(Status.ENOTEMPTY, "target is an ancestor of the source: " + r.toName());
        }
        if (old.volume != to.volume) {
          throw new DfsException(Status.EBUSY, "target is a volume mount point: " + r.toName());
        }
        if (moved.isDir() && !old.isDir()) {
          throw new DfsException(Status.ENOTDIR, "target is not a directory: " + r.toName());
        }
        if (!moved.isDir() && old.isDir()) {
          throw new DfsException(Status.EISDIR, "target is a directory: " + r.toName());
        }
        if (old.isDir() && !t.isEmptyDir(old)) {
          throw new DfsException(Status.ENOTEMPTY, "target directory not empty: " + r.toName());
        }
        Perms.checkSticky(c, to, old);
        t.removeEntry(to, r.toName(), te);
        if (old.isDir()) {
          t.deleteVnode(old);
          to.nlink--;
        } else {
          dropLink(t, fx, old);
        }
        fx.changed(old);
      }
      t.removeEntry(from, r.fromName(), se);
      t.addEntry(to, r.toName(), moved.fid(), moved.type);
      if (reparent) {
        from.nlink--;
        to.nlink++;
        if (!mountPoint) {
          moved.parent = to.vnode;
        }
      }
      moved.touch(fx.now, false);
      from.touch(fx.now, true);
      if (to != from) {
        to.touch(fx.now, true);
        t.putVnode(to);
      }
      t.putVnode(from);
      t.putVnode(moved);
      fx.changed(from, to, moved);
      return new Reply.Renamed(from.attr(), to.attr(), moved.attr());
    });
  }

  /** Applies the non-size parts of a setattr after checking who may make them. */
  static void applyAttrs(Caller c, Vnode v, SetAttr s, long now) {
    if (s.mode() != null) {
      if (!Perms.owns(c, v)) {
        throw new DfsException(Status.EPERM, "only the owner may change the mode of " + v.fid());
      }
      int m = s.mode();
      if (!c.isRoot() && !v.isDir() && c.gid() != v.gid) {
        m &= ~Perms.SETGID; // as chmod(2): setgid needs membership of the file's group
      }
      v.mode = m;
    }
    boolean uidChange = s.uid() != null && s.uid() != v.uid;
    boolean gidChange = s.gid() != null && s.gid() != v.gid;
    if (!c.isRoot()) {
      if (uidChange) {
        throw new DfsException(Status.EPERM, "only root may change the owner of " + v.fid());
      }
      if (gidChange && (c.uid() != v.uid || s.gid() != c.gid())) {
        throw new DfsException(Status.EPERM, "may not change the group of " + v.fid() + " to " + s.gid());
      }
    }
    if (uidChange || gidChange) {
      if (s.uid() != null) {
        v.uid = s.uid();
      }
      if (s.gid() != null) {
        v.gid = s.gid();
      }
      if (!v.isDir() && !c.isRoot()) {
        v.mode &= ~(Perms.SETUID | Perms.SETGID);
      }
    }
    Long a = s.atimeNanos();
    Long m = s.mtimeNanos();
    if (a != null || m != null) {
      boolean explicit = (a != null && a != SetAttr.NOW) || (m != null && m != SetAttr.NOW);
      if (explicit && !Perms.owns(c, v)) {
        throw new DfsException(Status.EPERM, "only the owner may set times of " + v.fid());
      }
      if (!explicit && !Perms.owns(c, v) && !Perms.allowed(c, v, W)) {
        throw new DfsException(Status.EACCES, "permission denied on " + v.fid());
      }
      if (a != null) {
        v.atime = a == SetAttr.NOW ? now : a;
      }
      if (m != null) {
        v.mtime = m == SetAttr.NOW ? now : m;
      }
    }
    v.touch(now, false);
  }

  Outcome setAttrsNoSize(Caller c, RequestKey key, Request.SetAttrs r) {
    return mutate(key, r, null, (t, fx) -> {
      Vnode v = t.vnode(r.fid());
      applyAttrs(c, v, r.change(), fx.now);
      t.putVnode(v);
      fx.changed(v);
      return new Reply.Attrs(v.attr());
    });
  }
}

package dev.dfs.vfs;

import dev.dfs.client.DfsClient;
import dev.dfs.client.DfsFile;
import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.DirEntry;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.SetAttr;
import dev.dfs.protocol.Status;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Every file operation of a {@link DfsFileSystem}, on one {@link DfsClient} (Jimfs's
 * {@code FileSystemView}). Options arrive normalised ({@link Options}); every client failure
 * leaves through {@link Errors}.
 */
final class FileOps {
  private static final int MAX_SYMLINKS = 40;
  private static final int BUFFER = Request.MAX_CHUNK;

  private final DfsFileSystem fs;
  private final DfsClient client;
  private final int umask;

  FileOps(DfsFileSystem fs, DfsClient client, int umask) {
    this.fs = fs;
    this.client = client;
    this.umask = umask;
  }

  // ---- attributes ----

  Attr stat(DfsPath p, boolean follow) throws IOException {
    try {
      return follow ? client.statFollow(p.clientPath()) : client.stat(p.clientPath());
    } catch (DfsException e) {
      throw Errors.toIOException(e, p.toString(), null);
    }
  }

  /** The attributes, or null if nothing is at {@code p}. */
  private Attr statOrNull(DfsPath p, boolean follow) throws IOException {
    try {
      return follow ? client.statFollow(p.clientPath()) : client.stat(p.clientPath());
    } catch (DfsException e) {
      if (e.status() == Status.ENOENT) {
        return null;
      }
      throw Errors.toIOException(e, p.toString(), null);
    }
  }

  Attr setAttr(DfsPath p, SetAttr change, boolean follow) throws IOException {
    try {
      return client.setAttributes(p.clientPath(), change, follow);
    } catch (DfsException e) {
      throw Errors.toIOException(e, p.toString(), null);
    }
  }

  Reply.FsStat statfs(DfsPath p) throws IOException {
    try {
      return client.statfs(p.clientPath());
    } catch (DfsException e) {
      throw Errors.toIOException(e, p.toString(), null);
    }
  }

  // ---- files ----

  DfsFileChannel open(DfsPath p, Options.Open o, FileAttribute<?>... attrs) throws IOException {
    return open(p, o, Attributes.creationMode(0666, attrs) & ~umask);
  }

  private DfsFileChannel open(DfsPath p, Options.Open o, int mode) throws IOException {
    DfsFile file;
    String path = p.clientPath();
    for (int hops = 0; ; hops++) {
      try {
        file = client.open(path, o.flags(), mode);
        break;
      } catch (DfsException e) {
        // Workaround: DfsClient.open(CREATE) through a dangling symlink fails with ENOENT, where
        // open(2) creates the link's target. Follow the link here and create that.
        String target = e.status() == Status.ENOENT && o.create() && !o.noFollow() && hops < MAX_SYMLINKS
            ? danglingTarget(path) : null;
        if (target == null) {
          throw Errors.toIOException(e, p.toString(), o.noFollow());
        }
        path = target;
      }
    }
    DfsFileChannel ch = new DfsFileChannel(fs, p, file, o);
    try {
      fs.register(ch);
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
    return ch;
  }

  /** The absolute target of the symlink at {@code path}, or null if it is not one. */
  private String danglingTarget(String path) {
    try {
      if (!client.stat(path).isSymlink()) {
        return null;
      }
      String target = client.readlink(path);
      return target.startsWith("/") ? target : path.substring(0, path.lastIndexOf('/') + 1) + target;
    } catch (DfsException e) {
      return null;
    }
  }

  InputStream newInputStream(DfsPath p, Options.Open o) throws IOException {
    return new BufferedInputStream(Channels.newInputStream(open(p, o)), BUFFER);
  }

  OutputStream newOutputStream(DfsPath p, Options.Open o) throws IOException {
    return new BufferedOutputStream(Channels.newOutputStream(open(p, o)), BUFFER);
  }

  // ---- directories and names ----

  DirectoryStream<Path> newDirectoryStream(DfsPath dir, DirectoryStream.Filter<? super Path> filter)
      throws IOException {
    List<String> names = new ArrayList<>();
    try {
      for (DirEntry e : client.list(dir.clientPath())) {
        names.add(e.name());
      }
    } catch (DfsException e) {
      throw Errors.toIOException(e, dir.toString(), null);
    }
    DfsDirectoryStream stream = new DfsDirectoryStream(fs, dir, names, filter);
    fs.register(stream);
    return stream;
  }

  void createDirectory(DfsPath dir, FileAttribute<?>... attrs) throws IOException {
    int mode = Attributes.creationMode(0777, attrs) & ~umask;
    if (dir.toAbsolutePath().getNameCount() == 0) {
      throw new FileAlreadyExistsException(dir.toString());
    }
    try {
      client.mkdir(dir.clientPath(), mode);
    } catch (DfsException e) {
      throw Errors.toIOException(e, dir.toString(), null);
    }
  }

  /** Removes a file, symbolic link or empty directory (DirectoryNotEmptyException otherwise). */
  void delete(DfsPath p) throws IOException {
    try {
      client.remove(p.clientPath());
    } catch (DfsException e) {
      throw Errors.toIOException(e, p.toString(), null);
    }
  }

  void deleteQuietly(DfsPath p) {
    try {
      client.remove(p.clientPath());
    } catch (DfsException e) {
      // best effort (DELETE_ON_CLOSE): the file may be gone already
    }
  }

  void createSymbolicLink(DfsPath link, DfsPath target, FileAttribute<?>... attrs) throws IOException {
    if (attrs.length > 0) {
      throw new UnsupportedOperationException("'" + attrs[0].name() + "' cannot be set initially on a symbolic link");
    }
    try {
      client.symlink(link.clientPath(), target.toString());
    } catch (DfsException e) {
      throw Errors.toIOException(e, link.toString(), null);
    }
  }

  void createLink(DfsPath link, DfsPath existing) throws IOException {
    try {
      client.link(existing.clientPath(), link.clientPath());
    } catch (DfsException e) {
      // ENOENT names the missing one, which may be either; EEXIST is the new link.
      throw Errors.toIOException(e, link.toString(), existing.toString());
    }
  }

  DfsPath readSymbolicLink(DfsPath link) throws IOException {
    try {
      return fs.getPath(client.readlink(link.clientPath()));
    } catch (DfsException e) {
      throw Errors.toIOExceptionReadlink(e, link.toString());
    }
  }

  /** The absolute path with every symbolic link resolved (or, without follow, just normalised). */
  DfsPath realPath(DfsPath p, boolean follow) throws IOException {
    DfsPath abs = p.toAbsolutePath();
    if (!follow) {
      DfsPath n = abs.normalize();
      stat(n, false);
      return n;
    }
    Deque<String> todo = new ArrayDeque<>();
    abs.forEach(n -> todo.add(n.toString()));
    List<String> out = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String name = todo.poll();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        continue;
      }
      out.add(name);
      String candidate = "/" + String.join("/", out);
      try {
        Attr a = client.stat(candidate);
        if (a.isSymlink()) {
          if (++links > MAX_SYMLINKS) {
            throw new FileSystemLoopException(p.toString());
          }
          out.remove(out.size() - 1);
          String target = client.readlink(candidate);
          List<String> parts = List.of(target.split("/"));
          for (int i = parts.size() - 1; i >= 0; i--) {
            todo.addFirst(parts.get(i));
          }
          if (target.startsWith("/")) {
            out.clear();
          }
        } else if (!a.isDirectory() && !todo.isEmpty()) {
          throw new DfsException(Status.ENOTDIR, candidate);
        }
      } catch (DfsException e) {
        throw Errors.toIOException(e, p.toString(), null);
      }
    }
    return fs.getPath("/" + String.join("/", out));
  }

  // ---- access ----

  boolean isSameFile(DfsPath a, DfsPath b) throws IOException {
    if (a.equals(b)) {
      return true;
    }
    if (a.fs() != b.fs()) {
      return false;
    }
    return stat(a, true).fid().equals(stat(b, true).fid());
  }

  /**
   * Checks access by the mode bits of the file and the client's uid and primary gid (the client
   * knows no supplementary groups, so a file readable only through one reads as denied here even
   * if the server would allow it). uid 0 may read and write anything and execute anything with an
   * execute bit, as access(2) says for root.
   */
  void checkAccess(DfsPath p, AccessMode... modes) throws IOException {
    Attr a = stat(p, true);
    int uid = client.config().uid();
    int gid = client.config().gid();
    for (AccessMode m : modes) {
      int want = m == AccessMode.READ ? 4 : m == AccessMode.WRITE ? 2 : 1;
      boolean ok;
      if (uid == 0) {
        ok = want != 1 || a.isDirectory() || (a.mode() & 0111) != 0;
      } else {
        int bits = uid == a.uid() ? a.mode() >> 6 : gid == a.gid() ? a.mode() >> 3 : a.mode();
        ok = (bits & want) != 0;
      }
      if (!ok) {
        throw new AccessDeniedException(p.toString(), null, m + " denied by mode "
            + Integer.toOctalString(a.mode()) + " for uid " + uid + " gid " + gid);
      }
    }
  }

  // ---- copy and move ----

  /** Copies within one file system or between two DFS file systems (ATOMIC_MOVE was rejected already). */
  static void copy(DfsPath src, DfsPath dst, Options.Copy o) throws IOException {
    FileOps from = src.fs().ops();
    FileOps to = dst.fs().ops();
    Attr sa = from.stat(src, !o.noFollow());
    Attr ta = to.statOrNull(dst, false);
    if (ta != null) {
      if (src.fs() == dst.fs() && ta.fid().equals(sa.fid())) {
        return; // the same file (Files.copy's isSameFile rule)
      }
      if (!o.replace()) {
        throw new FileAlreadyExistsException(dst.toString());
      }
      to.delete(dst);
    }
    int mode = sa.mode() & ~to.umask;
    if (sa.isDirectory()) {
      to.createDirectory(dst);
      to.setAttr(dst, SetAttr.mode(mode), false);
    } else if (sa.isSymlink()) {
      to.createSymbolicLink(dst, to.fs.getPath(from.readSymbolicLink(src).toString()));
    } else {
      copyContent(from, src, to, dst, mode);
    }
    if (o.copyAttributes()) {
      to.copyAttributes(sa, dst);
    }
  }

  private static void copyContent(FileOps from, DfsPath src, FileOps to, DfsPath dst, int mode)
      throws IOException {
    Options.Open in = Options.forOpen(Set.of(java.nio.file.StandardOpenOption.READ));
    Options.Open out = Options.forOpen(Set.of(java.nio.file.StandardOpenOption.WRITE,
        java.nio.file.StandardOpenOption.CREATE_NEW));
    try (DfsFileChannel r = from.open(src, in);
        DfsFileChannel w = to.open(dst, out, mode)) {
      ByteBuffer buf = ByteBuffer.allocate(BUFFER);
      long at = 0;
      while (true) {
        buf.clear();
        int n = r.read(buf, at);
        if (n < 0) {
          break;
        }
        buf.flip();
        w.write(buf, at);
        at += n;
      }
    }
  }

  private void copyAttributes(Attr sa, DfsPath dst) throws IOException {
    boolean link = sa.isSymlink();
    setAttr(dst, SetAttr.times(sa.atimeNanos(), sa.mtimeNanos()), false);
    if (!link) {
      setAttr(dst, SetAttr.mode(sa.mode()), false);
    }
    try {
      // Best effort, as the JDK: only root may give a file away.
      setAttr(dst, SetAttr.owner(sa.uid(), sa.gid()), false);
    } catch (AccessDeniedException e) {
      // keep the copier's ownership
    }
  }

  static void move(DfsPath src, DfsPath dst, Options.Copy o) throws IOException {
    if (src.fs() != dst.fs()) {
      if (o.atomic()) {
        throw new AtomicMoveNotSupportedException(src.toString(), dst.toString(), "different DFS cells");
      }
      moveByCopy(src, dst, o);
      return;
    }
    FileOps ops = src.fs().ops();
    if (!o.atomic()) {
      // ATOMIC_MOVE is a bare rename(2), errors in its order; otherwise Files.move's checks first.
      Attr sa = ops.stat(src, false);
      Attr ta = ops.statOrNull(dst, false);
      if (ta != null) {
        if (ta.fid().equals(sa.fid())) {
          return; // same file: nothing to do (Files.move)
        }
        if (!o.replace()) {
          throw new FileAlreadyExistsException(dst.toString());
        }
        if (ta.isDirectory() != sa.isDirectory()) {
          ops.delete(dst); // rename(2) replaces like with like only; Files.move replaces anything
        }
      }
    }
    try {
      ops.client.rename(src.clientPath(), dst.clientPath());
    } catch (DfsException e) {
      if (e.status() == Status.ENOTEMPTY) {
        throw Errors.toIOException(e, dst.toString(), null); // the directory it would replace
      }
      if (e.status() != Status.EXDEV) {
        throw Errors.toIOException(e, src.toString(), dst.toString());
      }
      if (o.atomic()) {
        AtomicMoveNotSupportedException a = new AtomicMoveNotSupportedException(src.toString(), dst.toString(),
            Errors.reason(e));
        a.initCause(e);
        throw a;
      }
      moveByCopy(src, dst, o);
    }
  }

  /** A move between volumes: copy with attributes, then delete; a directory only if empty. */
  private static void moveByCopy(DfsPath src, DfsPath dst, Options.Copy o) throws IOException {
    FileOps from = src.fs().ops();
    Attr sa = from.stat(src, false);
    if (sa.isDirectory()) {
      try (DirectoryStream<Path> s = from.newDirectoryStream(src, null)) {
        if (s.iterator().hasNext()) {
          throw new DirectoryNotEmptyException(src.toString());
        }
      }
    }
    copy(src, dst, new Options.Copy(o.replace(), true, false, true));
    try {
      from.delete(src);
    } catch (IOException e) {
      try {
        dst.fs().ops().delete(dst); // leave things as they were
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }
}

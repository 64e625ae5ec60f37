package dev.dfs.testkit.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable reference model of a POSIX file system tree, as Linux behaves: directories,
 * regular files, symbolic links and hard links, with permission bits and a version per inode.
 *
 * <pre>{@code
 * FsModel m = FsModel.empty();
 * FsModel.Change c = m.mkdir("/a", 0755);      // c.errno() == OK, c.model() has /a
 * c.model().rmdir("/b").errno();               // ENOENT
 * }</pre>
 *
 * <p>Every operation returns the outcome as an {@link Errno}; one that changes the tree returns a
 * {@link Change} with the new model (the same model on an error). Paths are absolute with no
 * empty components ({@code "/"}, {@code "/a/b"}); {@code "."} and {@code ".."} are resolved as
 * Linux does. Symbolic links are followed in intermediate components and, in the last one, only
 * by the operations that POSIX lets follow them (see {@link FsTarget}); more than
 * {@value #MAX_SYMLINKS} links in one lookup fail with ELOOP. Names longer than 255 bytes fail
 * with ENAMETOOLONG. Checks of errors follow the order of Linux's, so that the model predicts
 * which error a call that is wrong in two ways reports.
 *
 * <p>Not modelled: permission checks (the model acts as the file's owner with full access),
 * owners, times, the sticky and set-id bits, trailing slashes. The root is a directory with
 * mode {@code 0755}; "/" cannot be removed or renamed (EBUSY, like a mount point).
 *
 * <p>Each inode has a version, 1 when created, incremented by every change to it: its content,
 * its mode, its link count, or, for a directory, its entries (and the moved inode on rename).
 * The whole model is copied on write per operation, which is fine for the small trees of tests.
 */
public final class FsModel {
  /** The most symbolic links followed in one lookup (Linux's MAXSYMLINKS). */
  public static final int MAX_SYMLINKS = 40;
  /** The longest name in bytes (NAME_MAX). */
  public static final int NAME_MAX = 255;
  /** The largest file the model holds; writes beyond fail with EFBIG. */
  public static final long MAX_FILE_SIZE = 1 << 26;

  private static final long ROOT = 1;

  /** The result of an operation that may change the tree: the next model and the outcome. */
  public record Change(FsModel model, Errno errno) {
    /** Checks the arguments. */
    public Change {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(errno, "errno");
    }
  }

  private sealed interface Node permits Dir, File, Link {
    long ino();

    long version();
  }

  private record Dir(long ino, long parent, int mode, long version, SortedMap<String, Long> entries)
      implements Node {}

  /** A regular file; {@code data} is never modified once the record exists. */
  private record File(long ino, int mode, long version, int nlink, byte[] data) implements Node {}

  private record Link(long ino, long version, int nlink, String target) implements Node {}

  /** Where a path leads: an error, or the parent directory, the last name and its inode (0 if absent). */
  private record Where(Errno errno, long parent, String name, long ino, Special special) {
    static Where error(Errno e) {
      return new Where(e, 0, null, 0, Special.NONE);
    }
  }

  /** A last component that is not a plain name. */
  private enum Special {
    NONE, ROOT, DOT, DOTDOT
  }

  private final Map<Long, Node> nodes;
  private final long nextIno;

  private FsModel(Map<Long, Node> nodes, long nextIno) {
    this.nodes = nodes;
    this.nextIno = nextIno;
  }

  /** A tree with only the root directory. */
  public static FsModel empty() {
    return new FsModel(Map.of(ROOT, new Dir(ROOT, ROOT, 0755, 1, Collections.emptySortedMap())), ROOT + 1);
  }

  // ---- operations that change the tree ----

  /** {@code mkdir(path, mode)}. */
  public Change mkdir(String path, int mode) {
    Where w = walk(path, false);
    if (w.errno != Errno.OK) {
      return unchanged(w.errno);
    }
    if (w.special != Special.NONE || w.ino != 0) {
      return unchanged(Errno.EEXIST);
    }
    Tx tx = new Tx();
    long ino = tx.newIno();
    tx.put(new Dir(ino, w.parent, mode & 0777, 1, Collections.emptySortedMap()));
    tx.addEntry(w.parent, w.name, ino);
    return tx.commit();
  }

  /** {@code open(path, O_CREAT|O_WRONLY [|O_EXCL], mode)} and close: an existing file is left as it is. */
  public Change create(String path, int mode, boolean exclusive) {
    Where w = walk(path, !exclusive);
    if (w.errno != Errno.OK) {
      return unchanged(w.errno);
    }
    if (w.special != Special.NONE || w.ino != 0) {
      if (exclusive) {
        return unchanged(Errno.EEXIST);
      }
      return unchanged(node(w.ino) instanceof Dir ? Errno.EISDIR : Errno.OK);
    }
    Tx tx = new Tx();
    long ino = tx.newIno();
    tx.put(new File(ino, mode & 0777, 1, 1, new byte[0]));
    tx.addEntry(w.parent, w.name, ino);
    return tx.commit();
  }

  /** Writes {@code data} at {@code offset} into an existing file, zero-filling a hole before it. */
  public Change write(String path, long offset, byte[] data) {
    Objects.requireNonNull(data, "data");
    Where w = walk(path, true);
    Errno e = openForWriting(w);
    if (e != Errno.OK) {
      return unchanged(e);
    }
    if (offset < 0) {
      return unchanged(Errno.EINVAL);
    }
    if (offset + data.length > MAX_FILE_SIZE) {
      return unchanged(Errno.EFBIG);
    }
    File f = (File) node(w.ino);
    if (data.length == 0) {
      return unchanged(Errno.OK);
    }
    byte[] next = Arrays.copyOf(f.data, (int) Math.max(f.data.length, offset + data.length));
    System.arraycopy(data, 0, next, (int) offset, data.length);
    Tx tx = new Tx();
    tx.put(new File(f.ino, f.mode, f.version + 1, f.nlink, next));
    return tx.commit();
  }

  /** {@code truncate(path, size)}: shortens the file, or extends it with zeros. */
  public Change truncate(String path, long size) {
    Where w = walk(path, true);
    Errno e = openForWriting(w);
    if (e != Errno.OK) {
      return unchanged(e);
    }
    if (size < 0) {
      return unchanged(Errno.EINVAL);
    }
    if (size > MAX_FILE_SIZE) {
      return unchanged(Errno.EFBIG);
    }
    File f = (File) node(w.ino);
    if (size == f.data.length) {
      return unchanged(Errno.OK);
    }
    Tx tx = new Tx();
    tx.put(new File(f.ino, f.mode, f.version + 1, f.nlink, Arrays.copyOf(f.data, (int) size)));
    return tx.commit();
  }

  /** {@code unlink(path)}. */
  public Change unlink(String path) {
    Where w = walk(path, false);
    if (w.errno != Errno.OK) {
      return unchanged(w.errno);
    }
    if (w.special != Special.NONE) {
      return unchanged(Errno.EISDIR);
    }
    if (w.ino == 0) {
      return unchanged(Errno.ENOENT);
    }
    if (node(w.ino) instanceof Dir) {
      return unchanged(Errno.EISDIR);
    }
    Tx tx = new Tx();
    tx.removeEntry(w.parent, w.name);
    tx.dropLink(w.ino);
    return tx.commit();
  }

  /** {@code rmdir(path)}. */
  public Change rmdir(String path) {
    Where w = walk(path, false);
    if (w.errno != Errno.OK) {
      return unchanged(w.errno);
    }
    switch (w.special) {
      case ROOT:
        return unchanged(Errno.EBUSY);
      case DOT:
        return unchanged(Errno.EINVAL);
      case DOTDOT:
        return unchanged(Errno.ENOTEMPTY);
      default:
        break;
    }
    if (w.ino == 0) {
      return unchanged(Errno.ENOENT);
    }
    if (!(node(w.ino) instanceof Dir d)) {
      return unchanged(Errno.ENOTDIR);
    }
    if (!d.entries.isEmpty()) {
      return unchanged(Errno.ENOTEMPTY);
    }
    Tx tx = new Tx();
    tx.removeEntry(w.parent, w.name);
    tx.remove(d.ino);
    return tx.commit();
  }

  /**
   * {@code rename(from, to)}: a file replaces a file, a directory an empty directory; moving a
   * directory into its own subtree is EINVAL; renaming a name onto another link of the same inode
   * does nothing.
   */
  public Change rename(String from, String to) {
    Where src = walk(from, false);
    if (src.errno != Errno.OK) {
      return unchanged(src.errno);
    }
    Where dst = walk(to, false);
    if (dst.errno != Errno.OK) {
      return unchanged(dst.errno);
    }
    if (src.special != Special.NONE || dst.special != Special.NONE) {
      return unchanged(Errno.EBUSY);
    }
    if (src.ino == 0) {
      return unchanged(Errno.ENOENT);
    }
    Node moved = node(src.ino);
    if (moved instanceof Dir && isWithin(dst.parent, src.ino)) {
      return unchanged(Errno.EINVAL);
    }
    if (dst.ino != 0 && isWithin(src.parent, dst.ino)) {
      return unchanged(Errno.ENOTEMPTY);
    }
    if (src.ino == dst.ino) {
      return unchanged(Errno.OK);
    }
    Node replaced = dst.ino == 0 ? null : node(dst.ino);
    if (replaced != null) {
      if (moved instanceof Dir && !(replaced instanceof Dir)) {
        return unchanged(Errno.ENOTDIR);
      }
      if (!(moved instanceof Dir) && replaced instanceof Dir) {
        return unchanged(Errno.EISDIR);
      }
      if (replaced instanceof Dir d && !d.entries.isEmpty()) {
        return unchanged(Errno.ENOTEMPTY);
      }
    }
    Tx tx = new Tx();
    tx.removeEntry(src.parent, src.name);
    if (replaced instanceof Dir) {
      tx.remove(replaced.ino());
    } else if (replaced != null) {
      tx.dropLink(replaced.ino());
    }
    tx.addEntry(dst.parent, dst.name, src.ino);
    Node m = tx.node(src.ino);
    if (m instanceof Dir d) {
      tx.put(new Dir(d.ino, dst.parent, d.mode, d.version + 1, d.entries));
    } else {
      tx.bump(m);
    }
    return tx.commit();
  }

  /** {@code link(existing, path)}: does not follow a symbolic link at {@code existing}. */
  public Change link(String existing, String path) {
    Where old = walk(existing, false);
    if (old.errno != Errno.OK) {
      return unchanged(old.errno);
    }
    if (old.special == Special.NONE && old.ino == 0) {
      return unchanged(Errno.ENOENT);
    }
    Where w = walk(path, false);
    if (w.errno != Errno.OK) {
      return unchanged(w.errno);
    }
    if (w.special != Special.NONE || w.ino != 0) {
      return unchanged(Errno.EEXIST);
    }
    Node n = node(old.ino);
    if (n instanceof Dir) {
      return unchanged(Errno.EPERM);
    }
    Tx tx = new Tx();
    tx.put(n instanceof File f
        ? new File(f.ino, f.mode, f.version + 1, f.nlink + 1, f.data)
        : withLinks((Link) n, ((Link) n).nlink + 1));
    tx.addEntry(w.parent, w.name, n.ino());
    return tx.commit();
  }

  /** {@code symlink(target, path)}; the target is not checked, except that it must not be empty (ENOENT). */
  public Change symlink(String target, String path) {
    Objects.requireNonNull(target, "target");
    if (target.isEmpty()) {
      return unchanged(Errno.ENOENT);
    }
    Where w = walk(path, false);
    if (w.errno != Errno.OK) {
      return unchanged(w.errno);
    }
    if (w.special != Special.NONE || w.ino != 0) {
      return unchanged(Errno.EEXIST);
    }
    Tx tx = new Tx();
    long ino = tx.newIno();
    tx.put(new Link(ino, 1, 1, target));
    tx.addEntry(w.parent, w.name, ino);
    return tx.commit();
  }

  /** {@code chmod(path, mode)}, following a symbolic link. */
  public Change chmod(String path, int mode) {
    Where w = walk(path, true);
    if (w.errno != Errno.OK) {
      return unchanged(w.errno);
    }
    if (w.special == Special.NONE && w.ino == 0) {
      return unchanged(Errno.ENOENT);
    }
    Tx tx = new Tx();
    Node n = node(w.ino);
    int m = mode & 0777;
    tx.put(n instanceof Dir d
        ? new Dir(d.ino, d.parent, m, d.version + 1, d.entries)
        : new File(n.ino(), m, n.version() + 1, ((File) n).nlink, ((File) n).data));
    return tx.commit();
  }

  // ---- queries ----

  /** The whole content of a file (following a symbolic link). */
  public Result<byte[]> read(String path) {
    Where w = walk(path, true);
    if (w.errno != Errno.OK) {
      return Result.of(w.errno);
    }
    if (w.special == Special.NONE && w.ino == 0) {
      return Result.of(Errno.ENOENT);
    }
    return node(w.ino) instanceof File f ? Result.ok(f.data.clone()) : Result.of(Errno.EISDIR);
  }

  /** {@code readlink(path)}. */
  public Result<String> readlink(String path) {
    Where w = walk(path, false);
    if (w.errno != Errno.OK) {
      return Result.of(w.errno);
    }
    if (w.special == Special.NONE && w.ino == 0) {
      return Result.of(Errno.ENOENT);
    }
    return node(w.ino) instanceof Link l ? Result.ok(l.target) : Result.of(Errno.EINVAL);
  }

  /** The sorted names in a directory (following a symbolic link). */
  public Result<List<String>> list(String path) {
    Where w = walk(path, true);
    if (w.errno != Errno.OK) {
      return Result.of(w.errno);
    }
    if (w.special == Special.NONE && w.ino == 0) {
      return Result.of(Errno.ENOENT);
    }
    return node(w.ino) instanceof Dir d ? Result.ok(List.copyOf(d.entries.keySet())) : Result.of(Errno.ENOTDIR);
  }

  /** {@code lstat(path)}. */
  public Result<Stat> stat(String path) {
    Result<Long> ino = inode(path);
    if (!ino.isOk()) {
      return Result.of(ino.errno());
    }
    Node n = node(ino.value());
    if (n instanceof Dir d) {
      int subdirs = (int) d.entries.values().stream().filter(i -> node(i) instanceof Dir).count();
      return Result.ok(new Stat(Stat.Type.DIRECTORY, 0, 2 + subdirs, d.mode));
    }
    if (n instanceof File f) {
      return Result.ok(new Stat(Stat.Type.REGULAR, f.data.length, f.nlink, f.mode));
    }
    Link l = (Link) n;
    return Result.ok(new Stat(Stat.Type.SYMLINK, l.target.getBytes(StandardCharsets.UTF_8).length, l.nlink, 0777));
  }

  /** The inode number a path names (not following a symbolic link in the last component). */
  public Result<Long> inode(String path) {
    Where w = walk(path, false);
    if (w.errno != Errno.OK) {
      return Result.of(w.errno);
    }
    if (w.special == Special.NONE && w.ino == 0) {
      return Result.of(Errno.ENOENT);
    }
    return Result.ok(w.ino);
  }

  /** The version of the inode a path names (not following a symbolic link in the last component). */
  public Result<Long> version(String path) {
    Result<Long> ino = inode(path);
    return ino.isOk() ? Result.ok(node(ino.value()).version()) : Result.of(ino.errno());
  }

  /** Every path in the tree, "/" first, found without following symbolic links, sorted. */
  public List<String> paths() {
    List<String> out = new ArrayList<>();
    out.add("/");
    collect(ROOT, "", out);
    Collections.sort(out);
    return List.copyOf(out);
  }

  private void collect(long dir, String prefix, List<String> out) {
    for (Map.Entry<String, Long> e : ((Dir) node(dir)).entries.entrySet()) {
      String p = prefix + "/" + e.getKey();
      out.add(p);
      if (node(e.getValue()) instanceof Dir) {
        collect(e.getValue(), p, out);
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("FsModel[");
    for (String p : paths()) {
      s.append(s.length() > 8 ? ", " : "").append(p).append(' ').append(stat(p).value());
    }
    return s.append(']').toString();
  }

  // ---- lookup ----

  private Node node(long ino) {
    return nodes.get(ino);
  }

  private Change unchanged(Errno e) {
    return new Change(this, e);
  }

  /** ENOENT, EISDIR or OK for opening what {@code w} names for writing. */
  private Errno openForWriting(Where w) {
    if (w.errno != Errno.OK) {
      return w.errno;
    }
    if (w.special == Special.NONE && w.ino == 0) {
      return Errno.ENOENT;
    }
    return node(w.ino) instanceof Dir ? Errno.EISDIR : Errno.OK;
  }

  /** Whether {@code dir} is {@code ancestor} or below it. */
  private boolean isWithin(long dir, long ancestor) {
    for (long d = dir; ; d = ((Dir) node(d)).parent) {
      if (d == ancestor) {
        return true;
      }
      if (d == ROOT) {
        return false;
      }
    }
  }

  /**
   * Resolves {@code path}: every intermediate component must be a directory (following symbolic
   * links), and the last is looked up in its parent, followed if {@code followLast}.
   */
  private Where walk(String path, boolean followLast) {
    Deque<String> rest = new ArrayDeque<>(components(checkPath(path)));
    if (rest.isEmpty()) {
      return new Where(Errno.OK, ROOT, null, ROOT, Special.ROOT);
    }
    long dir = ROOT;
    int links = 0;
    while (true) {
      String name = rest.removeFirst();
      boolean last = rest.isEmpty();
      Dir d = (Dir) node(dir);
      if (name.equals(".") || name.equals("..")) {
        long next = name.equals(".") ? dir : d.parent;
        if (last) {
          return new Where(Errno.OK, 0, null, next, name.equals(".") ? Special.DOT : Special.DOTDOT);
        }
        dir = next;
        continue;
      }
      if (name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
        return Where.error(Errno.ENAMETOOLONG);
      }
      Long child = d.entries.get(name);
      if (child == null) {
        return last ? new Where(Errno.OK, dir, name, 0, Special.NONE) : Where.error(Errno.ENOENT);
      }
      Node n = node(child);
      if (n instanceof Link l && (!last || followLast)) {
        if (++links > MAX_SYMLINKS) {
          return Where.error(Errno.ELOOP);
        }
        if (l.target.startsWith("/")) {
          dir = ROOT;
        }
        List<String> target = components(l.target);
        for (int i = target.size() - 1; i >= 0; i--) {
          rest.addFirst(target.get(i));
        }
        if (rest.isEmpty()) {
          return new Where(Errno.OK, 0, null, dir, Special.ROOT);
        }
        continue;
      }
      if (last) {
        return new Where(Errno.OK, dir, name, child, Special.NONE);
      }
      if (!(n instanceof Dir)) {
        return Where.error(Errno.ENOTDIR);
      }
      dir = child;
    }
  }

  private static String checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || (path.length() > 1 && (path.endsWith("/") || path.contains("//")))
        || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a normalised absolute path: \"" + path + "\"");
    }
    return path;
  }

  /** The non-empty components of a path or link target. */
  private static List<String> components(String path) {
    List<String> out = new ArrayList<>();
    for (String c : path.split("/")) {
      if (!c.isEmpty()) {
        out.add(c);
      }
    }
    return out;
  }

  private static Link withLinks(Link l, int nlink) {
    return new Link(l.ino, l.version + 1, nlink, l.target);
  }

  /** One copy-on-write change of the node table. */
  private final class Tx {
    private final Map<Long, Node> next = new HashMap<>(nodes);
    private long ino = nextIno;

    long newIno() {
      return ino++;
    }

    Node node(long i) {
      return next.get(i);
    }

    void put(Node n) {
      next.put(n.ino(), n);
    }

    void remove(long i) {
      next.remove(i);
    }

    void bump(Node n) {
      put(n instanceof File f ? new File(f.ino, f.mode, f.version + 1, f.nlink, f.data)
          : n instanceof Link l ? withLinks(l, l.nlink)
          : bumpDir((Dir) n, ((Dir) n).entries));
    }

    void addEntry(long dir, String name, long child) {
      Dir d = (Dir) next.get(dir);
      TreeMap<String, Long> entries = new TreeMap<>(d.entries);
      entries.put(name, child);
      put(bumpDir(d, entries));
    }

    void removeEntry(long dir, String name) {
      Dir d = (Dir) next.get(dir);
      TreeMap<String, Long> entries = new TreeMap<>(d.entries);
      entries.remove(name);
      put(bumpDir(d, entries));
    }

    /** One name fewer for a file or link: gone at zero, else a new version. */
    void dropLink(long i) {
      Node n = next.get(i);
      int nlink = n instanceof File f ? f.nlink : ((Link) n).nlink;
      if (nlink <= 1) {
        next.remove(i);
      } else if (n instanceof File f) {
        put(new File(f.ino, f.mode, f.version + 1, nlink - 1, f.data));
      } else {
        put(withLinks((Link) n, nlink - 1));
      }
    }

    private Dir bumpDir(Dir d, SortedMap<String, Long> entries) {
      return new Dir(d.ino, d.parent, d.mode, d.version + 1, Collections.unmodifiableSortedMap(entries));
    }

    Change commit() {
      return new Change(new FsModel(Collections.unmodifiableMap(next), ino), Errno.OK);
    }
  }
}

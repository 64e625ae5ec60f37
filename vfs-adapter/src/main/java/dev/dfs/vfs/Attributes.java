package dev.dfs.vfs;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.SetAttr;
import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * File attributes: the "basic", "posix", "owner" and "unix" views over {@link Attr}, in both the
 * typed form ({@link PosixFileAttributes}, {@link PosixFileAttributeView}) and the string form
 * ({@code "posix:permissions,owner"}). "unix" adds the numeric fields: mode (with type bits),
 * ino, dev, rdev, nlink, uid, gid, size, ctime.
 */
final class Attributes {
  private static final List<String> BASIC = List.of("lastModifiedTime", "lastAccessTime", "creationTime", "size",
      "isRegularFile", "isDirectory", "isSymbolicLink", "isOther", "fileKey");
  private static final List<String> POSIX = List.of("permissions", "owner", "group");
  private static final List<String> UNIX = List.of("mode", "ino", "dev", "rdev", "nlink", "uid", "gid", "ctime");
  private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

  private Attributes() {}

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(BITS[i]);
      }
    }
    return out;
  }

  static int mode(Collection<?> permissions) {
    int mode = 0;
    for (Object p : permissions) {
      if (!(p instanceof PosixFilePermission perm)) {
        throw new ClassCastException("not a PosixFilePermission: " + p);
      }
      for (int i = 0; i < BITS.length; i++) {
        if (BITS[i] == perm) {
          mode |= 1 << i;
        }
      }
    }
    return mode;
  }

  static FileTime time(long nanos) {
    return FileTime.from(nanos, TimeUnit.NANOSECONDS);
  }

  static long nanos(FileTime t) {
    return t.to(TimeUnit.NANOSECONDS);
  }

  /**
   * The permission bits asked for by creation-time attributes ("posix:permissions" or
   * "unix:permissions"), or {@code fallback} if none; any other attribute is unsupported at
   * creation, as on the default file system.
   */
  static int creationMode(int fallback, FileAttribute<?>... attrs) {
    int mode = fallback;
    for (FileAttribute<?> a : attrs) {
      String name = a.name();
      if (name.equals("posix:permissions") || name.equals("unix:permissions")) {
        mode = mode((Collection<?>) a.value());
      } else {
        throw new UnsupportedOperationException("'" + name + "' cannot be set initially");
      }
    }
    return mode;
  }

  /** The typed attributes of one snapshot. */
  record Posix(Attr attr) implements PosixFileAttributes {
    @Override
    public FileTime lastModifiedTime() {
      return time(attr.mtimeNanos());
    }

    @Override
    public FileTime lastAccessTime() {
      return time(attr.atimeNanos());
    }

    /** The DFS keeps no birth time; like the JDK on Linux without statx, this is the mtime. */
    @Override
    public FileTime creationTime() {
      return lastModifiedTime();
    }

    @Override
    public boolean isRegularFile() {
      return attr.isFile();
    }

    @Override
    public boolean isDirectory() {
      return attr.isDirectory();
    }

    @Override
    public boolean isSymbolicLink() {
      return attr.isSymlink();
    }

    @Override
    public boolean isOther() {
      return false;
    }

    @Override
    public long size() {
      return attr.size();
    }

    /** The FID: equal for two paths of one file (hard links), stable across renames. */
    @Override
    public Object fileKey() {
      return attr.fid();
    }

    @Override
    public UserPrincipal owner() {
      return new Principals.User(attr.uid());
    }

    @Override
    public GroupPrincipal group() {
      return new Principals.Group(attr.gid());
    }

    @Override
    public Set<PosixFilePermission> permissions() {
      return Attributes.permissions(attr.mode());
    }
  }

  /** A live view: each call reads or changes the file at that moment. */
  static final class View implements PosixFileAttributeView {
    private final String name;
    private final FileOps ops;
    private final DfsPath path;
    private final boolean follow;

    View(String name, FileOps ops, DfsPath path, boolean follow) {
      this.name = name;
      this.ops = ops;
      this.path = path;
      this.follow = follow;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Posix readAttributes() throws IOException {
      return new Posix(ops.stat(path, follow));
    }

    @Override
    public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
        throws IOException {
      if (lastModifiedTime == null && lastAccessTime == null) {
        ops.stat(path, follow); // only the birth time, which the DFS does not keep: still check the file
        return;
      }
      ops.setAttr(path, SetAttr.times(lastAccessTime == null ? null : nanos(lastAccessTime),
          lastModifiedTime == null ? null : nanos(lastModifiedTime)), follow);
    }

    @Override
    public UserPrincipal getOwner() throws IOException {
      return readAttributes().owner();
    }

    @Override
    public void setOwner(UserPrincipal owner) throws IOException {
      ops.setAttr(path, new SetAttr(null, Principals.uid(owner), null, null, null, null), follow);
    }

    @Override
    public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
      int keep = ops.stat(path, follow).mode() & 07000; // setuid, setgid, sticky stay
      ops.setAttr(path, SetAttr.mode(keep | mode(perms)), follow);
    }

    @Override
    public void setGroup(GroupPrincipal group) throws IOException {
      ops.setAttr(path, new SetAttr(null, null, Principals.gid(group), null, null, null), follow);
    }
  }

  /** A view of {@code type} (basic, posix or owner), or null if the type is not supported. */
  static <V> V view(Class<V> type, FileOps ops, DfsPath path, boolean follow) {
    if (type == BasicFileAttributeView.class) {
      return type.cast(new View("basic", ops, path, follow));
    }
    if (type == PosixFileAttributeView.class) {
      return type.cast(new View("posix", ops, path, follow));
    }
    if (type == FileOwnerAttributeView.class) {
      return type.cast(new View("owner", ops, path, follow));
    }
    return null;
  }

  // ---- string form ----

  private static String[] split(String attributes) {
    int colon = attributes.indexOf(':');
    return colon < 0
        ? new String[] {"basic", attributes}
        : new String[] {attributes.substring(0, colon), attributes.substring(colon + 1)};
  }

  private static List<String> names(String view) {
    switch (view) {
      case "basic":
        return BASIC;
      case "owner":
        return List.of("owner");
      case "posix": {
        List<String> l = new java.util.ArrayList<>(BASIC);
        l.addAll(POSIX);
        return l;
      }
      case "unix": {
        List<String> l = new java.util.ArrayList<>(BASIC);
        l.addAll(POSIX);
        l.addAll(UNIX);
        return l;
      }
      default:
        throw new UnsupportedOperationException("view '" + view + "' is not available");
    }
  }

  /** {@code Files.readAttributes(path, "view:a,b")}. */
  static Map<String, Object> read(Attr attr, String attributes) {
    String[] vn = split(attributes);
    List<String> known = names(vn[0]);
    Posix p = new Posix(attr);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String n : vn[1].split(",")) {
      if (n.equals("*")) {
        for (String k : known) {
          out.put(k, value(p, k));
        }
      } else if (known.contains(n)) {
        out.put(n, value(p, n));
      } else {
        throw new IllegalArgumentException("'" + n + "' not recognized in view " + vn[0]);
      }
    }
    return out;
  }

  private static Object value(Posix p, String name) {
    Attr a = p.attr();
    switch (name) {
      case "lastModifiedTime": return p.lastModifiedTime();
      case "lastAccessTime": return p.lastAccessTime();
      case "creationTime": return p.creationTime();
      case "size": return p.size();
      case "isRegularFile": return p.isRegularFile();
      case "isDirectory": return p.isDirectory();
      case "isSymbolicLink": return p.isSymbolicLink();
      case "isOther": return p.isOther();
      case "fileKey": return p.fileKey();
      case "permissions": return p.permissions();
      case "owner": return p.owner();
      case "group": return p.group();
      case "mode": return a.mode() | typeBits(a);
      case "ino": return a.fid().vnode();
      case "dev": return a.fid().volume();
      case "rdev": return 0L;
      case "nlink": return a.nlink();
      case "uid": return a.uid();
      case "gid": return a.gid();
      case "ctime": return time(a.ctimeNanos());
      default: throw new IllegalArgumentException("'" + name + "' not recognized");
    }
  }

  private static int typeBits(Attr a) {
    switch (a.type()) {
      case DIRECTORY: return 0040000;
      case SYMLINK: return 0120000;
      default: return 0100000;
    }
  }

  /** {@code Files.setAttribute(path, "view:name", value)}. */
  static void set(FileOps ops, DfsPath path, String attribute, Object value, boolean follow) throws IOException {
    String[] vn = split(attribute);
    String view = vn[0];
    String n = vn[1];
    if (!names(view).contains(n) && !(view.equals("unix") && n.equals("mode"))) {
      throw new IllegalArgumentException("'" + attribute + "' not recognized");
    }
    View v = new View(view, ops, path, follow);
    switch (n) {
      case "lastModifiedTime":
        v.setTimes((FileTime) value, null, null);
        return;
      case "lastAccessTime":
        v.setTimes(null, (FileTime) value, null);
        return;
      case "creationTime":
        v.setTimes(null, null, (FileTime) value);
        return;
      case "permissions": {
        @SuppressWarnings("unchecked")
        Set<PosixFilePermission> perms = (Set<PosixFilePermission>) value;
        v.setPermissions(perms);
        return;
      }
      case "owner":
        v.setOwner((UserPrincipal) value);
        return;
      case "group":
        v.setGroup((GroupPrincipal) value);
        return;
      case "mode":
        ops.setAttr(path, SetAttr.mode((Integer) value & 07777), follow);
        return;
      case "uid":
        ops.setAttr(path, new SetAttr(null, (Integer) value, null, null, null, null), follow);
        return;
      case "gid":
        ops.setAttr(path, new SetAttr(null, null, (Integer) value, null, null, null), follow);
        return;
      default:
        throw new IllegalArgumentException("'" + attribute + "' is read-only");
    }
  }
}

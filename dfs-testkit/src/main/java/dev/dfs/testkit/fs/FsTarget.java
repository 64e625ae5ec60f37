package dev.dfs.testkit.fs;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A file system that {@link FsOp}s can be applied to: the {@link FsModel} (through
 * {@link ModelTarget}), a local directory ({@link NioTarget}), and later the DFS provider, a FUSE
 * mount or the SFTP gateway.
 *
 * <p>Paths are absolute and normalised ({@code "/a/b"}, no empty components), relative to the
 * target's own root. Each method behaves like the POSIX call it is named after on Linux and
 * returns the {@link Errno} it would fail with. Symbolic links are followed in intermediate
 * components; in the last component only where the call follows them ({@code create} without
 * {@code exclusive}, {@code write}, {@code truncate}, {@code read}, {@code list}, {@code chmod}).
 * Modes are permission bits ({@code 0777} at most). An implementation must not throw for an
 * error the file system reports; it returns the error.
 */
public interface FsTarget {

  /** {@code mkdir(path, mode)}. */
  Errno mkdir(String path, int mode);

  /** {@code open(path, O_CREAT | O_WRONLY [| O_EXCL], mode)} and close; an existing file is left as it is. */
  Errno create(String path, int mode, boolean exclusive);

  /** Opens an existing file for writing and writes {@code data} at {@code offset}, leaving a hole before it if past the end. */
  Errno write(String path, long offset, byte[] data);

  /** {@code truncate(path, size)}: shortens, or extends with zeros. */
  Errno truncate(String path, long size);

  /** The whole content of a file. */
  Result<byte[]> read(String path);

  /** {@code unlink(path)}: removes a name that is not a directory. */
  Errno unlink(String path);

  /** {@code rmdir(path)}: removes an empty directory. */
  Errno rmdir(String path);

  /** {@code rename(from, to)}, replacing {@code to} where POSIX allows. */
  Errno rename(String from, String to);

  /** {@code link(existing, path)}: a new name for the file {@code existing} (not following a symbolic link). */
  Errno link(String existing, String path);

  /** {@code symlink(target, path)}: a symbolic link at {@code path}; an absolute target is relative to this target's root. */
  Errno symlink(String target, String path);

  /** {@code readlink(path)}: a symbolic link's target. */
  Result<String> readlink(String path);

  /** The names in a directory (following a symbolic link), sorted, without "." and "..". */
  Result<List<String>> list(String path);

  /** {@code lstat(path)}. */
  Result<Stat> stat(String path);

  /** {@code chmod(path, mode)} (following a symbolic link). */
  Errno chmod(String path, int mode);

  /**
   * The whole tree as one line per path, sorted: for comparing two targets with a readable
   * difference. Walks with {@link #list} and {@link #stat} from the root without following
   * symbolic links, with each file's content and each link's target.
   */
  default SortedMap<String, String> snapshot() {
    SortedMap<String, String> out = new TreeMap<>();
    snapshot("/", out);
    return out;
  }

  private void snapshot(String path, SortedMap<String, String> out) {
    Result<Stat> stat = stat(path);
    if (!stat.isOk()) {
      out.put(path, "stat: " + stat);
      return;
    }
    Stat s = stat.value();
    switch (s.type()) {
      case REGULAR -> out.put(path, s + " data=" + read(path));
      case SYMLINK -> out.put(path, s + " -> " + readlink(path));
      case DIRECTORY -> {
        out.put(path, s.toString());
        Result<List<String>> names = list(path);
        if (!names.isOk()) {
          out.put(path, s + " list: " + names);
          return;
        }
        for (String name : names.value()) {
          snapshot(path.equals("/") ? "/" + name : path + "/" + name, out);
        }
      }
    }
  }
}

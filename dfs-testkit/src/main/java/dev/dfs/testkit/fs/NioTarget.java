package dev.dfs.testkit.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An {@link FsTarget} on a directory of any {@code java.nio.file} provider that has the
 * {@code "posix"} attribute view (the default file system on Linux; later the {@code dfs:}
 * provider). Each operation is the closest {@link Files} call; where {@code Files} differs from
 * the POSIX call the adapter checks first: {@code unlink} of a directory is EISDIR and
 * {@code rmdir} of a non-directory ENOTDIR (Files.delete would remove either), {@code rename} uses
 * {@link StandardCopyOption#ATOMIC_MOVE} (a plain rename(2), without Files.move's emulation),
 * modes are set explicitly after creation (no umask), and {@code truncate} extends by writing a
 * zero at the end (FileChannel.truncate only shortens). The root may not be removed or renamed
 * (EBUSY), as it is a mount point to the caller.
 *
 * <p>Absolute symbolic link targets are made relative to the root: {@code symlink("/a", p)}
 * creates a link to {@code root/a}, and {@code readlink} and the size in {@code stat} undo that.
 * Errors are mapped by {@link Errno#of}. The {@code "unix:nlink"} attribute gives link counts
 * where the provider has it, else they are reported as -1.
 */
public final class NioTarget implements FsTarget {
  private final Path root;
  private final String prefix;

  /** A target on the existing directory {@code root}. */
  public NioTarget(Path root) {
    Objects.requireNonNull(root, "root");
    if (!root.isAbsolute()) {
      throw new IllegalArgumentException("root must be absolute: " + root);
    }
    this.root = root;
    String r = root.toString();
    this.prefix = r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  private Path resolve(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute path: \"" + path + "\"");
    }
    return path.equals("/") ? root : root.resolve(path.substring(1));
  }

  /** A body that may throw an I/O exception. */
  private interface Body {
    void run() throws IOException;
  }

  private static Errno errno(Body body) {
    try {
      body.run();
      return Errno.OK;
    } catch (IOException e) {
      return Errno.of(e);
    }
  }

  @Override
  public Errno mkdir(String path, int mode) {
    Path p = resolve(path);
    return errno(() -> {
      Files.createDirectory(p);
      Files.setPosixFilePermissions(p, permissions(mode));
    });
  }

  @Override
  public Errno create(String path, int mode, boolean exclusive) {
    Path p = resolve(path);
    return errno(() -> {
      boolean existed = !exclusive && Files.exists(p);
      StandardOpenOption how = exclusive ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE;
      Files.newByteChannel(p, how, StandardOpenOption.WRITE).close();
      if (!existed) {
        Files.setPosixFilePermissions(p, permissions(mode));
      }
    });
  }

  @Override
  public Errno write(String path, long offset, byte[] data) {
    Path p = resolve(path);
    try (SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.WRITE)) {
      if (offset < 0) {
        return Errno.EINVAL;
      }
      ch.position(offset);
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      return Errno.OK;
    } catch (IOException e) {
      return Errno.of(e);
    }
  }

  @Override
  public Errno truncate(String path, long size) {
    Path p = resolve(path);
    try (SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.WRITE)) {
      if (size < 0) {
        return Errno.EINVAL;
      }
      if (size < ch.size()) {
        ch.truncate(size);
      } else if (size > ch.size()) {
        ch.position(size - 1);
        ch.write(ByteBuffer.wrap(new byte[1]));
      }
      return Errno.OK;
    } catch (IOException e) {
      return Errno.of(e);
    }
  }

  @Override
  public Result<byte[]> read(String path) {
    try {
      return Result.ok(Files.readAllBytes(resolve(path)));
    } catch (IOException e) {
      return Result.of(Errno.of(e));
    }
  }

  @Override
  public Errno unlink(String path) {
    Path p = resolve(path);
    return errno(() -> {
      if (Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
        throw new IsADirectory(path);
      }
      Files.delete(p);
    });
  }

  @Override
  public Errno rmdir(String path) {
    if (path.equals("/")) {
      return Errno.EBUSY;
    }
    Path p = resolve(path);
    return errno(() -> {
      if (!Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
        throw new NotDirectoryException(path);
      }
      Files.delete(p);
    });
  }

  @Override
  public Errno rename(String from, String to) {
    if (from.equals("/") || to.equals("/")) {
      Errno e = parentError(from);
      e = e != Errno.OK ? e : parentError(to);
      return e != Errno.OK ? e : Errno.EBUSY;
    }
    return errno(() -> Files.move(resolve(from), resolve(to), StandardCopyOption.ATOMIC_MOVE));
  }

  /** The error looking up the directory that would hold {@code path}, as rename(2) reports it first. */
  private Errno parentError(String path) {
    if (path.equals("/")) {
      return Errno.OK;
    }
    String parent = path.substring(0, Math.max(1, path.lastIndexOf('/')));
    return errno(() -> {
      if (!Files.readAttributes(resolve(parent), BasicFileAttributes.class).isDirectory()) {
        throw new NotDirectoryException(parent);
      }
    });
  }

  @Override
  public Errno link(String existing, String path) {
    return errno(() -> Files.createLink(resolve(path), resolve(existing)));
  }

  @Override
  public Errno symlink(String target, String path) {
    String real = target.startsWith("/") ? prefix + target : target;
    return errno(() -> Files.createSymbolicLink(resolve(path), root.getFileSystem().getPath(real)));
  }

  @Override
  public Result<String> readlink(String path) {
    try {
      return Result.ok(unprefix(Files.readSymbolicLink(resolve(path)).toString()));
    } catch (IOException e) {
      return Result.of(Errno.of(e));
    }
  }

  private String unprefix(String target) {
    if (target.equals(prefix)) {
      return "/";
    }
    return target.startsWith(prefix + "/") ? target.substring(prefix.length()) : target;
  }

  @Override
  public Result<List<String>> list(String path) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(resolve(path))) {
      for (Path p : ds) {
        names.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      return Result.of(Errno.of(e));
    }
    Collections.sort(names);
    return Result.ok(List.copyOf(names));
  }

  @Override
  public Result<Stat> stat(String path) {
    Path p = resolve(path);
    try {
      PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      int nlink = nlink(p);
      int mode = mode(a.permissions());
      if (a.isDirectory()) {
        return Result.ok(new Stat(Stat.Type.DIRECTORY, 0, nlink, mode));
      }
      if (a.isSymbolicLink()) {
        String target = unprefix(Files.readSymbolicLink(p).toString());
        return Result.ok(new Stat(Stat.Type.SYMLINK, target.getBytes(StandardCharsets.UTF_8).length, nlink, mode));
      }
      return Result.ok(new Stat(Stat.Type.REGULAR, a.size(), nlink, mode));
    } catch (IOException e) {
      return Result.of(Errno.of(e));
    }
  }

  private static int nlink(Path p) throws IOException {
    try {
      return ((Number) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }

  @Override
  public Errno chmod(String path, int mode) {
    return errno(() -> Files.setPosixFilePermissions(resolve(path), permissions(mode)));
  }

  @Override
  public String toString() {
    return "nio:" + root;
  }

  private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

  /** Permission bits as a set of permissions. */
  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(BITS[i]);
      }
    }
    return out;
  }

  /** A set of permissions as permission bits. */
  static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (int i = 0; i < BITS.length; i++) {
      if (permissions.contains(BITS[i])) {
        mode |= 1 << i;
      }
    }
    return mode;
  }

  /** EISDIR from a check of the adapter's own (the JDK has no such exception). */
  private static final class IsADirectory extends FileSystemException {
    private static final long serialVersionUID = 1L;

    IsADirectory(String path) {
      super(path, null, Errno.EISDIR.message());
    }
  }
}

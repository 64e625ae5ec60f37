package dev.dfs.vfs;

import dev.dfs.client.DfsClient;
import dev.dfs.protocol.Addresses;
import dev.dfs.protocol.DfsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code dfs:} file system provider, loaded as a service. It only creates and finds file
 * systems by URI ({@code dfs://host:port/}); each operation is handed to the file system of its
 * path. Use {@link DfsFileSystems} to create file systems and for the environment keys. A path
 * of another provider gets {@link java.nio.file.ProviderMismatchException}.
 */
public final class DfsFileSystemProvider extends FileSystemProvider {
  static final String SCHEME = "dfs";

  /** Open file systems by normalised authority ({@code host:port}), as Jimfs and zipfs keep them. */
  private final Map<String, DfsFileSystem> fileSystems = new ConcurrentHashMap<>();

  /** For {@link java.util.ServiceLoader}; use {@link DfsFileSystems} rather than calling this. */
  public DfsFileSystemProvider() {}

  @Override
  public String getScheme() {
    return SCHEME;
  }

  private static InetSocketAddress server(URI uri) {
    if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not a dfs: URI: " + uri);
    }
    String authority = uri.getAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new IllegalArgumentException("a dfs: URI names a server, as dfs://host:port/: " + uri);
    }
    return Addresses.parse(authority, Addresses.DEFAULT_PORT);
  }

  private static String key(InetSocketAddress server) {
    return Addresses.format(server);
  }

  @Override
  public DfsFileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
    InetSocketAddress server = server(uri);
    String path = uri.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw new IllegalArgumentException("a dfs: file system URI has no path beyond '/': " + uri);
    }
    DfsFileSystems.Settings settings = DfsFileSystems.settings(server, env);
    String key = key(server);
    synchronized (fileSystems) {
      if (fileSystems.containsKey(key)) {
        throw new FileSystemAlreadyExistsException(uri.toString());
      }
      DfsClient client;
      try {
        client = DfsClient.connect(settings.config());
      } catch (DfsException e) {
        throw Errors.toIOException(e, uri.toString(), null);
      }
      DfsFileSystem[] holder = new DfsFileSystem[1];
      DfsFileSystem fs = new DfsFileSystem(this, client, true, key, settings.umask(),
          () -> fileSystems.remove(key, holder[0]));
      holder[0] = fs;
      fileSystems.put(key, fs);
      return fs;
    }
  }

  @Override
  public DfsFileSystem getFileSystem(URI uri) {
    DfsFileSystem fs = fileSystems.get(key(server(uri)));
    if (fs == null) {
      throw new FileSystemNotFoundException("no open dfs: file system for " + uri);
    }
    return fs;
  }

  @Override
  public Path getPath(URI uri) {
    String path = uri.getPath();
    return getFileSystem(uri).getPath(path == null || path.isEmpty() ? "/" : path);
  }

  private static DfsPath cast(Path p) {
    return DfsPath.cast(p);
  }

  private static FileOps ops(Path p) {
    return cast(p).fs().ops();
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
      FileAttribute<?>... attrs) throws IOException {
    return newFileChannel(path, options, attrs);
  }

  @Override
  public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    DfsPath p = cast(path);
    return p.fs().ops().open(p, Options.forOpen(options), attrs);
  }

  @Override
  public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
    DfsPath p = cast(path);
    return p.fs().ops().newInputStream(p, Options.forInputStream(options));
  }

  @Override
  public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
    DfsPath p = cast(path);
    return p.fs().ops().newOutputStream(p, Options.forOutputStream(options));
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
      throws IOException {
    DfsPath p = cast(dir);
    return p.fs().ops().newDirectoryStream(p, Objects.requireNonNull(filter, "filter"));
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    DfsPath p = cast(dir);
    p.fs().ops().createDirectory(p, attrs);
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
    DfsPath l = cast(link);
    l.fs().ops().createSymbolicLink(l, cast(target), attrs);
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    DfsPath l = cast(link);
    DfsPath e = cast(existing);
    if (l.fs() != e.fs()) {
      throw new java.nio.file.FileSystemException(l.toString(), e.toString(), "Invalid cross-device link [EXDEV]");
    }
    l.fs().ops().createLink(l, e);
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    DfsPath l = cast(link);
    return l.fs().ops().readSymbolicLink(l);
  }

  @Override
  public void delete(Path path) throws IOException {
    DfsPath p = cast(path);
    p.fs().ops().delete(p);
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    FileOps.copy(cast(source), cast(target), Options.forCopy(options));
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    FileOps.move(cast(source), cast(target), Options.forMove(options));
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    DfsPath a = cast(path);
    if (!(Objects.requireNonNull(path2, "path2") instanceof DfsPath b)) {
      return false;
    }
    return a.fs().ops().isSameFile(a, b);
  }

  /** A name that starts with '.', as on Unix; the file need not exist. */
  @Override
  public boolean isHidden(Path path) {
    DfsPath name = cast(path).getFileName();
    return name != null && name.toString().startsWith(".");
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    DfsPath p = cast(path);
    p.fs().ops().stat(p, true);
    return new DfsFileStore(p.fs(), p.toAbsolutePath());
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    DfsPath p = cast(path);
    p.fs().ops().checkAccess(p, modes);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
    DfsPath p = cast(path);
    return Attributes.view(Objects.requireNonNull(type, "type"), p.fs().ops(), p, Options.follow(options));
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
      throws IOException {
    if (type != BasicFileAttributes.class && type != PosixFileAttributes.class) {
      throw new UnsupportedOperationException("attributes of type " + type.getName() + " are not available");
    }
    DfsPath p = cast(path);
    return type.cast(new Attributes.Posix(p.fs().ops().stat(p, Options.follow(options))));
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    DfsPath p = cast(path);
    return Attributes.read(p.fs().ops().stat(p, Options.follow(options)), attributes);
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
    DfsPath p = cast(path);
    Attributes.set(p.fs().ops(), p, attribute, value, Options.follow(options));
  }
}

package dev.dfs.vfs;

import dev.dfs.client.DfsClient;
import dev.dfs.protocol.DfsException;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * One DFS cell seen through {@code java.nio.file}: a client, the operations over it, and the
 * handles (channels, streams) open on it. Closing it closes those handles, then the client if
 * this file system created it (not one it was given by {@link DfsFileSystems#wrap}).
 */
final class DfsFileSystem extends FileSystem {
  static final Set<String> VIEWS = Set.of("basic", "posix", "owner", "unix");

  private final DfsFileSystemProvider provider;
  private final DfsClient client;
  private final boolean ownsClient;
  private final String authority;
  private final Runnable onClose;
  private final FileOps ops;
  private final LockTable locks = new LockTable();
  private final Set<Closeable> handles = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DfsPath root;

  DfsFileSystem(DfsFileSystemProvider provider, DfsClient client, boolean ownsClient, String authority, int umask,
      Runnable onClose) {
    this.provider = provider;
    this.client = client;
    this.ownsClient = ownsClient;
    this.authority = authority;
    this.onClose = onClose;
    this.root = DfsPath.root(this);
    this.ops = new FileOps(this, client, umask);
  }

  FileOps ops() {
    checkOpen();
    return ops;
  }

  /** The operations even after close, for handles that finish their own close (delete-on-close). */
  FileOps rawOps() {
    return ops;
  }

  DfsClient client() {
    return client;
  }

  String authority() {
    return authority;
  }

  LockTable locks() {
    return locks;
  }

  void checkOpen() {
    if (closed.get()) {
      throw new ClosedFileSystemException();
    }
  }

  /** Tracks a handle so that {@link #close} closes it; handles unregister themselves on close. */
  void register(Closeable handle) {
    checkOpen();
    handles.add(handle);
    if (closed.get()) { // lost a race with close()
      handles.remove(handle);
      throw new ClosedFileSystemException();
    }
  }

  void unregister(Closeable handle) {
    handles.remove(handle);
  }

  URI toUri(String absolutePath) {
    try {
      return new URI(DfsFileSystemProvider.SCHEME, authority, absolutePath, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot make a URI of " + absolutePath, e);
    }
  }

  @Override
  public DfsFileSystemProvider provider() {
    return provider;
  }

  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    IOException first = null;
    for (Closeable h : new ArrayList<>(handles)) {
      try {
        h.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    handles.clear();
    onClose.run();
    if (ownsClient) {
      try {
        client.close();
      } catch (DfsException e) {
        IOException io = Errors.toIOException(e, "/", null);
        if (first == null) {
          first = io;
        } else {
          first.addSuppressed(io);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public boolean isOpen() {
    return !closed.get();
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public String getSeparator() {
    return "/";
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    checkOpen();
    return List.of(root);
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    checkOpen();
    return List.of(new DfsFileStore(this, root));
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return VIEWS;
  }

  @Override
  public DfsPath getPath(String first, String... more) {
    checkOpen();
    return DfsPath.parse(this, first, more);
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    int colon = syntaxAndPattern.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("want syntax:pattern, got '" + syntaxAndPattern + "'");
    }
    String syntax = syntaxAndPattern.substring(0, colon);
    String pattern = syntaxAndPattern.substring(colon + 1);
    Pattern regex;
    if (syntax.equalsIgnoreCase("glob")) {
      regex = Pattern.compile(Globs.toRegex(pattern));
    } else if (syntax.equalsIgnoreCase("regex")) {
      regex = Pattern.compile(pattern);
    } else {
      throw new UnsupportedOperationException("syntax '" + syntax + "' not recognized (use glob: or regex:)");
    }
    return path -> regex.matcher(path.toString()).matches();
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return Principals.LOOKUP;
  }

  @Override
  public WatchService newWatchService() {
    throw new UnsupportedOperationException("the dfs: file system has no watch service");
  }

  @Override
  public String toString() {
    return "dfs://" + authority + "/";
  }
}

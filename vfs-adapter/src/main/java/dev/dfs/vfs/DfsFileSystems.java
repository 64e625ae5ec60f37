package dev.dfs.vfs;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.protocol.Addresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.spi.FileSystemProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The entry point of the {@code dfs:} file system: any Java program reaches a DFS cell through
 * {@link java.nio.file.Files} with a file system from here (or from
 * {@link java.nio.file.FileSystems#newFileSystem(URI, Map)}).
 *
 * <pre>{@code
 * try (FileSystem fs = FileSystems.newFileSystem(URI.create("dfs://127.0.0.1:7000/"),
 *     Map.of("mode", "one-copy"))) {
 *   Files.writeString(fs.getPath("/home/ann/notes.txt"), "hello");
 * }
 * Path p = Path.of(URI.create("dfs://127.0.0.1:7000/home/ann/notes.txt")); // while the file system is open
 * }</pre>
 *
 * <p>URIs are {@code dfs://host[:port]/path}; the port defaults to {@value ClientConfig#DEFAULT_PORT}.
 * One file system per server address is open at a time through the URI; {@link #wrap} makes more,
 * unregistered ones. The environment map of {@code newFileSystem} accepts these keys (values as
 * the typed object or as a string; any other key is an error):
 * <ul>
 *   <li>{@value #MODE}: {@code session} (default), {@code one-copy} or {@code stateless}
 *       ({@link Consistency});
 *   <li>{@value #CACHE_DIR}: directory of the client's cache (default: a private temporary one);
 *   <li>{@value #CACHE_SIZE}: cache size in bytes (default 1 GiB);
 *   <li>{@value #UID}, {@value #GID}: the identity presented to the server (default: this process's);
 *   <li>{@value #CLIENT_ID}: the client's id, unique and stable across reconnections (default: random);
 *   <li>{@value #TIMEOUT}: request timeout, a {@link Duration} or seconds (default 60);
 *   <li>{@value #UMASK}: permission bits cleared from the mode of new files and directories, a number
 *       or an octal string (default {@code 022}), as the process umask does on a local file system.
 * </ul>
 *
 * <p>Behaviour that differs from a local POSIX file system: owners and groups are numeric
 * ({@code "1000"}) since the cell has no name service; byte-range locks are process-local (other
 * clients do not see them yet); {@code FileChannel.map} and watch services are not supported;
 * {@code creationTime} is the modification time; what other clients see of writes, and when,
 * follows the consistency mode.
 */
public final class DfsFileSystems {
  /** Environment key: the consistency mode. */
  public static final String MODE = "mode";
  /** Environment key: the cache directory. */
  public static final String CACHE_DIR = "cacheDir";
  /** Environment key: the cache size in bytes. */
  public static final String CACHE_SIZE = "cacheSize";
  /** Environment key: the numeric user id. */
  public static final String UID = "uid";
  /** Environment key: the numeric group id. */
  public static final String GID = "gid";
  /** Environment key: the client id. */
  public static final String CLIENT_ID = "clientId";
  /** Environment key: the request timeout. */
  public static final String TIMEOUT = "timeout";
  /** Environment key: the umask for new files and directories. */
  public static final String UMASK = "umask";

  static final int DEFAULT_UMASK = 022;
  private static final Set<String> KEYS = Set.of(MODE, CACHE_DIR, CACHE_SIZE, UID, GID, CLIENT_ID, TIMEOUT, UMASK);

  private DfsFileSystems() {}

  /** What an environment map asks for. */
  record Settings(ClientConfig config, int umask) {}

  /**
   * Connects to the server of {@code uri} ({@code dfs://host:port/}) and registers the new file
   * system under that address, so that {@link java.nio.file.Path#of(URI)} finds it.
   *
   * @throws java.nio.file.FileSystemAlreadyExistsException if one is open for that address
   * @throws IOException if the server cannot be reached
   */
  public static FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
    return provider().newFileSystem(uri, env);
  }

  /**
   * A file system over a client the caller already has. Closing the file system closes its
   * channels and streams but not {@code client}, so one client can back several file systems
   * (one per SFTP session, say) that each may be closed on their own. Not registered by URI.
   */
  public static FileSystem wrap(DfsClient client) {
    return wrap(client, DEFAULT_UMASK);
  }

  /** As {@link #wrap(DfsClient)}, with the given umask for new files and directories. */
  public static FileSystem wrap(DfsClient client, int umask) {
    Objects.requireNonNull(client, "client");
    checkUmask(umask);
    return new DfsFileSystem(provider(), client, false, Addresses.format(client.config().server()), umask, () -> {});
  }

  /** {@code dfs://host:port/} for {@code server}. */
  public static URI uri(InetSocketAddress server) {
    return URI.create(DfsFileSystemProvider.SCHEME + "://" + Addresses.format(server) + "/");
  }

  /** The installed provider (or, if service loading cannot see it, one of our own). */
  static DfsFileSystemProvider provider() {
    for (FileSystemProvider p : FileSystemProvider.installedProviders()) {
      if (p instanceof DfsFileSystemProvider d) {
        return d;
      }
    }
    return Fallback.PROVIDER;
  }

  private static final class Fallback {
    static final DfsFileSystemProvider PROVIDER = new DfsFileSystemProvider();
  }

  /** Reads an environment map; each bad value fails at once, naming the key and the value. */
  static Settings settings(InetSocketAddress server, Map<String, ?> env) {
    ClientConfig c = ClientConfig.of(server);
    int umask = DEFAULT_UMASK;
    for (String key : env.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown dfs: environment key '" + key + "' (known: " + KEYS + ")");
      }
    }
    Object mode = env.get(MODE);
    if (mode != null) {
      c = c.withMode(mode instanceof Consistency m ? m : Consistency.parse(mode.toString()));
    }
    Object dir = env.get(CACHE_DIR);
    Object size = env.get(CACHE_SIZE);
    if (dir != null || size != null) {
      Path d = dir == null ? c.cacheDir() : dir instanceof Path p ? p : Path.of(dir.toString());
      c = c.withCache(d, size == null ? c.cacheBytes() : number(CACHE_SIZE, size, 10));
    }
    Object uid = env.get(UID);
    Object gid = env.get(GID);
    if (uid != null || gid != null) {
      c = c.withIdentity(uid == null ? c.uid() : id(UID, uid), gid == null ? c.gid() : id(GID, gid));
    }
    Object id = env.get(CLIENT_ID);
    if (id != null) {
      c = c.withClientId(id.toString());
    }
    Object timeout = env.get(TIMEOUT);
    if (timeout != null) {
      c = c.withTimeout(timeout instanceof Duration t ? t : Duration.ofSeconds(number(TIMEOUT, timeout, 10)));
    }
    Object mask = env.get(UMASK);
    if (mask != null) {
      umask = (int) number(UMASK, mask, 8);
      checkUmask(umask);
    }
    return new Settings(c, umask);
  }

  private static long number(String key, Object value, int radix) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(value.toString().trim(), radix);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + key + "' wants a number, got '" + value + "'", e);
    }
  }

  private static int id(String key, Object value) {
    long v = number(key, value, 10);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("'" + key + "' out of range: " + value);
    }
    return (int) v;
  }

  private static void checkUmask(int umask) {
    if ((umask & ~0777) != 0) {
      throw new IllegalArgumentException("umask has bits outside 0777: " + Integer.toOctalString(umask));
    }
  }
}

package dev.dfs.client;

import dev.dfs.protocol.Addresses;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How a client reaches its server, who it is, and how it caches. {@code clientId} must be unique
 * per client and stable across its reconnections (the server's duplicate-request cache is keyed
 * by it). {@code cacheDir} null means a private temporary directory removed on close.
 *
 * @param attrMin shortest time an attribute cache entry is trusted without a callback (stateless)
 * @param attrMax longest such time; entries of files that changed recently live closer to attrMin
 */
public record ClientConfig(
    InetSocketAddress server,
    String clientId,
    int uid,
    int gid,
    Consistency mode,
    Path cacheDir,
    long cacheBytes,
    Duration attrMin,
    Duration attrMax,
    Duration timeout) {

  public static final int DEFAULT_PORT = Addresses.DEFAULT_PORT;
  public static final long DEFAULT_CACHE_BYTES = 1L << 30;

  public ClientConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(attrMin, "attrMin");
    Objects.requireNonNull(attrMax, "attrMax");
    Objects.requireNonNull(timeout, "timeout");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must not be blank");
    }
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("cacheBytes must not be negative: " + cacheBytes);
    }
    if (attrMin.isNegative() || attrMax.compareTo(attrMin) < 0) {
      throw new IllegalArgumentException("need 0 <= attrMin <= attrMax, got " + attrMin + " and " + attrMax);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /**
   * A session-mode client of {@code server} with a fresh id, the current user's uid/gid, a 1 GiB
   * private cache, NFS's default attribute lifetimes (3 to 60 s) and a 60 s request timeout.
   */
  public static ClientConfig of(InetSocketAddress server) {
    return new ClientConfig(server, "client-" + UUID.randomUUID(), currentId(true), currentId(false),
        Consistency.SESSION, null, DEFAULT_CACHE_BYTES, Duration.ofSeconds(3), Duration.ofSeconds(60),
        Duration.ofSeconds(60));
  }

  public ClientConfig withIdentity(int newUid, int newGid) {
    return new ClientConfig(server, clientId, newUid, newGid, mode, cacheDir, cacheBytes, attrMin, attrMax, timeout);
  }

  public ClientConfig withMode(Consistency m) {
    return new ClientConfig(server, clientId, uid, gid, m, cacheDir, cacheBytes, attrMin, attrMax, timeout);
  }

  public ClientConfig withCache(Path dir, long bytes) {
    return new ClientConfig(server, clientId, uid, gid, mode, dir, bytes, attrMin, attrMax, timeout);
  }

  public ClientConfig withAttrTimeouts(Duration min, Duration max) {
    return new ClientConfig(server, clientId, uid, gid, mode, cacheDir, cacheBytes, min, max, timeout);
  }

  public ClientConfig withTimeout(Duration t) {
    return new ClientConfig(server, clientId, uid, gid, mode, cacheDir, cacheBytes, attrMin, attrMax, t);
  }

  public ClientConfig withClientId(String id) {
    return new ClientConfig(server, id, uid, gid, mode, cacheDir, cacheBytes, attrMin, attrMax, timeout);
  }

  /** Whether the server should hand out callback promises (all modes but stateless). */
  public boolean callbacks() {
    return mode != Consistency.STATELESS;
  }

  private static int currentId(boolean uid) {
    try {
      com.sun.security.auth.module.UnixSystem unix = new com.sun.security.auth.module.UnixSystem();
      return (int) (uid ? unix.getUid() : unix.getGid());
    } catch (LinkageError | RuntimeException e) {
      return 65534; // nobody: not a Unix JVM
    }
  }
}

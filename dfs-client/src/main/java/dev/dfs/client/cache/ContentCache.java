package dev.dfs.client.cache;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Status;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Venus's disk cache of file contents: one {@link Container} per (file, data version), each a
 * sparse local file filled chunk by chunk. Bounded in bytes with least-recently-used eviction
 * that never drops a pinned (open) or dirty container. The index is the directory itself: each
 * container's name carries its FID and version and a small sidecar records which chunks are
 * present, so a restarted client finds its cache again and revalidates entries by version.
 */
public final class ContentCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ContentCache.class);
  private static final String DATA = ".data";
  private static final String CHUNKS = ".chunks";
  /** Present only while no client uses the cache and it was closed cleanly. */
  private static final String CLEAN = "clean-shutdown";

  private final Path dir;
  private final boolean temporary;
  private final long maxBytes;
  private final LongSupplier clock;
  private final Map<Key, Container> byKey = new HashMap<>();
  private java.nio.channels.FileChannel lockFile;

  private record Key(Fid fid, long version) {}

  /** Opens the cache in {@code dir}, or in a private temporary directory if {@code dir} is null. */
  public ContentCache(Path dir, long maxBytes, LongSupplier clock) {
    this.maxBytes = maxBytes;
    this.clock = clock;
    try {
      this.temporary = dir == null;
      this.dir = dir == null ? Files.createTempDirectory("dfs-cache") : Files.createDirectories(dir);
      if (!temporary) {
        lock();
        load();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the cache directory " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** One process per cache directory: two would evict each other's files. */
  private void lock() throws IOException {
    lockFile = java.nio.channels.FileChannel.open(dir.resolve("lock"), java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE);
    java.nio.channels.FileLock lock;
    try {
      lock = lockFile.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
      lock = null;
    }
    if (lock == null) {
      lockFile.close();
      throw new DfsException(Status.EBUSY, "the cache " + dir + " is in use by another dfs client");
    }
  }

  /** The container for exactly this version, if cached. Pins it: release it when done. */
  public synchronized Optional<Container> find(Fid fid, long version) {
    Container c = byKey.get(new Key(fid, version));
    if (c == null || c.stale()) {
      return Optional.empty();
    }
    pin(c);
    return Optional.of(c);
  }

  /** The container for this version, new and empty if not cached. Pins it. */
  public synchronized Container acquire(Fid fid, long version, long size) {
    Key k = new Key(fid, version);
    Container c = byKey.get(k);
    if (c == null || c.stale()) {
      if (c != null) {
        byKey.remove(k);
        dropIfUnused(c);
      }
      try {
        c = new Container(fid, version, size, dataFile(fid, version), new BitSet());
      } catch (IOException e) {
        throw new DfsException(Status.EIO, "cannot create a cache file in " + dir + ": " + e.getMessage(), e);
      }
      byKey.put(k, c);
    }
    pin(c);
    makeRoom();
    return c;
  }

  private void pin(Container c) {
    c.pins++;
    c.lastUse = clock.getAsLong();
  }

  /** Unpins; an unpinned, clean container may be evicted from now on. */
  public synchronized void release(Container c) {
    c.pins--;
    c.lastUse = clock.getAsLong();
    if (c.pins == 0 && !c.dirty()) {
      if (c.stale() || byKey.get(new Key(c.fid(), c.version())) != c) {
        dropIfUnused(c);
      } else {
        saveSidecar(c);
      }
    }
    makeRoom();
  }

  /**
   * The container was stored and is now {@code newVersion} on the server: re-file it under that
   * version, replacing whatever was cached for it. Locks: this cache, then the container (the
   * one order everywhere), so callers must not hold the container's lock.
   */
  public synchronized void stored(Container c, long newVersion) {
    stored(c, newVersion, c.modifications());
  }

  /** {@link #stored(Container, long)} for content as it was at modification count {@code snapshot}. */
  public synchronized void stored(Container c, long newVersion, long snapshot) {
    byKey.remove(new Key(c.fid(), c.version()));
    Container old = byKey.remove(new Key(c.fid(), newVersion));
    if (old != null && old != c) {
      old.markStale();
      dropIfUnused(old);
    }
    try {
      c.stored(newVersion, snapshot, dataFile(c.fid(), newVersion));
    } catch (IOException e) {
      throw new DfsException(Status.EIO, "cannot re-file cache entry " + c + ": " + e.getMessage(), e);
    }
    byKey.put(new Key(c.fid(), newVersion), c);
  }

  /** The server's copy moved on: every cached version of {@code fid} other than {@code current} is stale. */
  public synchronized void supersede(Fid fid, long current) {
    List<Key> gone = new ArrayList<>();
    byKey.forEach((k, c) -> {
      if (k.fid.equals(fid) && k.version != current && !c.dirty()) {
        gone.add(k);
      }
    });
    for (Key k : gone) {
      Container c = byKey.remove(k);
      c.markStale();
      dropIfUnused(c);
    }
  }

  /** The size of this client's modified, not yet stored copy of {@code fid}, if it has one. */
  public synchronized java.util.OptionalLong dirtySize(Fid fid) {
    for (Map.Entry<Key, Container> e : byKey.entrySet()) {
      if (e.getKey().fid.equals(fid) && e.getValue().dirty()) {
        return java.util.OptionalLong.of(e.getValue().size());
      }
    }
    return java.util.OptionalLong.empty();
  }

  /** Drops the cached content of {@code fid} that is neither open nor dirty; returns how many versions. */
  public synchronized int evict(Fid fid) {
    int n = 0;
    for (Container c : new ArrayList<>(byKey.values())) {
      if (c.fid().equals(fid) && c.pins == 0 && !c.dirty()) {
        byKey.remove(new Key(c.fid(), c.version()));
        dropIfUnused(c);
        n++;
      }
    }
    return n;
  }

  /** Drops every unpinned clean container (dfs cache flush). */
  public synchronized int evictAll() {
    int n = 0;
    for (Container c : new ArrayList<>(byKey.values())) {
      if (c.pins == 0 && !c.dirty()) {
        byKey.remove(new Key(c.fid(), c.version()));
        dropIfUnused(c);
        n++;
      }
    }
    return n;
  }

  /** Bytes of file content held locally. */
  public synchronized long usedBytes() {
    return byKey.values().stream().mapToLong(Container::bytesOnDisk).sum();
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Number of containers, and how many of them are pinned and dirty. */
  public synchronized int[] counts() {
    int pinned = 0;
    int dirty = 0;
    for (Container c : byKey.values()) {
      pinned += c.pins > 0 ? 1 : 0;
      dirty += c.dirty() ? 1 : 0;
    }
    return new int[] {byKey.size(), pinned, dirty};
  }

  private void makeRoom() {
    long used = usedBytes();
    if (used <= maxBytes) {
      return;
    }
    List<Container> victims = new ArrayList<>(byKey.values());
    victims.removeIf(c -> c.pins > 0 || c.dirty());
    victims.sort(Comparator.comparingLong(c -> c.lastUse));
    for (Container c : victims) {
      if (used <= maxBytes) {
        break;
      }
      used -= c.bytesOnDisk();
      byKey.remove(new Key(c.fid(), c.version()));
      dropIfUnused(c);
    }
  }

  private void dropIfUnused(Container c) {
    if (c.pins > 0) {
      return; // an open handle still reads this snapshot; dropped at its release
    }
    c.closeChannel();
    try {
      Files.deleteIfExists(c.file());
      Files.deleteIfExists(sidecar(c.file()));
    } catch (IOException e) {
      log.warn("cannot delete cache file {}: {}", c.file(), e.toString());
    }
  }

  private Path dataFile(Fid fid, long version) {
    return dir.resolve(fid + "@" + version + DATA);
  }

  private static Path sidecar(Path data) {
    String name = data.getFileName().toString();
    return data.resolveSibling(name.substring(0, name.length() - DATA.length()) + CHUNKS);
  }

  /** Records which chunks are present, atomically (write beside, then rename). */
  private void saveSidecar(Container c) {
    if (temporary) {
      return;
    }
    Path side = sidecar(c.file());
    Path tmp = side.resolveSibling(side.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tmp))) {
      out.writeLong(c.size());
      byte[] bits = c.presentCopy().toByteArray();
      out.writeInt(bits.length);
      out.write(bits);
    } catch (IOException e) {
      log.warn("cannot save cache index {}: {}", side, e.toString());
      return;
    }
    try {
      Files.move(tmp, side, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.warn("cannot save cache index {}: {}", side, e.toString());
    }
  }

  /**
   * Finds the containers a previous run left; anything without a valid sidecar is dropped, and
   * everything is dropped if that run did not close the cache cleanly (its files were never
   * fsynced, so after a crash their content cannot be trusted).
   */
  private void load() throws IOException {
    int kept = 0;
    int dropped = 0;
    boolean clean = Files.deleteIfExists(dir.resolve(CLEAN));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        if (!name.endsWith(DATA)) {
          if (!name.endsWith(CHUNKS) && !name.equals("lock") && !name.equals("control.sock")) {
            Files.deleteIfExists(p);
          }
          continue;
        }
        Container c = clean ? loadOne(p, name.substring(0, name.length() - DATA.length())) : null;
        if (c == null) {
          Files.deleteIfExists(p);
          Files.deleteIfExists(sidecar(p));
          dropped++;
        } else {
          byKey.put(new Key(c.fid(), c.version()), c);
          kept++;
        }
      }
    }
    try (Stream<Path> orphans = Files.list(dir)) {
      for (Path p : (Iterable<Path>) orphans::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(CHUNKS) && !name.equals("lock")
            && Files.notExists(p.resolveSibling(name.substring(0, name.length() - CHUNKS.length()) + DATA))) {
          Files.deleteIfExists(p);
        }
      }
    }
    if (kept + dropped > 0) {
      log.info("cache {}: found {} entries, dropped {} {}", dir, kept, dropped,
          clean ? "incomplete ones" : "(the previous run did not shut down cleanly)");
    }
  }

  private Container loadOne(Path data, String stem) {
    int at = stem.lastIndexOf('@');
    Path side = sidecar(data);
    if (at < 0 || Files.notExists(side)) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(Files.newInputStream(side))) {
      Fid fid = Fid.parse(stem.substring(0, at));
      long version = Long.parseLong(stem.substring(at + 1));
      long size = in.readLong();
      int n = in.readInt();
      if (n < 0 || n > (1 << 24)) {
        return null;
      }
      byte[] bits = in.readNBytes(n);
      Container c = new Container(fid, version, size, data, BitSet.valueOf(bits));
      c.lastUse = clock.getAsLong();
      return c;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public synchronized void close() {
    for (Container c : byKey.values()) {
      if (!c.dirty()) {
        saveSidecar(c);
      }
      c.closeChannel();
    }
    byKey.clear();
    if (!temporary) {
      try {
        Files.createFile(dir.resolve(CLEAN));
        lockFile.close();
      } catch (IOException e) {
        log.warn("cannot mark cache {} clean: {}", dir, e.toString());
      }
    }
    if (temporary) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        log.warn("cannot remove temporary cache {}: {}", dir, e.toString());
      }
    }
  }
}

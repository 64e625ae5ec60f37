package dev.dfs.client.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dfs.protocol.Attr;
import dev.dfs.protocol.Fid;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Attributes and name lookups that a client may use without asking the server, and for how
 * long. An entry is trusted either under a callback promise (session and one-copy modes: until
 * the server breaks it, the promise expires, or the connection is lost) or for a bounded time
 * (stateless mode: NFS's attribute cache, longer for files that have not changed for a while).
 *
 * <p>The break generation closes the classic race of callback caching: a reply that left the
 * server before a break but arrives after it must not be cached as valid. Callers read
 * {@link #generation()} before sending a request and hand it to {@link #put}; if any break came
 * in between, the entry is not trusted.
 */
public final class MetaCache {
  /** How a cached entry stays valid. */
  public enum Validity { CALLBACK, TIMEOUT }

  private record Entry(Attr attr, long validUntilNanos) {}

  private record Name(Fid dir, String name) {}

  private final Validity validity;
  private final LongSupplier nanoTime;
  private final java.time.Clock wall;
  private final long minNanos;
  private final long maxNanos;
  private volatile long callbackNanos;
  private volatile LongSupplier leaseUntil = () -> Long.MAX_VALUE;
  private final AtomicLong generation = new AtomicLong();
  private final Cache<Fid, Entry> attrs = Caffeine.newBuilder().maximumSize(200_000).build();
  private final Cache<Name, Fid> names = Caffeine.newBuilder().maximumSize(200_000).build();

  /**
   * @param nanoTime elapsed time, for lifetimes
   * @param wall the time of day, to tell how long ago a file last changed (NFS's heuristic)
   * @param minNanos stateless mode's shortest attribute lifetime
   * @param maxNanos its longest
   */
  public MetaCache(Validity validity, LongSupplier nanoTime, java.time.Clock wall, long minNanos, long maxNanos) {
    this.validity = validity;
    this.nanoTime = nanoTime;
    this.wall = wall;
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
  }

  /** Sets how long a callback promise lasts, as the server announced it (less a safety margin). */
  public void callbackLifetime(long millis) {
    this.callbackNanos = Math.max(0, millis - Math.min(millis / 10, 5_000)) * 1_000_000L;
  }

  /** Where callback-based entries learn until when the server's lease holds (System.nanoTime). */
  public void lease(LongSupplier until) {
    this.leaseUntil = until;
  }

  public long generation() {
    return generation.get();
  }

  /** Trusted attributes of {@code fid}, or null if the server must be asked. */
  public Attr attr(Fid fid) {
    Entry e = attrs.getIfPresent(fid);
    if (e == null) {
      return null;
    }
    long now = nanoTime.getAsLong();
    if (now - e.validUntilNanos > 0) {
      attrs.invalidate(fid);
      return null;
    }
    if (validity == Validity.CALLBACK && now - leaseUntil.getAsLong() > 0) {
      return null; // not heard from the server lately: its promises may be void (kept for revalidation)
    }
    return e.attr;
  }

  /** The cached attributes whatever their validity (for revalidation by version). */
  public Attr lastKnown(Fid fid) {
    Entry e = attrs.getIfPresent(fid);
    return e == null ? null : e.attr;
  }

  /** Caches attributes fetched when the break generation was {@code generationBefore}. */
  public void put(Attr attr, long generationBefore) {
    if (attr == null) {
      return;
    }
    if (generation.get() != generationBefore) {
      attrs.invalidate(attr.fid()); // a break overtook this reply: trust nothing about it
      return;
    }
    attrs.put(attr.fid(), new Entry(attr, nanoTime.getAsLong() + lifetime(attr)));
  }

  private long lifetime(Attr a) {
    if (validity == Validity.CALLBACK) {
      return callbackNanos;
    }
    // NFS: files that changed recently are checked more often.
    long ageNanos = Math.max(0, wall.millis() * 1_000_000L - a.mtimeNanos());
    return Math.max(minNanos, Math.min(maxNanos, ageNanos / 10));
  }

  /** The FID that {@code name} in {@code dir} refers to, if the directory's entry is trusted. */
  public Fid lookup(Fid dir, String name) {
    if (attr(dir) == null) {
      return null;
    }
    return names.getIfPresent(new Name(dir, name));
  }

  public void putName(Fid dir, String name, Fid child, long generationBefore) {
    if (generation.get() == generationBefore) {
      names.put(new Name(dir, name), child);
    }
  }

  public void forgetName(Fid dir, String name) {
    names.invalidate(new Name(dir, name));
  }

  /** The server broke callbacks on these objects, or we know they changed. */
  public void invalidate(Collection<Fid> fids) {
    generation.incrementAndGet();
    attrs.invalidateAll(fids);
    Set<Fid> dirs = new HashSet<>(fids);
    names.asMap().keySet().removeIf(n -> dirs.contains(n.dir));
  }

  /** Everything is suspect (reconnection, new server epoch). */
  public void invalidateAll() {
    generation.incrementAndGet();
    attrs.invalidateAll();
    names.invalidateAll();
  }

  /** Number of cached attribute and name entries. */
  public long[] sizes() {
    return new long[] {attrs.estimatedSize(), names.estimatedSize()};
  }
}

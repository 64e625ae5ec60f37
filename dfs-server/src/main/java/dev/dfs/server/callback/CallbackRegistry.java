package dev.dfs.server.callback;

import dev.dfs.protocol.Fid;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server's callback promises (AFS): which holder cached which object, until when. A change
 * by one holder breaks the promises of every other holder of that object by one message per
 * holder. Promises are volatile by design: a restarted server has none, and its new epoch tells
 * clients to revalidate.
 */
public final class CallbackRegistry {

  /** Somebody that can be told its promises are broken: a client connection. */
  public interface Holder {
    /**
     * Pushes a break for these objects; must not block. The future completes when the holder
     * acknowledges that it dropped them (or is gone, which drops them too).
     */
    CompletableFuture<Void> breakCallbacks(List<Fid> fids);

    /** The holder did not acknowledge a break in time: cut it off so that it must revalidate. */
    void evict();

    /** When (registry clock, ms) this server last sent the holder anything: its lease runs from there. */
    long lastSentMillis();
  }

  private final Clock clock;
  private final Duration ttl;
  private final Map<Fid, Map<Holder, Long>> promises = new ConcurrentHashMap<>();

  public CallbackRegistry(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  public Duration ttl() {
    return ttl;
  }

  /** The clock promises and leases are measured with. */
  public Clock clock() {
    return clock;
  }

  /** Promises {@code holder} a callback on {@code fid} until now + ttl. */
  public void promise(Holder holder, Fid fid) {
    long expiry = clock.millis() + ttl.toMillis();
    promises.computeIfAbsent(fid, f -> new ConcurrentHashMap<>()).put(holder, expiry);
  }

  /** The holder gave these promises up (it dropped its cached copies). */
  public void giveUp(Holder holder, Collection<Fid> fids) {
    for (Fid fid : fids) {
      promises.computeIfPresent(fid, (f, holders) -> {
        holders.remove(holder);
        return holders.isEmpty() ? null : holders;
      });
    }
  }

  /** The holder went away: all its promises go with it. */
  public void forget(Holder holder) {
    promises.replaceAll((fid, holders) -> {
      holders.remove(holder);
      return holders;
    });
    promises.values().removeIf(Map::isEmpty);
  }

  /**
   * Breaks the promises on {@code changed} held by anybody but {@code writer} and waits, up to
   * {@code patience}, until every holder has acknowledged. A holder that does not answer in time
   * is evicted (its connection closed), so that it revalidates everything before trusting its
   * cache again: a dead or slow client delays a conflicting writer by at most {@code patience}.
   *
   * @return the number of holders told
   */
  public int breakAndWait(Collection<Fid> changed, Holder writer, Duration patience) {
    Map<Holder, CompletableFuture<Void>> acks = breakFor(changed, writer);
    if (acks.isEmpty()) {
      return 0;
    }
    try {
      CompletableFuture.allOf(acks.values().toArray(new CompletableFuture<?>[0]))
          .get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      long leaseEnd = Long.MIN_VALUE;
      for (Map.Entry<Holder, CompletableFuture<Void>> a : acks.entrySet()) {
        if (!a.getValue().isDone() || a.getValue().isCompletedExceptionally()) {
          a.getKey().evict();
          leaseEnd = Math.max(leaseEnd, a.getKey().lastSentMillis() + dev.dfs.protocol.Frame.LEASE_MILLIS);
        }
      }
      // A silent holder may still trust its copy until its lease runs out: only then is the
      // conflicting write allowed to be acknowledged.
      sleepUntil(leaseEnd);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acks.keySet().forEach(Holder::evict);
    }
    return acks.size();
  }

  private void sleepUntil(long millis) {
    long wait = millis - clock.millis();
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Breaks the promises on {@code changed} held by anybody but {@code writer}, sending each
   * holder one message that lists all its broken objects. Expired promises are dropped silently.
   *
   * @return each holder told, with the future of its acknowledgement
   */
  public Map<Holder, CompletableFuture<Void>> breakFor(Collection<Fid> changed, Holder writer) {
    long now = clock.millis();
    Map<Holder, List<Fid>> toTell = new LinkedHashMap<>();
    for (Fid fid : changed) {
      Map<Holder, Long> holders = promises.get(fid);
      if (holders == null) {
        continue;
      }
      for (Map.Entry<Holder, Long> e : new ArrayList<>(holders.entrySet())) {
        Holder h = e.getKey();
        if (h == writer) {
          continue;
        }
        if (holders.remove(h, e.getValue()) && e.getValue() >= now) {
          toTell.computeIfAbsent(h, x -> new ArrayList<>()).add(fid);
        }
      }
      promises.computeIfPresent(fid, (f, hs) -> hs.isEmpty() ? null : hs);
    }
    Map<Holder, CompletableFuture<Void>> acks = new LinkedHashMap<>();
    toTell.forEach((holder, fids) -> acks.put(holder, holder.breakCallbacks(fids)));
    return acks;
  }

  /** Number of live promises per object, for status output and tests. */
  public Map<Fid, Integer> snapshot() {
    Map<Fid, Integer> out = new HashMap<>();
    promises.forEach((fid, holders) -> out.put(fid, holders.size()));
    return out;
  }
}

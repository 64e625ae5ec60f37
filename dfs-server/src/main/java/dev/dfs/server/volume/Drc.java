package dev.dfs.server.volume;

import dev.dfs.protocol.Frame;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;

/**
 * The duplicate-request cache, kept in LMDB so that it survives restarts and is updated in the
 * same write transaction as the mutation it answers for: a mutation that committed is answered
 * from here when retried, never executed twice.
 *
 * <p>Bounds: at most {@link #PER_CLIENT} entries per client (the lowest request ids go first,
 * clients number their requests upwards), and entries older than {@link #MAX_AGE_NANOS} are
 * dropped at startup, so clients that went away do not hold space forever.
 */
final class Drc {
  static final int PER_CLIENT = 1024;
  static final long MAX_AGE_NANOS = 24L * 3600 * 1_000_000_000L;

  private Drc() {}

  /** A client's key prefix: length byte and UTF-8 id, or a SHA-256 digest for very long ids. */
  static byte[] clientKey(String clientId) {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    if (id.length > 200) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(id);
        byte[] out = new byte[1 + digest.length];
        out[0] = (byte) 0xff;
        System.arraycopy(digest, 0, out, 1, digest.length);
        return out;
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JVM", e);
      }
    }
    byte[] out = new byte[1 + id.length];
    out[0] = (byte) id.length;
    System.arraycopy(id, 0, out, 1, id.length);
    return out;
  }

  private static ByteBuffer entryKey(byte[] client, long requestId) {
    // Flip the sign bit so that signed request ids sort numerically.
    return ByteBuffer.allocateDirect(client.length + 8).put(client).putLong(requestId ^ Long.MIN_VALUE).flip();
  }

  /**
   * A digest of the request, kept with the reply: a client that reuses a request id for a
   * different request (say, after losing its counter) gets a fresh execution, not a wrong reply.
   */
  static long fingerprint(Request request) {
    CRC32C crc = new CRC32C();
    crc.update(new Frame(0, request).toBytes());
    return ((long) request.op().code() << 32) | crc.getValue();
  }

  /** The cached reply for {@code key}, if it was recorded for this same request. */
  static Reply get(MetaTxn t, RequestKey key, Request request) {
    ByteBuffer v = t.db().drc.get(t.raw(), entryKey(clientKey(key.clientId()), key.requestId()));
    if (v == null) {
      return null;
    }
    v.order(ByteOrder.BIG_ENDIAN).getLong();
    if (v.getLong() != fingerprint(request)) {
      return null;
    }
    byte[] body = new byte[v.remaining()];
    v.get(body);
    return (Reply) Frame.fromBytes(body).message();
  }

  static void put(MetaTxn t, RequestKey key, Request request, Reply reply, long now) {
    byte[] client = clientKey(key.clientId());
    byte[] body = new Frame(0, reply).toBytes();
    ByteBuffer v = ByteBuffer.allocateDirect(16 + body.length).putLong(now).putLong(fingerprint(request)).put(body).flip();
    ByteBuffer k = entryKey(client, key.requestId());
    boolean replacing = t.db().drc.get(t.raw(), k) != null;
    t.db().drc.put(t.raw(), k, v);
    if (replacing) {
      return;
    }
    ByteBuffer ck = Keys.bytes(client);
    ByteBuffer c = t.db().drcClients.get(t.raw(), ck);
    long count = (c == null ? 0 : c.order(ByteOrder.BIG_ENDIAN).getLong(0)) + 1;
    if (count > PER_CLIENT) {
      // Evict this client's oldest (lowest) request id; one in, one out keeps the cost constant.
      try (Cursor<ByteBuffer> cur = t.db().drc.openCursor(t.raw())) {
        if (cur.get(ck, GetOp.MDB_SET_RANGE) && Keys.hasPrefix(cur.key(), ck)) {
          cur.delete();
          count--;
        }
      }
    }
    t.db().drcClients.put(t.raw(), Keys.bytes(client), Keys.longs(count));
  }

  /** Drops entries older than {@link #MAX_AGE_NANOS} and recounts; returns how many were dropped. */
  static int prune(MetaTxn t, long now) {
    java.util.List<byte[]> stale = new java.util.ArrayList<>();
    Map<ByteBuffer, Long> counts = new HashMap<>();
    try (Cursor<ByteBuffer> cur = t.db().drc.openCursor(t.raw())) {
      for (boolean ok = cur.first(); ok; ok = cur.next()) {
        byte[] kb = Keys.toArray(cur.key());
        long time = cur.val().order(ByteOrder.BIG_ENDIAN).getLong(0);
        if (now - time > MAX_AGE_NANOS) {
          stale.add(kb);
        } else {
          int clientLen = (kb[0] & 0xff) == 0xff ? 33 : 1 + (kb[0] & 0xff);
          counts.merge(ByteBuffer.wrap(kb, 0, clientLen).slice(), 1L, Long::sum);
        }
      }
    }
    for (byte[] k : stale) {
      t.db().drc.delete(t.raw(), Keys.bytes(k));
    }
    int dropped = stale.size();
    if (dropped > 0) {
      t.db().drcClients.drop(t.raw());
      for (Map.Entry<ByteBuffer, Long> e : counts.entrySet()) {
        t.db().drcClients.put(t.raw(), Keys.bytes(Keys.toArray(e.getKey())), Keys.longs(e.getValue()));
      }
    }
    return dropped;
  }
}

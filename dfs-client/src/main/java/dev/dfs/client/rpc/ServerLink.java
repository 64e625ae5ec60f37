package dev.dfs.client.rpc;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Frame;
import dev.dfs.protocol.Push;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's link to its server that outlives connections: when the connection drops (the
 * server restarted, the network blinked) the next call reconnects and retries the request under
 * the same request id, so the server's duplicate-request cache answers a retried mutation
 * instead of applying it twice. Within the request timeout a server restart is invisible except
 * for latency (NFS-style). Every new connection is reported to the listener, because callback
 * promises do not survive one.
 */
public final class ServerLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerLink.class);

  /** What a link tells its owner. Called on I/O threads: must not block. */
  public interface Listener {
    /** A (re)connection completed; all callback promises from before it are void. */
    void connected(Reply.HelloOk hello, boolean first);

    /** The server pushed something (callback breaks are acknowledged after this returns). */
    void pushed(Push push);

    /** The connection is gone: the server has dropped this client's callback promises. */
    void disconnected();
  }

  private final EventLoopGroup group;
  private final InetSocketAddress server;
  private final Request.Hello hello;
  private final Duration timeout;
  private final Listener listener;
  private final AtomicLong ids = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicLongArray sent = new java.util.concurrent.atomic.AtomicLongArray(256);
  private final Object reconnectLock = new Object();
  private volatile Connection current;
  private volatile boolean closed;
  private volatile java.util.concurrent.ScheduledFuture<?> heartbeat;

  private ServerLink(EventLoopGroup group, InetSocketAddress server, Request.Hello hello, Duration timeout,
      Listener listener) {
    this.group = group;
    this.server = server;
    this.hello = hello;
    this.timeout = timeout;
    this.listener = listener;
  }

  /** Connects now; fails with EUNREACHABLE if the server cannot be reached at all. */
  public static ServerLink open(EventLoopGroup group, InetSocketAddress server, Request.Hello hello, Duration timeout,
      Listener listener) {
    ServerLink link = new ServerLink(group, server, hello, timeout, listener);
    link.current = link.connect(true);
    if (hello.callbacks()) {
      long every = Frame.LEASE_MILLIS / 4;
      link.heartbeat = group.scheduleAtFixedRate(link::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }
    return link;
  }

  /**
   * Keeps the callback lease: pings an idle server, and gives up a connection the server has
   * not answered on for a whole lease (the server has given up on us by then too).
   */
  private void heartbeat() {
    Connection c = current;
    if (c == null || !c.isOpen() || closed) {
      return;
    }
    long silentMillis = (System.nanoTime() - c.lastHeardNanos()) / 1_000_000;
    if (silentMillis >= Frame.LEASE_MILLIS) {
      log.info("no word from {} for {} ms: dropping the connection and every callback", server, silentMillis);
      c.close();
    } else if (silentMillis >= Frame.LEASE_MILLIS / 4) {
      c.send(new Request.Ping());
    }
  }

  /**
   * Until when (System.nanoTime) callback promises may be trusted: a lease from the last time
   * the server was heard from.
   */
  public long trustedUntilNanos() {
    Connection c = current;
    if (c == null || !c.isOpen()) {
      return System.nanoTime() - 1;
    }
    return c.lastHeardNanos() + Frame.LEASE_MILLIS * 1_000_000;
  }

  private Connection connect(boolean first) {
    Connection c = Connection.open(group, server, hello, timeout, ids, this::onPush);
    listener.connected(c.hello(), first);
    c.onClose(listener::disconnected);
    return c;
  }

  private void onPush(Connection from, Push push) {
    listener.pushed(push);
    if (push instanceof Push.CallbackBreak b) {
      from.send(new Request.BreakAck(b.breakId()));
    }
  }

  /** How many requests of this kind the link has sent (retries not counted), like nfsstat. */
  public long sent(dev.dfs.protocol.Op op) {
    return sent.get(op.code());
  }

  /** The server's answer to the latest hello. */
  public Reply.HelloOk hello() {
    return current.hello();
  }

  /**
   * Sends a request and waits for its reply; if the connection is lost on the way, reconnects
   * and sends it again with the same id until the timeout has passed.
   */
  public <T extends Reply> T call(Request request, Class<T> type) {
    sent.incrementAndGet(request.op().code());
    long id = ids.incrementAndGet();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Connection c = connection(deadline);
      try {
        return c.await(c.send(id, request), type);
      } catch (DfsException e) {
        if (e.status() != Status.EUNREACHABLE || closed || System.nanoTime() > deadline) {
          throw e;
        }
        log.debug("{} to {} lost its connection; retrying as request {}", request.op(), server, id);
      }
    }
  }

  /**
   * Sends on the current connection without retry, for pipelined transfers whose callers
   * restart the whole transfer on failure (a store is bound to the connection that opened it).
   */
  public CompletableFuture<Reply> send(Request request) {
    sent.incrementAndGet(request.op().code());
    return connection(System.nanoTime() + timeout.toNanos()).send(request);
  }

  /** Waits for a reply from {@link #send} within the timeout. */
  public <T extends Reply> T await(CompletableFuture<Reply> reply, Class<T> type) {
    return current.await(reply, type);
  }

  /** The live connection, reconnecting with backoff until {@code deadline} if needed. */
  private Connection connection(long deadline) {
    Connection c = current;
    if (c != null && c.isOpen()) {
      return c;
    }
    synchronized (reconnectLock) {
      long backoffMs = 20;
      while (true) {
        c = current;
        if (c != null && c.isOpen()) {
          return c;
        }
        if (closed) {
          throw new DfsException(Status.EUNREACHABLE, "client is closed");
        }
        try {
          Connection fresh = connect(false);
          if (c != null) {
            c.close();
          }
          current = fresh;
          log.info("reconnected to {} (server epoch {})", server, fresh.hello().serverEpoch());
          return fresh;
        } catch (DfsException e) {
          if (e.status() != Status.EUNREACHABLE || System.nanoTime() + backoffMs * 1_000_000 > deadline) {
            throw e;
          }
        }
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new DfsException(Status.EUNREACHABLE, "interrupted while reconnecting to " + server);
        }
        backoffMs = Math.min(1000, backoffMs * 2);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    Connection c = current;
    if (c != null) {
      c.close();
    }
  }
}

package dev.dfs.server.session;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Frame;
import dev.dfs.protocol.FrameCodec;
import dev.dfs.protocol.Push;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import dev.dfs.server.callback.CallbackRegistry;
import dev.dfs.server.fault.Mutation;
import dev.dfs.server.volume.Caller;
import dev.dfs.server.volume.FileService;
import dev.dfs.server.volume.Outcome;
import dev.dfs.server.volume.RequestKey;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: handshake, then requests executed in order on the worker pool, replies
 * and callback breaks written back on the same channel. Holds the connection's state: its
 * identity, open whole-file stores, and (through the registry) its callback promises.
 *
 * <p>Backpressure: reading from the socket pauses while too many requests wait for a worker or
 * while the socket's send buffer is full, so neither a flooding nor a slow client grows the
 * server's memory without bound.
 */
final class ClientSession extends ChannelInboundHandlerAdapter implements CallbackRegistry.Holder {
  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
  /** Requests queued per connection before the server stops reading from it. */
  static final int MAX_BACKLOG = 32;

  private final SessionContext shared;
  private final SerialExecutor serial;
  /** How long a writer waits for other clients to acknowledge a callback break. */
  static final Duration BREAK_PATIENCE = Duration.ofSeconds(5);

  private final Set<Long> openStores = ConcurrentHashMap.newKeySet();
  private final Map<Long, Fid> storeFids = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<Void>> pendingBreaks = new ConcurrentHashMap<>();
  private final AtomicLong breakIds = new AtomicLong();
  private volatile long lastSentMillis;
  private volatile Channel channel;
  private volatile String clientId;
  private volatile Caller caller;
  private volatile boolean callbacks;

  ClientSession(SessionContext shared, Executor pool) {
    this.shared = shared;
    this.serial = new SerialExecutor(pool);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FrameCodec.BadFrame bad) {
      answerBadFrame(bad);
      return;
    }
    Frame frame = (Frame) msg;
    if (!(frame.message() instanceof Request request)) {
      replyAndClose(frame.requestId(), error(Status.EPROTO, "expected a request, got " + frame.message().op()));
      return;
    }
    if (request instanceof Request.BreakAck ack) {
      // On the event loop, never behind the worker pool: a writer's worker may be waiting for it.
      CompletableFuture<Void> pending = pendingBreaks.remove(ack.breakId());
      if (pending != null) {
        pending.complete(null);
      }
      reply(frame.requestId(), new Reply.Ok());
      return;
    }
    serial.execute(() -> handle(frame.requestId(), request));
    updateAutoRead();
  }

  private void answerBadFrame(FrameCodec.BadFrame bad) {
    DfsException e = bad.error();
    Reply.Error answer = new Reply.Error(e.status(), e.detail());
    // An unknown opcode may be a newer client: the framing is intact, so keep talking.
    if (e.status() == Status.ENOTSUP) {
      reply(bad.requestId(), answer);
    } else {
      replyAndClose(bad.requestId(), answer);
    }
  }

  private void handle(long id, Request request) {
    try {
      reply(id, dispatch(id, request));
    } catch (Fatal e) {
      // A broken handshake: answer, then hang up once the answer is on its way.
      replyAndClose(id, new Reply.Error(e.error.status(), e.error.detail()));
    } catch (DfsException e) {
      reply(id, new Reply.Error(e.status(), e.detail()));
    } catch (RuntimeException e) {
      log.error("{} from client {} failed", request.op(), clientId, e);
      reply(id, error(Status.EIO, "internal server error: " + e));
    } finally {
      channel.eventLoop().execute(this::updateAutoRead);
    }
  }

  /** An error after which the connection cannot go on. */
  private static final class Fatal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient DfsException error;

    Fatal(Status status, String message) {
      super(message, null, false, false);
      this.error = new DfsException(status, message);
    }
  }

  private Reply dispatch(long id, Request request) {
    if (request instanceof Request.Hello hello) {
      return hello(hello);
    }
    if (clientId == null) {
      throw new Fatal(Status.EPROTO, "the first message must be HELLO, not " + request.op());
    }
    if (request instanceof Request.Ping) {
      return new Reply.Ok();
    }
    if (request instanceof Request.GiveUp g) {
      shared.callbacks().giveUp(this, g.fids());
      return new Reply.Ok();
    }
    checkStoreOwnership(request);
    if (shared.mutation() == Mutation.ACK_BEFORE_COMMIT && (request instanceof Request.Write
        || request instanceof Request.StoreCommit)) {
      return ackBeforeCommit(id, request);
    }
    Outcome outcome = shared.files().execute(caller, new RequestKey(clientId, id), request);
    Reply reply = outcome.reply();
    trackStores(request, reply);
    if (!outcome.changed().isEmpty() && shared.mutation() != Mutation.NO_CALLBACK_BREAKS) {
      // Before the writer hears "done", every other cached copy is gone (one-copy semantics).
      shared.callbacks().breakAndWait(outcome.changed(), this, BREAK_PATIENCE);
    }
    if (callbacks) {
      promiseFor(request, reply);
    }
    return reply;
  }

  /**
   * The ACK_BEFORE_COMMIT mutation: answer with the attributes the change will produce, then
   * apply it a little later. Wrong on purpose, so that the durability test is seen to fail.
   */
  private Reply ackBeforeCommit(long id, Request request) {
    Fid fid;
    long size;
    if (request instanceof Request.Write w) {
      fid = w.fid();
      size = -1;
    } else {
      fid = storeFids.get(((Request.StoreCommit) request).storeId());
      size = ((Request.StoreCommit) request).size();
    }
    Attr now = ((Reply.Attrs) shared.files().execute(caller, null, new Request.GetAttr(fid)).reply()).attr();
    if (request instanceof Request.Write w) {
      size = Math.max(now.size(), w.offset() + w.data().length);
    }
    Attr promised = new Attr(now.fid(), now.type(), now.mode(), now.nlink(), now.uid(), now.gid(), size,
        now.atimeNanos(), now.mtimeNanos(), now.ctimeNanos(), now.dataVersion() + 1);
    serial.execute(() -> {
      try {
        Thread.sleep(200);
        shared.files().execute(caller, new RequestKey(clientId, id), request);
        trackStores(request, null);
      } catch (InterruptedException | RuntimeException e) {
        log.warn("mutation ack-before-commit: the late commit failed: {}", e.toString());
      }
    });
    return new Reply.Attrs(promised);
  }

  private Reply hello(Request.Hello hello) {
    if (clientId != null) {
      throw new DfsException(Status.EPROTO, "HELLO sent twice on one connection");
    }
    if (hello.version() != Frame.PROTOCOL_VERSION) {
      throw new Fatal(Status.EPROTO,
          "protocol version " + hello.version() + " not supported; this server speaks " + Frame.PROTOCOL_VERSION);
    }
    if (hello.clientId().isBlank()) {
      throw new Fatal(Status.EINVAL, "empty client id");
    }
    caller = new Caller(hello.uid(), hello.gid());
    callbacks = hello.callbacks();
    clientId = hello.clientId();
    return new Reply.HelloOk(Frame.PROTOCOL_VERSION, shared.files().epoch(), shared.serverId(),
        shared.callbacks().ttl().toMillis(), shared.files().root());
  }

  /** A store id is a capability of the connection that opened it. */
  private void checkStoreOwnership(Request request) {
    long storeId;
    if (request instanceof Request.StoreData d) {
      storeId = d.storeId();
    } else if (request instanceof Request.StoreCommit c) {
      storeId = c.storeId();
    } else if (request instanceof Request.StoreAbort a) {
      storeId = a.storeId();
    } else {
      return;
    }
    if (!openStores.contains(storeId)) {
      throw new DfsException(Status.EBADF, "no open store " + storeId + " on this connection");
    }
  }

  private void trackStores(Request request, Reply reply) {
    if (reply instanceof Reply.StoreOpened opened) {
      openStores.add(opened.storeId());
      storeFids.put(opened.storeId(), ((Request.StoreBegin) request).fid());
    } else if (request instanceof Request.StoreCommit c) {
      openStores.remove(c.storeId());
      storeFids.remove(c.storeId());
    } else if (request instanceof Request.StoreAbort a) {
      openStores.remove(a.storeId());
      storeFids.remove(a.storeId());
    }
  }

  /**
   * Every reply that hands out cacheable state comes with a callback promise on it: the objects
   * read, and the objects a change returns to its writer (who caches them as current), so that
   * the next change by anybody else is announced.
   */
  private void promiseFor(Request request, Reply reply) {
    List<Fid> fids = new java.util.ArrayList<>(3);
    if (request instanceof Request.Fetch f) {
      fids.add(f.fid());
    } else if (request instanceof Request.GetAttr g) {
      fids.add(g.fid());
    } else if (request instanceof Request.Lookup l) {
      fids.add(l.dir()); // a lookup reads the directory: the client may cache the name
    }
    if (reply instanceof Reply.Attrs a) {
      fids.add(a.attr().fid());
    } else if (reply instanceof Reply.Entry e) {
      fids.add(e.dir().fid());
      if (e.child() != null) {
        fids.add(e.child().fid());
      }
    } else if (reply instanceof Reply.Renamed r) {
      fids.add(r.fromDir().fid());
      fids.add(r.toDir().fid());
      fids.add(r.moved().fid());
    } else if (reply instanceof Reply.DirPage p) {
      fids.add(p.dir().fid());
    } else if (reply instanceof Reply.Data d) {
      fids.add(d.attr().fid());
    }
    for (Fid fid : fids) {
      shared.callbacks().promise(this, fid);
    }
  }

  @Override
  public CompletableFuture<Void> breakCallbacks(List<Fid> fids) {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      return CompletableFuture.completedFuture(null);
    }
    long id = breakIds.incrementAndGet();
    CompletableFuture<Void> ack = new CompletableFuture<>();
    pendingBreaks.put(id, ack);
    lastSentMillis = shared.callbacks().clock().millis();
    ch.writeAndFlush(new Frame(0, new Push.CallbackBreak(id, fids))).addListener(w -> {
      if (!w.isSuccess()) {
        pendingBreaks.remove(id);
        ack.complete(null); // the connection is gone, and its cache's validity with it
      }
    });
    return ack;
  }

  @Override
  public long lastSentMillis() {
    return lastSentMillis;
  }

  @Override
  public void evict() {
    Channel ch = channel;
    log.warn("client {} did not acknowledge a callback break within {} ms; closing its connection", clientId,
        BREAK_PATIENCE.toMillis());
    if (ch != null) {
      ch.close();
    }
  }

  private void reply(long id, Reply reply) {
    Channel ch = channel;
    if (ch != null && ch.isActive()) {
      lastSentMillis = shared.callbacks().clock().millis();
      ch.writeAndFlush(new Frame(id, reply));
    }
  }

  private static Reply.Error error(Status status, String message) {
    return new Reply.Error(status, message);
  }

  private void replyAndClose(long id, Reply reply) {
    Channel ch = channel;
    if (ch != null && ch.isActive()) {
      ch.writeAndFlush(new Frame(id, reply)).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void updateAutoRead() {
    Channel ch = channel;
    if (ch != null) {
      ch.config().setAutoRead(serial.backlog() < MAX_BACKLOG && ch.isWritable());
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateAutoRead();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    shared.callbacks().forget(this);
    pendingBreaks.values().forEach(ack -> ack.complete(null));
    pendingBreaks.clear();
    // Stores that were never committed vanish with the connection: nothing half-written shows.
    for (Long id : List.copyOf(openStores)) {
      serial.execute(() -> {
        try {
          shared.files().execute(caller, null, new Request.StoreAbort(id));
        } catch (DfsException ignored) {
          // already gone
        }
      });
    }
    openStores.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      replyAndClose(0, error(Status.EPROTO, "frame too long: " + cause.getMessage()));
      return;
    }
    if (cause instanceof IOException) {
      log.debug("connection {} from client {}: {}", ctx.channel().remoteAddress(), clientId, cause.toString());
    } else {
      log.warn("closing connection {} from client {}", ctx.channel().remoteAddress(), clientId, cause);
    }
    ctx.close();
  }
}

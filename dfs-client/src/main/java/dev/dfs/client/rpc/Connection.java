package dev.dfs.client.rpc;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Frame;
import dev.dfs.protocol.FrameCodec;
import dev.dfs.protocol.Push;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One connection to a Vice server: sends requests, matches replies to them by request id, and
 * hands server pushes (callback breaks) to a listener, on the I/O thread: the listener must not
 * block. Many requests may be in flight at once;
 * the server executes one connection's requests in the order they were sent.
 */
public final class Connection implements AutoCloseable {
  private final Channel channel;
  private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids;
  private final Duration timeout;
  private final BiConsumer<Connection, Push> pushes;
  private final InetSocketAddress server;
  private volatile Reply.HelloOk hello;
  private volatile Runnable onClose = () -> {};
  private volatile long lastHeardNanos = System.nanoTime();

  private Connection(EventLoopGroup group, InetSocketAddress server, Duration timeout, AtomicLong ids,
      BiConsumer<Connection, Push> pushes) {
    this.server = server;
    this.timeout = timeout;
    this.ids = ids;
    this.pushes = pushes;
    ChannelFuture connect = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 10_000))
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            FrameCodec.install(ch.pipeline());
            ch.pipeline().addLast("replies", new Replies());
          }
        })
        .connect(server);
    connect.awaitUninterruptibly();
    if (!connect.isSuccess()) {
      throw new DfsException(Status.EUNREACHABLE, "cannot connect to " + describe(server) + ": " + connect.cause().getMessage(),
          connect.cause());
    }
    this.channel = connect.channel();
  }

  /**
   * Connects and says hello. {@code ids} hands out request ids; share it between the successive
   * connections of one client so that a retried request keeps its id and the server's
   * duplicate-request cache recognises it.
   */
  public static Connection open(EventLoopGroup group, InetSocketAddress server, Request.Hello hello, Duration timeout,
      AtomicLong ids, BiConsumer<Connection, Push> pushes) {
    Connection c = new Connection(group, server, timeout, ids, pushes);
    try {
      c.hello = c.call(hello, Reply.HelloOk.class);
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Runs {@code action} on the I/O thread when the connection is lost (once). */
  public void onClose(Runnable action) {
    this.onClose = action;
    if (!channel.isActive()) {
      action.run();
    }
  }

  /** The server's answer to our hello: its epoch, root directory and callback lifetime. */
  public Reply.HelloOk hello() {
    return hello;
  }

  public InetSocketAddress server() {
    return server;
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /** When the server last sent anything on this connection (System.nanoTime). */
  public long lastHeardNanos() {
    return lastHeardNanos;
  }

  /** Sends a request with a fresh id. An error reply completes the future with {@link DfsException}. */
  public CompletableFuture<Reply> send(Request request) {
    return send(ids.incrementAndGet(), request);
  }

  /** Sends a request with a given id: a retry of an earlier request keeps its id. */
  public CompletableFuture<Reply> send(long id, Request request) {
    CompletableFuture<Reply> f = new CompletableFuture<>();
    pending.put(id, f);
    if (!channel.isActive()) {
      fail(id, "connection to " + describe(server) + " is closed");
      return f;
    }
    channel.writeAndFlush(new Frame(id, request)).addListener(w -> {
      if (!w.isSuccess()) {
        fail(id, "sending to " + describe(server) + " failed: " + w.cause());
      }
    });
    return f;
  }

  /** Sends a request and waits for its reply, which must be of {@code type}. */
  public <T extends Reply> T call(Request request, Class<T> type) {
    return await(send(request), type);
  }

  /** Waits for a reply within this connection's timeout. */
  public <T extends Reply> T await(CompletableFuture<Reply> future, Class<T> type) {
    Reply r;
    try {
      r = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DfsException d) {
        throw new DfsException(d.status(), d.detail(), d);
      }
      throw new DfsException(Status.EIO, String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new DfsException(Status.ETIMEDOUT, "no reply from " + describe(server) + " within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DfsException(Status.EIO, "interrupted waiting for " + describe(server));
    }
    if (!type.isInstance(r)) {
      throw new DfsException(Status.EPROTO, "expected " + type.getSimpleName() + " but the server sent " + r.op());
    }
    return type.cast(r);
  }

  private void fail(long id, String why) {
    CompletableFuture<Reply> f = pending.remove(id);
    if (f != null) {
      f.completeExceptionally(new DfsException(Status.EUNREACHABLE, why));
    }
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
  }

  private static String describe(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  private final class Replies extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FrameCodec.BadFrame bad) {
        // The server sent something we cannot read: nothing on this connection can be trusted.
        ctx.close();
        return;
      }
      Frame frame = (Frame) msg;
      lastHeardNanos = System.nanoTime();
      if (frame.message() instanceof Push push) {
        pushes.accept(Connection.this, push);
        return;
      }
      CompletableFuture<Reply> f = pending.remove(frame.requestId());
      if (f == null) {
        if (frame.message() instanceof Reply.Error e && frame.requestId() == 0) {
          // A connection-level error (e.g. our frame was too long): fail everything.
          pending.keySet().forEach(id -> fail(id, e.message()));
        }
        return;
      }
      if (frame.message() instanceof Reply.Error e) {
        f.completeExceptionally(e.toException());
      } else if (frame.message() instanceof Reply r) {
        f.complete(r);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      for (Long id : pending.keySet()) {
        fail(id, "connection to " + describe(server) + " lost");
      }
      onClose.run();
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}

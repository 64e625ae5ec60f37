package dev.dfs.server;

import dev.dfs.server.callback.CallbackRegistry;
import dev.dfs.server.fault.Mutation;
import dev.dfs.server.session.SessionInitializer;
import dev.dfs.server.volume.FileService;
import dev.dfs.server.volume.StoreConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vice, the file server: the durable store ({@link FileService}) behind a Netty endpoint, plus
 * the callback registry. Netty's event loops do only socket I/O and framing; LMDB and disk work
 * run on a worker pool so a slow disk or client never stalls the others.
 *
 * <pre>{@code
 * try (ViceServer server = ViceServer.start(ServerConfig.builder(dir).build())) {
 *   int port = server.address().getPort();
 * }
 * }</pre>
 */
public final class ViceServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ViceServer.class);

  private final ServerConfig config;
  private final FileService files;
  private final CallbackRegistry callbacks;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService pool;
  private final Channel listener;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ViceServer(ServerConfig config) throws InterruptedException {
    this.config = config;
    String address = dev.dfs.protocol.Addresses.format(config.listen());
    StoreConfig store = StoreConfig.defaults(config.dataDir());
    this.files = FileService.open(new StoreConfig(config.dataDir(), address, config.clock(), store.mapSizeBytes()));
    this.callbacks = new CallbackRegistry(config.clock(), config.callbackTtl());
    this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("vice-accept", true));
    this.workers = new NioEventLoopGroup(0, new DefaultThreadFactory("vice-io", true));
    this.pool = Executors.newFixedThreadPool(config.workerThreads(), new DefaultThreadFactory("vice-worker", true));
    String serverId = "vice@" + address;
    try {
      this.listener = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.SO_KEEPALIVE, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(2 << 20, 8 << 20))
          .childHandler(new SessionInitializer(files, callbacks, serverId, pool, config.mutation()))
          .bind(config.listen())
          .sync()
          .channel();
    } catch (RuntimeException | InterruptedException e) {
      shutdownThreads();
      files.close();
      throw e;
    }
    if (config.mutation() != Mutation.NONE) {
      log.warn("DELIBERATELY BROKEN SERVER for a test: mutation '{}' is on", config.mutation().label());
    }
    log.info("Vice listening on {} (data {}, epoch {})", dev.dfs.protocol.Addresses.format(address()), config.dataDir().toAbsolutePath(), files.epoch());
  }

  /** Opens the store under {@code config.dataDir()} (recovering it if needed) and starts listening. */
  public static ViceServer start(ServerConfig config) {
    try {
      return new ViceServer(config);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the server", e);
    }
  }

  /** The address actually bound (the port is real even if 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  public long epoch() {
    return files.epoch();
  }

  public ServerConfig config() {
    return config;
  }

  /** Live callback promises per object (for status output and tests). */
  public Map<dev.dfs.protocol.Fid, Integer> callbackPromises() {
    return callbacks.snapshot();
  }

  /** Stops accepting, closes every connection, finishes running requests, then closes the store. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    listener.close().syncUninterruptibly();
    shutdownThreads();
    files.close();
    log.info("Vice on {} stopped", dev.dfs.protocol.Addresses.format(config.listen()));
  }

  private void shutdownThreads() {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

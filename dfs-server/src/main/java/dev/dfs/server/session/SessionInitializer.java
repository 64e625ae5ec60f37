package dev.dfs.server.session;

import dev.dfs.protocol.FrameCodec;
import dev.dfs.server.callback.CallbackRegistry;
import dev.dfs.server.fault.Mutation;
import dev.dfs.server.volume.FileService;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.Executor;

/** Builds each connection's pipeline: framing and codec, then one {@link ClientSession}. */
public final class SessionInitializer extends ChannelInitializer<SocketChannel> {
  private final SessionContext shared;
  private final Executor pool;

  public SessionInitializer(FileService files, CallbackRegistry callbacks, String serverId, Executor pool,
      Mutation mutation) {
    this.shared = new SessionContext(files, callbacks, serverId, mutation);
    this.pool = pool;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    FrameCodec.install(ch.pipeline());
    ch.pipeline().addLast("session", new ClientSession(shared, pool));
  }
}

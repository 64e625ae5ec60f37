package dev.dfs.client;

import dev.dfs.server.ServerConfig;
import dev.dfs.server.fault.Mutation;
import dev.dfs.server.ViceServer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A real server on loopback and any number of real clients of it, for tests. */
final class Clients implements AutoCloseable {
  final Path data;
  ViceServer server;
  final List<DfsClient> clients = new ArrayList<>();

  private final Mutation mutation;

  Clients(Path data) {
    this(data, Mutation.NONE);
  }

  /** A cell whose server carries a deliberate bug (for the mutation checks). */
  Clients(Path data, Mutation mutation) {
    this.data = data;
    this.mutation = mutation;
    this.server = ViceServer.start(
        ServerConfig.builder(data).listen(new InetSocketAddress("127.0.0.1", 0)).mutation(mutation).build());
  }

  DfsClient client(Consistency mode) {
    return client(ClientConfig.of(server.address()).withMode(mode));
  }

  DfsClient client(ClientConfig config) {
    DfsClient c = DfsClient.connect(config);
    clients.add(c);
    return c;
  }

  /** Stops the server and starts it again on the same port and data (a restart). */
  void restartServer() {
    InetSocketAddress at = server.address();
    server.close();
    server = ViceServer.start(ServerConfig.builder(data).listen(at).mutation(mutation).build());
  }

  static String read(DfsFile f) {
    ByteBuffer b = ByteBuffer.allocate((int) Math.max(16, f.size() + 16));
    long pos = 0;
    int n;
    while ((n = f.read(b, pos)) > 0) {
      pos += n;
    }
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }

  static String read(DfsClient c, String path) {
    try (DfsFile f = c.open(path, Set.of(OpenFlag.READ), 0)) {
      return read(f);
    }
  }

  static void write(DfsFile f, String text) {
    f.truncate(0);
    f.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
  }

  static void write(DfsClient c, String path, String text) {
    try (DfsFile f = c.open(path, Set.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE), 0644)) {
      f.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    }
  }

  @Override
  public void close() {
    clients.forEach(DfsClient::close);
    server.close();
  }
}

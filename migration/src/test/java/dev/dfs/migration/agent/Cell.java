package dev.dfs.migration.agent;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.migration.policy.HostId;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import dev.dfs.vfs.DfsFileSystems;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** One Vice server on loopback and, per simulated host, its own client and dfs: file system. */
final class Cell implements AutoCloseable {
  final Path temp;
  final ViceServer server;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private int next;

  Cell(Path temp) {
    this.temp = temp;
    server = ViceServer.start(ServerConfig.builder(temp.resolve("server"))
        .listen(new InetSocketAddress("127.0.0.1", 0)).build());
  }

  /** A file system of its own client, as a separate host would have. */
  FileSystem fileSystem() {
    int n = ++next;
    DfsClient c = DfsClient.connect(ClientConfig.of(server.address()).withMode(Consistency.ONE_COPY)
        .withCache(temp.resolve("cache-" + n), 512L << 20));
    resources.push(c);
    FileSystem fs = DfsFileSystems.wrap(c);
    resources.push(fs);
    return fs;
  }

  /** An agent for host {@code name} with its own file system. */
  HostAgent agent(String name) {
    HostAgent a = HostAgent.start(AgentConfig.builder(new HostId(name), fileSystem()).build());
    resources.push(a);
    return a;
  }

  void track(AutoCloseable c) {
    resources.push(c);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof IOException io ? io : new IOException(e);
        }
      }
    }
    server.close();
    if (first != null) {
      throw first;
    }
  }
}

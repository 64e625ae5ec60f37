package dev.dfs.conformance;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.client.DfsFile;
import dev.dfs.client.OpenFlag;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import dev.dfs.server.fault.Mutation;
import dev.dfs.testkit.net.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A small cell for the conformance suites: one real server on loopback, reached through a
 * fault-injecting proxy, and several real clients in one consistency mode. Stateless clients get
 * no attribute caching at all, so what they see is exactly what close-to-open plus synchronous
 * writes promise, and nothing is left to timing.
 */
final class Cell implements AutoCloseable {
  final Path data;
  final Mutation mutation;
  ViceServer server;
  final FaultProxy proxy;
  final List<DfsClient> clients = new ArrayList<>();

  Cell(Consistency mode, int clientCount, Mutation mutation) {
    try {
      this.data = Files.createTempDirectory("dfs-cell");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.mutation = mutation;
    this.server = startServer(new InetSocketAddress("127.0.0.1", 0));
    try {
      this.proxy = FaultProxy.start(server.address(), new Random(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < clientCount; i++) {
      clients.add(DfsClient.connect(ClientConfig.of(proxy.address()).withMode(mode)
          .withAttrTimeouts(Duration.ZERO, Duration.ZERO).withTimeout(Duration.ofSeconds(20))));
    }
  }

  private ViceServer startServer(InetSocketAddress at) {
    return ViceServer.start(ServerConfig.builder(data).listen(at).mutation(mutation).build());
  }

  DfsClient client(int i) {
    return clients.get(i);
  }

  /** Stops the server and starts it again on the same port and data. */
  void restartServer() {
    InetSocketAddress at = server.address();
    server.close();
    server = startServer(at);
  }

  /** Cuts every connection between clients and server; clients must reconnect and revalidate. */
  void cutConnections() {
    proxy.cut();
  }

  static String read(DfsFile f) {
    ByteBuffer b = ByteBuffer.allocate((int) f.size() + 64);
    long pos = 0;
    int n;
    while ((n = f.read(b, pos)) > 0) {
      pos += n;
    }
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }

  static String readFresh(DfsClient c, String path) {
    try (DfsFile f = c.open(path, Set.of(OpenFlag.READ), 0)) {
      return read(f);
    }
  }

  /** Replaces the whole content through an open handle. */
  static void replace(DfsFile f, String text) {
    f.truncate(0);
    f.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
  }

  static void create(DfsClient c, String path, String text) {
    try (DfsFile f = c.open(path, Set.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE), 0644)) {
      f.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    }
  }

  @Override
  public void close() {
    clients.forEach(DfsClient::close);
    proxy.close();
    server.close();
    try (Stream<Path> files = Files.walk(data)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir
    }
  }
}

package dev.dfs.vfs;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import dev.dfs.vfs.fuse.FuseMount;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite through a real FUSE mount (session mode): {@code java.nio} on the default
 * file system, on paths inside the mount, so every call goes kernel -> libfuse -> dev.dfs.vfs.fuse
 * -> the dfs: provider -> the client -> a real server. It lives in this package because the suite
 * is package-private.
 */
class FuseConformanceTest extends FilesConformance {
  @TempDir static Path temp;
  static ViceServer server;
  static DfsClient client;
  static FuseMount mount;
  static final AtomicInteger next = new AtomicInteger();

  @BeforeAll
  static void start() throws IOException {
    String why = FuseMount.unavailableReason().orElse(null);
    Assumptions.assumeTrue(why == null, why);
    server = ViceServer.start(ServerConfig.builder(temp.resolve("server")).listen(new InetSocketAddress("127.0.0.1", 0))
        .build());
    client = DfsClient.connect(ClientConfig.of(server.address()).withMode(Consistency.SESSION)
        .withCache(temp.resolve("cache"), 256L << 20));
    mount = FuseMount.mount(FuseMount.Config.builder(Files.createDirectory(temp.resolve("mnt")), client).build());
  }

  @AfterAll
  static void stop() {
    if (mount != null) {
      mount.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  Path root() throws IOException {
    return Files.createDirectory(mount.mountPoint().resolve("test-" + next.incrementAndGet()));
  }
}

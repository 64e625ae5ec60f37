package dev.dfs.conformance;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import dev.dfs.testkit.fs.FsTarget;
import dev.dfs.testkit.fs.NioTarget;
import dev.dfs.vfs.DfsFileSystems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * The differential property through the {@code dfs:} java.nio provider, in every consistency
 * mode: random operation sequences give the same results and errors, and leave the same tree,
 * as on the reference model (itself checked against the local disk by {@link LocalDifferentialTest}).
 */
class DfsDifferentialTest {

  /** One server and one client per mode; each sequence runs in a fresh directory of it. */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class OnDfs extends DifferentialConformance {
    private Path data;
    private ViceServer server;
    private DfsClient client;
    private FileSystem fs;
    private final AtomicInteger runs = new AtomicInteger();

    abstract Consistency mode();

    @BeforeAll
    void start() throws IOException {
      data = Files.createTempDirectory("dfs-conformance");
      server = ViceServer.start(ServerConfig.builder(data).listen(new InetSocketAddress("127.0.0.1", 0)).build());
      client = DfsClient.connect(ClientConfig.of(server.address()).withMode(mode()));
      fs = DfsFileSystems.wrap(client, 0);
    }

    @AfterAll
    void stop() throws IOException {
      fs.close();
      client.close();
      server.close();
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    @Override
    protected int tries() {
      return 40;
    }

    @Override
    protected FsTarget newTarget() {
      try {
        Path root = Files.createDirectory(fs.getPath("/run" + runs.incrementAndGet()));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new NioTarget(root);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Nested
  class Session extends OnDfs {
    @Override
    Consistency mode() {
      return Consistency.SESSION;
    }
  }

  @Nested
  class OneCopy extends OnDfs {
    @Override
    Consistency mode() {
      return Consistency.ONE_COPY;
    }
  }

  @Nested
  class Stateless extends OnDfs {
    @Override
    Consistency mode() {
      return Consistency.STATELESS;
    }
  }
}

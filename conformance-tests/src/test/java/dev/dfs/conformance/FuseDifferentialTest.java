package dev.dfs.conformance;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import dev.dfs.testkit.fs.FsTarget;
import dev.dfs.testkit.fs.NioTarget;
import dev.dfs.vfs.fuse.FuseMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The differential property through a real FUSE mount: the kernel, libfuse and the adapter
 * between the operations and the DFS, held to the same model as the local disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuseDifferentialTest extends DifferentialConformance {
  private Path dir;
  private ViceServer server;
  private DfsClient client;
  private FuseMount mount;
  private int runs;

  @BeforeAll
  void start() throws IOException {
    Assumptions.assumeTrue(FuseMount.unavailableReason().isEmpty(),
        () -> "FUSE unavailable: " + FuseMount.unavailableReason().orElse(""));
    dir = Files.createTempDirectory("dfs-fuse-conformance");
    server = ViceServer.start(ServerConfig.builder(dir.resolve("data")).listen(new InetSocketAddress("127.0.0.1", 0)).build());
    client = DfsClient.connect(ClientConfig.of(server.address()).withMode(Consistency.SESSION));
    mount = FuseMount.mount(FuseMount.Config.builder(Files.createDirectories(dir.resolve("mnt")), client).build());
  }

  @AfterAll
  void stop() throws IOException {
    if (mount != null) {
      mount.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Override
  protected int tries() {
    return 40;
  }

  @Override
  protected FsTarget newTarget() {
    try {
      Path root = Files.createDirectory(mount.mountPoint().resolve("run" + ++runs));
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new NioTarget(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

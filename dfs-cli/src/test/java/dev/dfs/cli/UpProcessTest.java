package dev.dfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.DfsClient;
import dev.dfs.vfs.fuse.FuseMount;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, as a user runs it: everything comes up, works, and goes away on SIGTERM. */
class UpProcessTest {
  @TempDir Path dir;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void upStartsServerMountAndGatewayAndStopsThemCleanly() throws Exception {
    Assumptions.assumeTrue(FuseMount.unavailableReason().isEmpty(),
        () -> "FUSE unavailable: " + FuseMount.unavailableReason().orElse(""));
    int port = freePort();
    int sftpPort = freePort();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "up", "--listen", "127.0.0.1:" + port, "--sftp", "127.0.0.1:" + sftpPort));
    Process up = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("up.log").toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder printed = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("Ctrl-C stops everything")) {
        printed.append(line).append('\n');
      }
      String banner = printed.toString();
      assertTrue(banner.contains("dfs is up"), banner + Files.readString(dir.resolve("up.log")));
      assertTrue(banner.contains("FUSE mount") && banner.contains("SFTP gateway"), banner);

      Path mnt = dir.resolve("dfs-mnt");
      Files.writeString(mnt.resolve("hello.txt"), "through FUSE");
      try (DfsClient c = DfsClient.connect(ClientConfig.of(new InetSocketAddress("127.0.0.1", port)))) {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        c.get("/hello.txt", got, null);
        assertEquals("through FUSE", got.toString(StandardCharsets.UTF_8), "the server has what the mount wrote");
      }
      assertTrue(Files.exists(dir.resolve("dfs-data/ssh/id_ecdsa")), "a login key for the gateway was made");

      up.destroy(); // SIGTERM, as Ctrl-C or an init system would
      assertTrue(up.waitFor(60, TimeUnit.SECONDS), "dfs up stopped");
      assertFalse(FuseMount.isMounted(mnt), "and unmounted its mount");
    } finally {
      if (up.isAlive()) {
        up.destroyForcibly();
        FuseMount.unmount(dir.resolve("dfs-mnt"));
      }
    }
  }
}

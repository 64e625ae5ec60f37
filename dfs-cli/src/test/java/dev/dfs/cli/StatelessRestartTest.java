package dev.dfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.client.DfsFile;
import dev.dfs.client.OpenFlag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NFS's promise, with a real server process killed by SIGKILL and restarted under a running
 * stateless workload: no error reaches the caller, no operation is applied twice, nothing
 * acknowledged is lost.
 */
class StatelessRestartTest {
  @TempDir Path data;

  @Test
  void killingAndRestartingTheServerIsInvisibleToAStatelessClient() throws Exception {
    ServerProcess server = ServerProcess.start(data, 0);
    int port = server.address.getPort();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int steps = 60;
    try (DfsClient c = DfsClient.connect(ClientConfig.of(server.address).withMode(Consistency.STATELESS)
        .withTimeout(Duration.ofSeconds(60)))) {
      c.mkdir("/w", 0755);
      Thread workload = new Thread(() -> {
        try {
          for (int i = 0; i < steps; i++) {
            c.mkdir("/w/dir" + i, 0755); // EEXIST if applied twice
            try (DfsFile f = c.open("/w/tmp" + i, Set.of(OpenFlag.WRITE, OpenFlag.CREATE_NEW), 0644)) {
              f.write(ByteBuffer.wrap(("content " + i).getBytes(StandardCharsets.UTF_8)), 0);
            }
            c.rename("/w/tmp" + i, "/w/file" + i); // ENOENT if applied twice
            try (DfsFile log = c.open("/w/log", Set.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.APPEND), 0644)) {
              log.write(ByteBuffer.wrap((i + ",").getBytes(StandardCharsets.UTF_8)), 0);
            }
            done.incrementAndGet();
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      workload.start();
      for (int kill = 0; kill < 3 && workload.isAlive(); kill++) {
        int before = done.get();
        while (done.get() < before + 5 && workload.isAlive()) {
          Thread.sleep(20);
        }
        server.kill();
        server = ServerProcess.start(data, port);
      }
      workload.join(120_000);
      if (failure.get() != null) {
        throw new AssertionError("an error reached the caller", failure.get());
      }
      assertEquals(steps, done.get());
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < steps; i++) {
        expected.append(i).append(',');
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      c.get("/w/log", out, null);
      assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8), "every append exactly once");
      assertEquals(2 * steps + 1, c.list("/w").size(), "every dir and file, no tmp left");
      assertTrue(c.statFollow("/w/file" + (steps - 1)).size() > 0);
    } finally {
      server.close();
    }
  }
}

package dev.dfs.client;

import static dev.dfs.client.Clients.read;
import static dev.dfs.client.Clients.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Frame;
import dev.dfs.testkit.net.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-copy semantics across a silent partition (no FIN, no RST: packets just stop): the cut-off
 * client must not keep serving its cached copy after another client's write was acknowledged.
 * The callback lease makes this hold: the server lets the write finish only once the silent
 * holder's lease has run out, and the holder stops trusting its cache at the same moment.
 */
class PartitionTest {
  @TempDir Path data;

  @Test
  void aSilentlyPartitionedClientNeverReadsStaleDataAfterAConflictingWriteIsAcknowledged() throws Exception {
    try (Clients cell = new Clients(data);
        FaultProxy proxy = FaultProxy.start(cell.server.address(), new Random(3))) {
      DfsClient a = cell.client(Consistency.ONE_COPY);
      DfsClient b = cell.client(ClientConfig.of(proxy.address()).withMode(Consistency.ONE_COPY)
          .withTimeout(Duration.ofSeconds(3)));
      write(a, "/f", "old");
      assertEquals("old", read(b, "/f")); // b caches /f under a callback

      proxy.drop(); // silence in both directions
      long t0 = System.nanoTime();
      write(a, "/f", "new"); // the server cannot reach b: it waits out b's lease
      long tookMillis = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(tookMillis < 3 * Frame.LEASE_MILLIS, "the writer is delayed by at most about a lease: " + tookMillis);

      String seen;
      try {
        seen = read(b, "/f");
      } catch (DfsException unreachable) {
        seen = null; // unavailable is allowed; stale is not
      }
      assertNotEquals("old", seen, "b served its stale copy after the conflicting write was acknowledged");

      proxy.heal();
      long deadline = System.nanoTime() + 30_000_000_000L;
      String after = null;
      while (System.nanoTime() < deadline) {
        try {
          after = read(b, "/f");
          break;
        } catch (DfsException retry) {
          Thread.sleep(200);
        }
      }
      assertEquals("new", after, "after the partition heals, b sees the write");
    }
  }
}

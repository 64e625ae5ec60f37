package dev.dfs.client;

import static dev.dfs.client.Clients.read;
import static dev.dfs.client.Clients.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.client.control.CacheControl;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Op;
import dev.dfs.protocol.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dfs cache status|flush|evict} against a running client, and one client per cache. */
class CacheControlTest {
  @TempDir Path data;
  @TempDir Path cacheDir;

  @Test
  void aRunningClientAnswersOnItsCacheSocket() throws Exception {
    try (Clients cell = new Clients(data)) {
      DfsClient c = cell.client(ClientConfig.of(cell.server.address()).withCache(cacheDir, 1 << 30));
      write(c, "/f", "cached");
      read(c, "/f");
      assertTrue(CacheControl.ask(cacheDir, "status").contains("in 1 files"), CacheControl.ask(cacheDir, "status"));
      assertEquals("dropped 1 cached versions of /f\n", CacheControl.ask(cacheDir, "evict /f"));
      long fetches = c.link().sent(Op.FETCH);
      assertEquals("cached", read(c, "/f"));
      assertTrue(c.link().sent(Op.FETCH) > fetches, "an evicted file is fetched again");
      assertTrue(CacheControl.ask(cacheDir, "flush").startsWith("dropped 1 "));
      assertTrue(CacheControl.ask(cacheDir, "bogus").startsWith("error:"));
    }
  }

  @Test
  void twoClientsCannotShareACacheDirectory() {
    try (Clients cell = new Clients(data)) {
      ClientConfig config = ClientConfig.of(cell.server.address()).withCache(cacheDir, 1 << 30);
      cell.client(config);
      DfsException e = assertThrows(DfsException.class, () -> DfsClient.connect(config.withClientId("other")));
      assertEquals(Status.EBUSY, e.status());
    }
  }
}

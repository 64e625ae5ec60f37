package dev.dfs.client;

import static dev.dfs.client.Clients.read;
import static dev.dfs.client.Clients.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.Op;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each consistency mode promises about the visibility of writes between two real clients,
 * and (the counter-tests) what it does not promise.
 */
class ConsistencyModesTest {
  @TempDir Path data;
  Clients cell;

  @BeforeEach
  void start() {
    cell = new Clients(data);
  }

  @AfterEach
  void stop() {
    cell.close();
  }

  @Nested
  class Session {
    @Test
    void othersSeeAWriteAtTheirNextOpenAfterTheWritersClose() {
      DfsClient a = cell.client(Consistency.SESSION);
      DfsClient b = cell.client(Consistency.SESSION);
      write(a, "/f", "v1");
      try (DfsFile w = a.open("/f", Set.of(OpenFlag.WRITE), 0)) {
        write(w, "v2");
        assertEquals("v1", read(b, "/f"), "not visible before the writer closes");
      }
      assertEquals("v2", read(b, "/f"), "visible at the next open after the close");
    }

    @Test
    void anOpenReaderKeepsItsSnapshotUntilItReopens() {
      DfsClient a = cell.client(Consistency.SESSION);
      DfsClient b = cell.client(Consistency.SESSION);
      write(a, "/f", "old content");
      try (DfsFile r = b.open("/f", Set.of(OpenFlag.READ), 0)) {
        assertEquals("old content", read(r));
        write(a, "/f", "new");
        assertEquals("old content", read(r), "session semantics promise no more than the snapshot");
        assertEquals("new", read(b, "/f"), "a new open on the same client sees the new version");
        assertEquals("old content", read(r), "while the old handle still has its snapshot");
      }
    }

    @Test
    void onOneClientUnstoredWritesAreVisibleToItsOtherOpensAndStats() {
      DfsClient a = cell.client(Consistency.SESSION);
      DfsClient b = cell.client(Consistency.SESSION);
      write(a, "/f", "");
      try (DfsFile w = a.open("/f", Set.of(OpenFlag.WRITE), 0)) {
        w.write(ByteBuffer.wrap("0123456789".getBytes(StandardCharsets.UTF_8)), 0);
        assertEquals(10, a.stat("/f").size(), "a stat on the writing client shows the local size");
        assertEquals("0123456789", read(a, "/f"), "a second open on the same client shares the copy");
        assertEquals(0, b.stat("/f").size(), "other clients see nothing before the close");
      }
      assertEquals(10, b.stat("/f").size());
    }

    @Test
    void lastCloseWins() {
      DfsClient a = cell.client(Consistency.SESSION);
      DfsClient b = cell.client(Consistency.SESSION);
      write(a, "/f", "base");
      DfsFile wa = a.open("/f", Set.of(OpenFlag.WRITE), 0);
      DfsFile wb = b.open("/f", Set.of(OpenFlag.WRITE), 0);
      write(wa, "from a");
      write(wb, "from b");
      wb.close();
      wa.close();
      assertEquals("from a", read(b, "/f"));
    }

    @Test
    void aCachedFileUnderAValidCallbackOpensWithoutAFetch() {
      DfsClient a = cell.client(Consistency.SESSION);
      DfsClient b = cell.client(Consistency.SESSION);
      write(a, "/f", "cached");
      assertEquals("cached", read(b, "/f"));
      long fetches = b.link().sent(Op.FETCH);
      long getattrs = b.link().sent(Op.GETATTR);
      assertEquals("cached", read(b, "/f"));
      assertEquals(fetches, b.link().sent(Op.FETCH), "no fetch while the callback holds");
      assertEquals(getattrs, b.link().sent(Op.GETATTR), "not even a getattr");
      write(a, "/f", "changed");
      assertEquals("changed", read(b, "/f"), "the break made b fetch again");
      assertTrue(b.link().sent(Op.FETCH) > fetches);
    }

    @Test
    void aRestartedClientRevalidatesItsDiskCacheByVersionInsteadOfRefetching(@TempDir Path cacheDir) {
      DfsClient a = cell.client(Consistency.SESSION);
      write(a, "/f", "kept across restarts");
      ClientConfig config = ClientConfig.of(cell.server.address()).withCache(cacheDir, 1 << 20);
      try (DfsClient b = DfsClient.connect(config)) {
        assertEquals("kept across restarts", read(b, "/f"));
      }
      try (DfsClient b = DfsClient.connect(config)) {
        assertEquals("kept across restarts", read(b, "/f"));
        assertEquals(0, b.link().sent(Op.FETCH), "the cached copy was still current");
        assertTrue(b.link().sent(Op.GETATTR) > 0, "and that was checked with the server");
      }
      write(a, "/f", "changed while b was away");
      try (DfsClient b = DfsClient.connect(config)) {
        assertEquals("changed while b was away", read(b, "/f"));
      }
    }

    @Test
    void aLargeFileIsFetchedChunkByChunkAsItIsRead() {
      DfsClient a = cell.client(Consistency.SESSION);
      DfsClient b = cell.client(Consistency.SESSION);
      byte[] big = new byte[(int) SessionFile.EAGER_BYTES + 5 * dev.dfs.protocol.Request.MAX_CHUNK];
      new java.util.Random(1).nextBytes(big);
      a.put(new java.io.ByteArrayInputStream(big), "/big", 0644, null);
      long fetches = b.link().sent(Op.FETCH);
      try (DfsFile f = b.open("/big", Set.of(OpenFlag.READ), 0)) {
        ByteBuffer page = ByteBuffer.allocate(4096);
        f.read(page, 0);
        assertEquals(java.nio.ByteBuffer.wrap(big, 0, 4096), page.flip());
      }
      long readAhead = SessionFile.READ_AHEAD / dev.dfs.protocol.Request.MAX_CHUNK;
      assertEquals(fetches + readAhead, b.link().sent(Op.FETCH),
          "reading the first page fetched the read-ahead window, not the whole file");
    }
  }

  @Nested
  class OneCopy {
    @Test
    void aWriteIsVisibleToOtherClientsAsSoonAsItReturns() {
      DfsClient a = cell.client(Consistency.ONE_COPY);
      DfsClient b = cell.client(Consistency.ONE_COPY);
      write(a, "/f", "one");
      try (DfsFile w = a.open("/f", Set.of(OpenFlag.WRITE), 0); DfsFile r = b.open("/f", Set.of(OpenFlag.READ), 0)) {
        assertEquals("one", read(r)); // b now caches it under a callback
        w.write(ByteBuffer.wrap("two".getBytes(StandardCharsets.UTF_8)), 0);
        assertEquals("two", read(r), "no close needed, and b's cached copy was recalled");
      }
    }

    @Test
    void readsNeverGoBackInTimeWhileAnotherClientWrites() {
      readAfterWriteScenario(cell);
    }

    @Test
    void aNameReplacedByAnotherClientIsLookedUpAgainNotReportedStale() {
      DfsClient a = cell.client(Consistency.ONE_COPY);
      DfsClient b = cell.client(Consistency.ONE_COPY);
      write(a, "/record", "v1");
      assertEquals("v1", read(b, "/record")); // b caches the name -> FID
      for (int i = 2; i < 30; i++) {
        write(a, "/record.tmp", "v" + i);
        a.rename("/record.tmp", "/record"); // the old FID is gone (ESTALE)
        assertEquals("v" + i, read(b, "/record"));
      }
    }

    @Test
    void unchangedDataIsServedFromTheCache() {
      DfsClient a = cell.client(Consistency.ONE_COPY);
      DfsClient b = cell.client(Consistency.ONE_COPY);
      write(a, "/f", "stable");
      try (DfsFile r = b.open("/f", Set.of(OpenFlag.READ), 0)) {
        assertEquals("stable", read(r));
        long fetches = b.link().sent(Op.FETCH);
        for (int i = 0; i < 10; i++) {
          assertEquals("stable", read(r));
        }
        assertEquals(fetches, b.link().sent(Op.FETCH));
      }
    }
  }

  @Nested
  class Stateless {
    @Test
    void closeToOpenSeesTheLatestWrite() {
      DfsClient a = cell.client(Consistency.STATELESS);
      DfsClient b = cell.client(cell.server == null ? null
          : ClientConfig.of(cell.server.address()).withMode(Consistency.STATELESS)
              .withAttrTimeouts(Duration.ofHours(1), Duration.ofHours(1)));
      write(a, "/f", "first");
      try (DfsFile r = b.open("/f", Set.of(OpenFlag.READ), 0)) {
        assertEquals("first", read(r));
        write(a, "/f", "later");
        // Counter-test: with an hour-long attribute cache an open handle does not revalidate.
        assertEquals("first", read(r), "stateless mode does not promise more than close-to-open");
      }
      assertEquals("later", read(b, "/f"), "a new open revalidates");
    }

    @Test
    void noCallbacksAreHandedOut() {
      DfsClient a = cell.client(Consistency.STATELESS);
      write(a, "/f", "x");
      read(a, "/f");
      assertTrue(cell.server.callbackPromises().isEmpty(), "server holds promises: " + cell.server.callbackPromises());
    }

    @Test
    void aServerRestartBetweenRequestsIsInvisibleAndNothingIsAppliedTwice() {
      DfsClient c = cell.client(ClientConfig.of(cell.server.address()).withMode(Consistency.STATELESS)
          .withTimeout(Duration.ofSeconds(30)));
      c.mkdir("/d", 0755);
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 30; i++) {
        if (i % 3 == 1) {
          cell.restartServer();
        }
        c.mkdir("/d/dir" + i, 0755); // EEXIST if applied twice
        write(c, "/d/tmp" + i, "file " + i);
        c.rename("/d/tmp" + i, "/d/file" + i); // ENOENT if applied twice
        try (DfsFile log = c.open("/d/log", Set.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.APPEND), 0644)) {
          log.write(ByteBuffer.wrap((i + ",").getBytes(StandardCharsets.UTF_8)), 0);
        }
        expected.append(i).append(',');
        if (i > 0) {
          c.unlink("/d/file" + (i - 1)); // ENOENT if applied twice
        }
      }
      assertEquals(expected.toString(), read(c, "/d/log"));
      assertEquals("file 29", read(c, "/d/file29"));
      assertEquals(32, c.list("/d").size()); // 30 dirs, file29, log
    }
  }

  /**
   * One client writes a counter, another reads it after each write returns: one-copy semantics
   * say every such read sees that write. {@link MutationCheckTest} runs it without callback
   * breaks, where it must fail.
   */
  static void readAfterWriteScenario(Clients cell) {
    DfsClient a = cell.client(Consistency.ONE_COPY);
    DfsClient b = cell.client(Consistency.ONE_COPY);
    write(a, "/counter", "0000");
    try (DfsFile w = a.open("/counter", Set.of(OpenFlag.WRITE), 0);
        DfsFile r = b.open("/counter", Set.of(OpenFlag.READ), 0)) {
      for (int i = 1; i <= 200; i++) {
        String v = String.format("%04d", i);
        w.write(ByteBuffer.wrap(v.getBytes(StandardCharsets.UTF_8)), 0);
        // The write returned: every read that starts now must see it (or a later value).
        assertEquals(v, read(r), "read after write " + i);
      }
    }
  }
}

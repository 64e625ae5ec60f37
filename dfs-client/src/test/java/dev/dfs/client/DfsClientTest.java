package dev.dfs.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.DirEntry;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import dev.dfs.protocol.VolumeInfo;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real clients against a real server on loopback. */
class DfsClientTest {
  @TempDir Path data;
  ViceServer server;
  DfsClient a;
  DfsClient b;

  @BeforeEach
  void start() {
    server = ViceServer.start(ServerConfig.builder(data).listen(new InetSocketAddress("127.0.0.1", 0)).build());
    a = DfsClient.connect(ClientConfig.of(server.address()));
    b = DfsClient.connect(ClientConfig.of(server.address()));
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    server.close();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  byte[] get(DfsClient c, String path) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.get(path, out, null);
    return out.toByteArray();
  }

  @Test
  void putThenGetRoundTripsContentOfEverySizeClass() {
    int chunk = Request.MAX_CHUNK;
    for (int size : new int[] {0, 1, 4095, chunk - 1, chunk, chunk + 1, 3 * chunk + 17, 12 * chunk}) {
      byte[] content = random(size, size);
      Attr after = a.put(new ByteArrayInputStream(content), "/f" + size, 0644, null);
      assertEquals(size, after.size());
      assertArrayEquals(content, get(b, "/f" + size), "size " + size);
    }
  }

  @Test
  void everyStoreBumpsTheDataVersion() {
    Attr v1 = a.put(new ByteArrayInputStream(new byte[] {1}), "/v", 0644, null);
    Attr v2 = a.put(new ByteArrayInputStream(new byte[] {2}), "/v", 0644, null);
    assertTrue(v2.dataVersion() > v1.dataVersion());
    assertEquals(v1.fid(), v2.fid(), "a store keeps the file's identity");
  }

  @Test
  void aStoreThatFailsMidwayLeavesTheOldContent() {
    byte[] old = random(10_000, 1);
    a.put(new ByteArrayInputStream(old), "/atomic", 0644, null);
    InputStream failing = new InputStream() {
      int n;

      @Override
      public int read() throws IOException {
        if (++n > 3 * Request.MAX_CHUNK) {
          throw new IOException("disk unplugged");
        }
        return 7;
      }
    };
    assertThrows(RuntimeException.class, () -> a.put(failing, "/atomic", 0644, null));
    assertArrayEquals(old, get(b, "/atomic"));
  }

  @Test
  void pathOperationsAndTheirErrors() {
    a.mkdir("/d", 0755);
    a.mkdir("/d/e", 0700);
    a.put(new ByteArrayInputStream("hi".getBytes()), "/d/e/f", 0600, null);
    assertEquals(List.of("e"), b.list("/d").stream().map(DirEntry::name).toList());
    assertEquals(2, b.stat("/d/e/f").size());
    assertEquals(0700, b.stat("/d/e").mode());

    assertEquals(Status.ENOENT, assertThrows(DfsException.class, () -> b.stat("/nope")).status());
    assertEquals(Status.EEXIST, assertThrows(DfsException.class, () -> a.mkdir("/d", 0755)).status());
    assertEquals(Status.ENOTDIR, assertThrows(DfsException.class, () -> a.list("/d/e/f")).status());
    assertEquals(Status.ENOTEMPTY, assertThrows(DfsException.class, () -> a.remove("/d")).status());
    assertEquals(Status.EISDIR, assertThrows(DfsException.class, () -> a.get("/d", new ByteArrayOutputStream(), null)).status());

    a.rename("/d/e/f", "/g");
    assertArrayEquals("hi".getBytes(), get(b, "/g"));
    a.symlink("/link", "d/e");
    assertEquals("d/e", b.readlink("/link"));
    assertTrue(b.stat("/link").isSymlink());
    assertTrue(b.statFollow("/link").isDirectory());
    a.symlink("/loop", "/loop");
    assertEquals(Status.ELOOP, assertThrows(DfsException.class, () -> b.statFollow("/loop")).status());

    a.remove("/g");
    a.remove("/link");
    a.remove("/d/e");
    a.remove("/d");
    a.remove("/loop");
    assertTrue(b.list("/").isEmpty());
  }

  @Test
  void volumesMountAtPathsAndRenameAcrossThemIsExdev() {
    VolumeInfo v = a.createVolume("projects", "/projects");
    assertTrue(b.volumes().stream().anyMatch(x -> x.name().equals("projects") && x.id() == v.id()));
    a.put(new ByteArrayInputStream(new byte[] {42}), "/projects/x", 0644, null);
    assertEquals(v.id(), b.stat("/projects/x").fid().volume());
    a.put(new ByteArrayInputStream(new byte[] {43}), "/y", 0644, null);
    assertEquals(Status.EXDEV, assertThrows(DfsException.class, () -> a.rename("/y", "/projects/y")).status());
  }

  @Test
  void aChangeByOneClientBreaksTheOtherClientsCallback() throws InterruptedException {
    BlockingQueue<List<Fid>> breaks = new LinkedBlockingQueue<>();
    BlockingQueue<List<Fid>> ownBreaks = new LinkedBlockingQueue<>();
    a.onCallbackBreak(breaks::add);
    b.onCallbackBreak(ownBreaks::add);
    Attr f = b.put(new ByteArrayInputStream(new byte[] {1}), "/shared", 0644, null);
    // a caches the file: fetching it gives a a callback promise.
    assertArrayEquals(new byte[] {1}, get(a, "/shared"));
    b.put(new ByteArrayInputStream(new byte[] {2}), "/shared", 0644, null);
    List<Fid> broken = breaks.poll(5, TimeUnit.SECONDS);
    assertTrue(broken != null && broken.contains(f.fid()), "a is told its copy of /shared is stale: " + broken);
    assertTrue(ownBreaks.isEmpty(), "the writer is not told about its own change");
    // The promise is gone once broken: a second change is not announced to a again...
    b.put(new ByteArrayInputStream(new byte[] {3}), "/shared", 0644, null);
    assertEquals(null, breaks.poll(300, TimeUnit.MILLISECONDS));
    // ...until a fetches again.
    assertArrayEquals(new byte[] {3}, get(a, "/shared"));
    b.put(new ByteArrayInputStream(new byte[] {4}), "/shared", 0644, null);
    assertTrue(breaks.poll(5, TimeUnit.SECONDS).contains(f.fid()));
  }

  @Test
  void aDirectoryChangeBreaksCallbacksOnTheDirectory() throws InterruptedException {
    BlockingQueue<List<Fid>> breaks = new LinkedBlockingQueue<>();
    a.onCallbackBreak(breaks::add);
    a.mkdir("/dir", 0755);
    Fid dir = a.stat("/dir").fid();
    a.list("/dir");
    b.put(new ByteArrayInputStream(new byte[0]), "/dir/new", 0644, null);
    assertTrue(breaks.poll(5, TimeUnit.SECONDS).contains(dir));
  }

  @Test
  void aStaleFidAnswersEstaleNotSomebodyElsesData() {
    Attr f = a.put(new ByteArrayInputStream(new byte[] {9}), "/gone", 0644, null);
    a.remove("/gone");
    a.put(new ByteArrayInputStream(new byte[] {8}), "/other", 0644, null);
    DfsException e = assertThrows(DfsException.class,
        () -> b.link().call(new Request.Fetch(f.fid(), 0, 10), Reply.Data.class));
    assertEquals(Status.ESTALE, e.status());
  }

  @Test
  void aRestartedServerHasANewEpochAndTheSameFiles() {
    byte[] content = random(3 * Request.MAX_CHUNK, 5);
    Attr before = a.put(new ByteArrayInputStream(content), "/keep", 0644, null);
    long epoch = a.serverEpoch();
    InetSocketAddress at = server.address();
    a.close();
    b.close();
    server.close();
    server = ViceServer.start(ServerConfig.builder(data).listen(at).build());
    a = DfsClient.connect(ClientConfig.of(server.address()));
    b = DfsClient.connect(ClientConfig.of(server.address()));
    assertNotEquals(epoch, a.serverEpoch());
    assertEquals(before.fid(), b.stat("/keep").fid());
    assertArrayEquals(content, get(b, "/keep"));
  }

  @Test
  void anUnreachableServerIsReportedAsSuch() {
    ClientConfig nowhere = ClientConfig.of(new InetSocketAddress("127.0.0.1", 1));
    assertEquals(Status.EUNREACHABLE, assertThrows(DfsException.class, () -> DfsClient.connect(nowhere)).status());
  }
}

package dev.dfs.testkit.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.testkit.net.FaultProxy.Direction;
import dev.dfs.testkit.net.FaultProxy.PartitionMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FaultProxyTest {
  private EchoServer echo;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer("");
    proxy = FaultProxy.start(echo.address(), new Random(7));
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  @Test
  void forwardsBothWaysAndCounts() throws IOException {
    try (Socket s = connect()) {
      assertEquals("hello", roundTrip(s, "hello"));
      assertEquals("again", roundTrip(s, "again"));
    }
    assertEquals(10, proxy.bytesForwarded(Direction.TO_SERVER));
    assertEquals(10, proxy.bytesForwarded(Direction.TO_CLIENT));
    assertEquals(1, proxy.connectionsAccepted());
    assertTrue(proxy.address().getAddress().isLoopbackAddress());
  }

  @Test
  void largeTransferArrivesIntact() throws IOException {
    byte[] data = new byte[1 << 20];
    new Random(1).nextBytes(data);
    try (Socket s = connect()) {
      Thread writer = new Thread(() -> {
        try {
          s.getOutputStream().write(data);
          s.shutdownOutput();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      writer.start();
      assertArrayEquals(data, s.getInputStream().readAllBytes());
    }
  }

  @Test
  void delayAddsLatencyPerChunk() throws IOException {
    proxy.delay(Direction.TO_SERVER, Duration.ofMillis(150), Duration.ofMillis(50));
    try (Socket s = connect()) {
      long start = System.nanoTime();
      assertEquals("x", roundTrip(s, "x"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 150, "round trip took " + millis + " ms");
      proxy.heal();
      assertEquals("y", roundTrip(s, "y"));
    }
  }

  @Test
  void dropHangsWithoutClosingAndHealResumes() throws IOException {
    try (Socket s = connect()) {
      assertEquals("a", roundTrip(s, "a"));
      proxy.drop();
      s.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
      s.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
      assertEquals(1, proxy.openConnections());
      proxy.heal();
      s.setSoTimeout(5_000);
      assertEquals("held", new String(s.getInputStream().readNBytes(4), StandardCharsets.UTF_8));
    }
  }

  @Test
  void cutResetsCurrentConnectionsOnly() throws IOException {
    try (Socket s = connect()) {
      assertEquals("a", roundTrip(s, "a"));
      proxy.cut();
      assertBroken(s);
    }
    try (Socket s = connect()) {
      assertEquals("b", roundTrip(s, "b"));
    }
  }

  @Test
  void partitionRefuseResetsNewConnectionsUntilHealed() throws IOException {
    try (Socket old = connect()) {
      assertEquals("first", roundTrip(old, "first"));
      proxy.partition(PartitionMode.REFUSE);
      assertConnectionBroken();
      assertEquals("still", roundTrip(old, "still"));
      proxy.heal();
      try (Socket s = connect()) {
        assertEquals("ok", roundTrip(s, "ok"));
      }
    }
  }

  @Test
  void partitionBlackholeHangsNewConnectionsUntilHealed() throws IOException {
    proxy.partition(PartitionMode.BLACKHOLE);
    try (Socket s = connect()) {
      s.getOutputStream().write('z');
      s.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
      assertEquals(0, echo.accepted());
      proxy.heal();
      s.setSoTimeout(5_000);
      assertEquals('z', s.getInputStream().read());
    }
  }

  @Test
  void cutAfterForwardsExactlyThatManyBytes() throws IOException {
    proxy.cutAfter(Direction.TO_SERVER, 100);
    try (Socket s = connect()) {
      s.getOutputStream().write(new byte[1000]);
      assertBroken(s);
    }
    assertEquals(100, proxy.bytesForwarded(Direction.TO_SERVER));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (echo.received() < 100 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(100, echo.received());
    try (Socket s = connect()) {
      assertEquals("after", roundTrip(s, "after"));
    }
  }

  @Test
  void retargetSendsNewConnectionsElsewhere() throws IOException {
    try (EchoServer other = new EchoServer("2:"); Socket before = connect()) {
      assertEquals("first", roundTrip(before, "first"));
      proxy.retarget(other.address());
      assertEquals(other.address(), proxy.target());
      try (Socket s = connect()) {
        assertEquals("2:x", roundTrip(s, "x", 3));
      }
      assertEquals("y", roundTrip(before, "y"));
    }
  }

  @Test
  void unreachableTargetResetsTheClient() throws IOException {
    int freePort;
    try (ServerSocket tmp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      freePort = tmp.getLocalPort();
    }
    proxy.retarget(new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort));
    assertConnectionBroken();
  }

  @Test
  void rejectsNonLoopbackTargets() {
    InetSocketAddress remote = new InetSocketAddress("192.0.2.1", 80);
    assertThrows(IllegalArgumentException.class, () -> proxy.retarget(remote));
    assertThrows(IllegalArgumentException.class, () -> FaultProxy.start(remote, new Random(1)));
    assertThrows(IllegalArgumentException.class,
        () -> proxy.delay(Duration.ofMillis(-1), Duration.ZERO));
  }

  @Test
  void closeStopsEveryThread() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    proxy.drop(Direction.TO_CLIENT);
    proxy.delay(Direction.TO_SERVER, Duration.ofSeconds(10), Duration.ZERO);
    for (int i = 0; i < 3; i++) {
      Socket s = connect();
      s.getOutputStream().write(1);
      sockets.add(s);
    }
    proxy.partition(PartitionMode.BLACKHOLE);
    sockets.add(connect());
    String prefix = "fault-proxy-" + proxy.port() + "-";
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (proxy.connectionsAccepted() < 4 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(liveThreads(prefix) >= 5, "threads: " + liveThreads(prefix));
    proxy.close();
    proxy.close();
    assertEquals(0, liveThreads(prefix));
    for (Socket s : sockets) {
      assertBroken(s);
      s.close();
    }
    assertThrows(IOException.class, this::connect);
  }

  // ---- helpers ----

  private Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(proxy.address(), 5_000);
    s.setSoTimeout(5_000);
    return s;
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    return roundTrip(s, text, text.length());
  }

  private static String roundTrip(Socket s, String text, int expect) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    return new String(s.getInputStream().readNBytes(expect), StandardCharsets.UTF_8);
  }

  /** A new connection through the proxy fails at once: reset while connecting, or on its first read. */
  private void assertConnectionBroken() throws IOException {
    Socket s;
    try {
      s = connect();
    } catch (IOException resetWhileConnecting) {
      return;
    }
    try (s) {
      assertBroken(s);
    }
  }

  /** The socket reads end of stream or a reset. */
  private static void assertBroken(Socket s) throws IOException {
    s.setSoTimeout(5_000);
    try {
      assertEquals(-1, s.getInputStream().read());
    } catch (SocketTimeoutException e) {
      throw new AssertionError("connection still open", e);
    } catch (IOException expected) {
      // connection reset
    }
  }

  private static long liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .count();
  }

  /** Echoes every byte back, after sending {@code greeting} once per connection. */
  private static final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final byte[] greeting;
    private final List<Socket> sockets = new ArrayList<>();
    private int accepted;
    private long received;

    EchoServer(String greeting) throws IOException {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      this.greeting = greeting.getBytes(StandardCharsets.UTF_8);
      Thread t = new Thread(this::acceptLoop, "echo-" + server.getLocalPort());
      t.setDaemon(true);
      t.start();
    }

    InetSocketAddress address() {
      return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    synchronized int accepted() {
      return accepted;
    }

    synchronized long received() {
      return received;
    }

    private synchronized void count(int n) {
      received += n;
    }

    private void acceptLoop() {
      try {
        while (true) {
          Socket s = server.accept();
          synchronized (this) {
            accepted++;
            sockets.add(s);
          }
          Thread t = new Thread(() -> echo(s), "echo-conn");
          t.setDaemon(true);
          t.start();
        }
      } catch (IOException e) {
        // closed
      }
    }

    private void echo(Socket s) {
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        out.write(greeting);
        byte[] buf = new byte[8192];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          count(n);
          out.write(buf, 0, n);
        }
      } catch (IOException e) {
        // peer went away
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      synchronized (this) {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }
}

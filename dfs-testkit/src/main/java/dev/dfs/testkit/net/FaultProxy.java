package dev.dfs.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that injects network faults, controlled at runtime.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(server.address(), new Random(42))) {
 *   client.connect(proxy.address());
 *   proxy.drop();        // in-flight bytes are held: the peers see a hang
 *   proxy.heal();        // held bytes flow again
 *   proxy.cut();         // every current connection is reset
 *   proxy.retarget(restartedServer.address());
 * }
 * }</pre>
 *
 * <p>The proxy listens on {@code 127.0.0.1:0} and forwards every accepted connection to the
 * current target (only loopback addresses are allowed). Each connection is served by two named
 * daemon threads, one per {@link Direction}, that copy chunks of up to 16 KiB. Faults:
 * <ul>
 *   <li>{@link #delay}: every chunk waits {@code fixed} plus a uniform {@code [0, jitter)} before
 *       it is forwarded; chunks of one direction stay in order, so a delay also limits
 *       throughput. The jitter comes from a {@link Random} per connection and direction, seeded
 *       from the one given to {@link #start} in the order connections are accepted.
 *   <li>{@link #drop}: stop forwarding but keep the sockets open, like a partition: bytes that
 *       were read are held, not discarded (TCP never loses bytes mid-stream), and flow again
 *       after {@link #heal}.
 *   <li>{@link #cut}: reset (RST) every current connection, both sides, now.
 *   <li>{@link #partition}: new connections are refused (accepted and reset at once) or
 *       blackholed (accepted, never forwarded until {@link #heal}, then connected).
 *   <li>{@link #cutAfter}: forward exactly {@code n} more bytes in one direction (over all
 *       connections), then cut every connection: a failure in the middle of a transfer.
 * </ul>
 * {@link #heal} clears every fault. {@link #close} stops the listener, resets every connection
 * and waits for every thread it started. Methods are thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

  /** A direction of traffic through the proxy. */
  public enum Direction {
    /** From the connecting client to the target server. */
    TO_SERVER,
    /** From the target server back to the client. */
    TO_CLIENT
  }

  /** What {@link #partition} does to new connections. */
  public enum PartitionMode {
    /** Accept and reset at once: the client sees a connection reset (like a refusal). */
    REFUSE,
    /** Accept and hold without connecting to the target: the client sees a hang. */
    BLACKHOLE
  }

  private static final int CHUNK = 16 * 1024;
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final long JOIN_MILLIS = 5_000;

  private final ServerSocket listener;
  private final Random random;
  private final String name;
  private final Object lock = new Object();
  private final Map<Direction, AtomicLong> forwarded = new EnumMap<>(Direction.class);
  private final AtomicLong accepted = new AtomicLong();

  // Guarded by lock.
  private InetSocketAddress target;
  private final Map<Direction, long[]> delays = new EnumMap<>(Direction.class);
  private final Set<Direction> dropping = EnumSet.noneOf(Direction.class);
  private final Map<Direction, Long> cutBudget = new EnumMap<>(Direction.class);
  private PartitionMode partition;
  private boolean closed;
  private final Set<Connection> connections = new HashSet<>();
  private final Set<Thread> threads = new HashSet<>();
  private int nextConnectionId;

  private FaultProxy(ServerSocket listener, InetSocketAddress target, Random random) {
    this.listener = listener;
    this.target = target;
    this.random = random;
    this.name = "fault-proxy-" + listener.getLocalPort();
    for (Direction d : Direction.values()) {
      forwarded.put(d, new AtomicLong());
      delays.put(d, new long[] {0, 0});
    }
  }

  /**
   * Starts a proxy on {@code 127.0.0.1:0} that forwards to {@code target}.
   *
   * @param target a loopback address
   * @param random the source of jitter; seed it for reproducible runs
   */
  public static FaultProxy start(InetSocketAddress target, Random random) throws IOException {
    checkLoopback(target);
    Objects.requireNonNull(random, "random");
    ServerSocket listener = new ServerSocket();
    try {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    FaultProxy proxy = new FaultProxy(listener, target, random);
    proxy.startThread(proxy.name + "-accept", proxy::acceptLoop);
    return proxy;
  }

  /** Starts a proxy that forwards to {@code 127.0.0.1:targetPort}; see {@link #start(InetSocketAddress, Random)}. */
  public static FaultProxy start(int targetPort, Random random) throws IOException {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), random);
  }

  /** The address clients connect to. */
  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** The current target. */
  public InetSocketAddress target() {
    synchronized (lock) {
      return target;
    }
  }

  /** Sends new connections to {@code newTarget} (a loopback address); current ones stay where they are. */
  public void retarget(InetSocketAddress newTarget) {
    checkLoopback(newTarget);
    synchronized (lock) {
      target = newTarget;
    }
  }

  /** Delays every chunk in both directions by {@code fixed} plus a uniform {@code [0, jitter)}. */
  public void delay(Duration fixed, Duration jitter) {
    for (Direction d : Direction.values()) {
      delay(d, fixed, jitter);
    }
  }

  /** Delays every chunk in {@code direction} by {@code fixed} plus a uniform {@code [0, jitter)}. */
  public void delay(Direction direction, Duration fixed, Duration jitter) {
    Objects.requireNonNull(direction, "direction");
    long f = nonNegativeNanos("fixed", fixed);
    long j = nonNegativeNanos("jitter", jitter);
    synchronized (lock) {
      delays.put(direction, new long[] {f, j});
      lock.notifyAll();
    }
  }

  /** Stops forwarding in both directions, keeping every socket open, until {@link #heal}. */
  public void drop() {
    for (Direction d : Direction.values()) {
      drop(d);
    }
  }

  /** Stops forwarding in {@code direction}, keeping every socket open, until {@link #heal}. */
  public void drop(Direction direction) {
    Objects.requireNonNull(direction, "direction");
    synchronized (lock) {
      dropping.add(direction);
    }
  }

  /** Resets every current connection (both sides) now; new connections are served as usual. */
  public void cut() {
    List<Connection> all;
    synchronized (lock) {
      all = new ArrayList<>(connections);
      lock.notifyAll();
    }
    for (Connection c : all) {
      c.reset();
    }
  }

  /** Refuses or blackholes new connections until {@link #heal}; current ones are not affected. */
  public void partition(PartitionMode mode) {
    Objects.requireNonNull(mode, "mode");
    synchronized (lock) {
      partition = mode;
    }
  }

  /**
   * Forwards exactly {@code bytes} more bytes in {@code direction} (counted over all
   * connections), then cuts every connection. Fires once; a later call re-arms it.
   */
  public void cutAfter(Direction direction, long bytes) {
    Objects.requireNonNull(direction, "direction");
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative: " + bytes);
    }
    synchronized (lock) {
      cutBudget.put(direction, bytes);
    }
  }

  /** Clears every fault: delays, drops, partition and pending cut-after; held bytes flow again. */
  public void heal() {
    synchronized (lock) {
      for (Direction d : Direction.values()) {
        delays.put(d, new long[] {0, 0});
      }
      dropping.clear();
      cutBudget.clear();
      partition = null;
      lock.notifyAll();
    }
  }

  /** Bytes forwarded in {@code direction} since the start. */
  public long bytesForwarded(Direction direction) {
    return forwarded.get(Objects.requireNonNull(direction, "direction")).get();
  }

  /** Connections accepted since the start, including refused and blackholed ones. */
  public long connectionsAccepted() {
    return accepted.get();
  }

  /** Connections currently open (including blackholed ones). */
  public int openConnections() {
    synchronized (lock) {
      return connections.size();
    }
  }

  /** Stops listening, resets every connection and waits for every thread of this proxy. Idempotent. */
  @Override
  public void close() {
    List<Thread> toJoin;
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      listener.close();
    } catch (IOException e) {
      // nothing left to do with a listener that fails to close
    }
    cut();
    synchronized (lock) {
      toJoin = new ArrayList<>(threads);
    }
    boolean interrupted = false;
    for (Thread t : toJoin) {
      if (t == Thread.currentThread()) {
        continue;
      }
      try {
        t.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + "->" + target();
  }

  // ---- internals ----

  private void acceptLoop() {
    while (true) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      Connection c;
      synchronized (lock) {
        if (closed || partition == PartitionMode.REFUSE) {
          resetSocket(client);
          if (closed) {
            return;
          }
          continue;
        }
        c = new Connection(nextConnectionId++, client, new Random(random.nextLong()),
            new Random(random.nextLong()));
        connections.add(c);
        if (!startThread(name + "-c" + c.id + "-up", c::run)) {
          connections.remove(c);
          resetSocket(client);
        }
      }
    }
  }

  /** Starts a daemon thread tracked for {@link #close}; false if the proxy is closed. */
  private boolean startThread(String threadName, Runnable body) {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      Thread t = new Thread(() -> {
        try {
          body.run();
        } finally {
          synchronized (lock) {
            threads.remove(Thread.currentThread());
          }
        }
      }, threadName);
      t.setDaemon(true);
      threads.add(t);
      t.start();
      return true;
    }
  }

  /** Waits while new connections are blackholed; false if the connection or proxy closed meanwhile. */
  private boolean awaitUnpartitioned(Connection c) {
    synchronized (lock) {
      while (partition == PartitionMode.BLACKHOLE && !closed && !c.isReset()) {
        if (!waitOn(0)) {
          return false;
        }
      }
      return !closed && !c.isReset();
    }
  }

  /**
   * Waits while {@code direction} is dropped, then for the chunk's delay; returns the number of
   * bytes of an {@code n}-byte chunk to forward, or -1 if the connection or proxy closed.
   */
  private int admit(Connection c, Direction direction, Random jitterSource, int n) {
    synchronized (lock) {
      while (dropping.contains(direction) && !closed && !c.isReset()) {
        if (!waitOn(0)) {
          return -1;
        }
      }
      long[] d = delays.get(direction);
      long wait = d[0] + (d[1] > 0 ? (long) (jitterSource.nextDouble() * d[1]) : 0);
      long deadline = System.nanoTime() + wait;
      for (long left = wait; left > 0 && !closed && !c.isReset(); left = deadline - System.nanoTime()) {
        if (!waitOn(left)) {
          return -1;
        }
      }
      while (dropping.contains(direction) && !closed && !c.isReset()) {
        if (!waitOn(0)) {
          return -1;
        }
      }
      if (closed || c.isReset()) {
        return -1;
      }
      Long budget = cutBudget.get(direction);
      if (budget == null) {
        return n;
      }
      int allowed = (int) Math.min(n, budget);
      cutBudget.put(direction, budget - allowed);
      return allowed;
    }
  }

  /** Whether a cut-after budget in {@code direction} is used up; if so, disarms it. */
  private boolean budgetSpent(Direction direction) {
    synchronized (lock) {
      Long budget = cutBudget.get(direction);
      if (budget != null && budget == 0) {
        cutBudget.remove(direction);
        return true;
      }
      return false;
    }
  }

  /** Waits on the lock (0: until notified); false if interrupted, and the caller gives up. */
  private boolean waitOn(long nanos) {
    try {
      if (nanos <= 0) {
        lock.wait();
      } else {
        lock.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void forget(Connection c) {
    synchronized (lock) {
      connections.remove(c);
      lock.notifyAll();
    }
  }

  private static void resetSocket(Socket s) {
    if (s == null) {
      return;
    }
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException e) {
      // already closed
    }
    try {
      s.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  private static void checkLoopback(InetSocketAddress address) {
    Objects.requireNonNull(address, "target");
    if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("target must be a loopback address: " + address);
    }
  }

  private static long nonNegativeNanos(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
    return d.toNanos();
  }

  /** One proxied connection: the client socket, the server socket and two pumps. */
  private final class Connection {
    final int id;
    final Socket client;
    final Random upJitter;
    final Random downJitter;
    private Socket server;
    private boolean isReset;
    private int pumpsDone;

    Connection(int id, Socket client, Random upJitter, Random downJitter) {
      this.id = id;
      this.client = client;
      this.upJitter = upJitter;
      this.downJitter = downJitter;
    }

    /** Connects to the target, starts the TO_CLIENT pump and runs the TO_SERVER pump. */
    void run() {
      if (!awaitUnpartitioned(this)) {
        reset();
        return;
      }
      Socket s = new Socket();
      InetSocketAddress to;
      synchronized (lock) {
        if (isReset) {
          resetSocket(s);
          return;
        }
        server = s;
        to = target;
      }
      try {
        s.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
        s.connect(to, CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        reset();
        return;
      }
      if (!startThread(name + "-c" + id + "-down", () -> pump(s, client, Direction.TO_CLIENT, downJitter))) {
        reset();
        return;
      }
      pump(client, s, Direction.TO_SERVER, upJitter);
    }

    private void pump(Socket from, Socket to, Direction direction, Random jitter) {
      byte[] buf = new byte[CHUNK];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        while (true) {
          int n = in.read(buf);
          if (n < 0) {
            to.shutdownOutput();
            pumpDone();
            return;
          }
          int allowed = admit(this, direction, jitter, n);
          if (allowed < 0) {
            reset();
            return;
          }
          // Counted before the write, so a peer that has received the bytes sees them counted.
          forwarded.get(direction).addAndGet(allowed);
          out.write(buf, 0, allowed);
          out.flush();
          if (budgetSpent(direction)) {
            cut();
            return;
          }
        }
      } catch (IOException e) {
        reset();
      }
    }

    /** After both directions saw end of stream, closes both sockets in an orderly way. */
    private void pumpDone() {
      boolean both;
      synchronized (lock) {
        both = ++pumpsDone == 2;
      }
      if (both) {
        try {
          client.close();
          server.close();
        } catch (IOException e) {
          // nothing left to do
        }
        forget(this);
      }
    }

    boolean isReset() {
      synchronized (lock) {
        return isReset;
      }
    }

    void reset() {
      Socket s;
      synchronized (lock) {
        isReset = true;
        s = server;
        lock.notifyAll();
      }
      resetSocket(client);
      resetSocket(s);
      forget(this);
    }
  }
}

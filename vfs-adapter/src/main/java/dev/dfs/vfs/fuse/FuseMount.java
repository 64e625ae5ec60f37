package dev.dfs.vfs.fuse;

import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.protocol.Addresses;
import dev.dfs.vfs.DfsFileSystems;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DFS cell mounted into the local file tree through FUSE, so that every program (cp, tar, git,
 * gcc, sqlite3, ...) uses it with POSIX calls. Underneath it is the {@code dfs:} java.nio file
 * system: what other clients see of writes, and when, is the consistency mode of its client.
 *
 * <pre>{@code
 * try (DfsClient client = DfsClient.connect(ClientConfig.of(server).withMode(Consistency.ONE_COPY));
 *     FuseMount m = FuseMount.mount(FuseMount.Config.builder(Path.of("/mnt/dfs"), client).build())) {
 *   // /mnt/dfs is the cell's root until close()
 * }
 * }</pre>
 *
 * <p>A mount is MOUNTED when {@link #mount} returns; {@link #close} (idempotent, also from a
 * shutdown hook) unmounts it (UNMOUNTING), waits for the FUSE loop to end, closes the files that
 * were still open (session mode stores what they wrote) and the file system it made: then it is
 * CLOSED. An unmount from outside ({@code dfs umount}, {@code fusermount3 -u}) does the same.
 * The client is the caller's: it is never closed here.
 *
 * <p>Linux only; needs {@code /dev/fuse} and libfuse 2 ({@code libfuse.so.2}; on Debian:
 * {@code apt-get install fuse3 libfuse2}). Mounted with {@code default_permissions}: the kernel
 * checks each caller against the mode bits, and the server checks the mount's identity. When
 * that identity is root, new files go to the user who creates them.
 */
public final class FuseMount implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FuseMount.class);
  private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration LOOP_EXIT_TIMEOUT = Duration.ofSeconds(20);

  /** Where a mount is in its life. */
  public enum State { MOUNTED, UNMOUNTING, CLOSED }

  private final Config config;
  private final FileSystem fs;
  private final boolean ownsFs;
  private final DfsFuse fuse;
  private final CountDownLatch loopDone = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Object lock = new Object();
  private State state = State.MOUNTED;

  private FuseMount(Config config, FileSystem fs, boolean ownsFs, DfsFuse fuse) {
    this.config = config;
    this.fs = fs;
    this.ownsFs = ownsFs;
    this.fuse = fuse;
  }

  /**
   * Mounts and returns once the kernel has the mount (the FUSE loop runs on its own threads).
   *
   * @throws IOException if FUSE is not available here (the message says what to install), the
   *     mount point is not an empty directory we may mount on, or libfuse fails
   */
  public static FuseMount mount(Config config) throws IOException {
    Objects.requireNonNull(config, "config");
    Optional<String> missing = unavailableReason();
    if (missing.isPresent()) {
      throw new IOException(missing.get());
    }
    Path mp = config.mountPoint();
    if (!Files.isDirectory(mp)) {
      throw new IOException("mount point is not a directory: " + mp);
    }
    if (isMounted(mp)) {
      throw new IOException("already mounted: " + mp);
    }
    try (var entries = Files.list(mp)) {
      if (entries.findAny().isPresent()) {
        throw new IOException("mount point is not empty: " + mp + " (what is in it would be hidden)");
      }
    }
    boolean ownsFs = config.fileSystem == null;
    FileSystem fs = ownsFs ? DfsFileSystems.wrap(config.client, 0) : config.fileSystem;
    CompletableFuture<Void> ready = new CompletableFuture<>();
    DfsFuse fuse;
    try {
      fuse = new DfsFuse(fs, config.mode(), config.client == null ? -1 : config.client.config().uid(),
          config.clock, () -> ready.complete(null));
    } catch (LinkageError | RuntimeException e) {
      closeQuietly(fs, ownsFs);
      throw new IOException("cannot load libfuse.so.2 (" + e + "): " + INSTALL_HINT, e);
    }
    FuseMount m = new FuseMount(config, fs, ownsFs, fuse);
    fuse.onUmount(m::close); // jnr-fuse's own shutdown hook lands here
    String[] options = config.fuseOptions().toArray(new String[0]);
    Thread loop = new Thread(() -> m.runLoop(options, ready), "dfs-fuse " + mp);
    loop.setDaemon(true);
    loop.start();
    try {
      ready.get(MOUNT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw new IOException("cannot mount on " + mp + ": " + c.getMessage(), c);
    } catch (TimeoutException e) {
      m.close();
      throw new IOException("cannot mount on " + mp + ": libfuse did not start within " + MOUNT_TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      m.close();
      throw new InterruptedIOException("interrupted while mounting on " + mp);
    }
    LOG.debug("mounted {} ({} mode) with options {}", mp, config.mode().label(), config.fuseOptions());
    return m;
  }

  /** The FUSE loop: libfuse's multi-threaded loop until the mount goes away, then the cleanup. */
  private void runLoop(String[] options, CompletableFuture<Void> ready) {
    try {
      fuse.mount(config.mountPoint(), true, config.debug(), options);
      if (!ready.isDone()) {
        ready.completeExceptionally(new IOException("libfuse gave up before mounting (its reason is on stderr)"));
      }
    } catch (Throwable t) {
      ready.completeExceptionally(t);
    } finally {
      fuse.closeAll();
      closeQuietly(fs, ownsFs);
      loopDone.countDown();
      synchronized (lock) {
        state = State.CLOSED;
      }
      closed.countDown();
    }
  }

  private static void closeQuietly(FileSystem fs, boolean owned) {
    if (!owned) {
      return;
    }
    try {
      fs.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing the file system behind a FUSE mount failed", e);
    }
  }

  public Config config() {
    return config;
  }

  public Path mountPoint() {
    return config.mountPoint();
  }

  public State state() {
    synchronized (lock) {
      return state;
    }
  }

  /** Number of files open through the mount right now. */
  public int openFiles() {
    return fuse.files().size();
  }

  /** Blocks until the mount is gone (closed here or unmounted from outside). */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /** As {@link #awaitClosed()}, at most {@code timeout}; true if it is closed. */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Unmounts (lazily if a process still uses the mount), waits for the FUSE loop to end and
   * closes what it opened. Idempotent; a second caller waits for the first.
   */
  @Override
  public void close() {
    boolean first;
    synchronized (lock) {
      first = state == State.MOUNTED;
      if (first) {
        state = State.UNMOUNTING;
      }
    }
    if (first && loopDone.getCount() > 0) {
      try {
        unmountCommand(mountPoint(), false);
      } catch (IOException e) {
        try {
          LOG.warn("unmount of {} failed ({}); detaching it lazily", mountPoint(), e.getMessage());
          unmountCommand(mountPoint(), true);
        } catch (IOException again) {
          LOG.warn("lazy unmount of {} failed too: {}", mountPoint(), again.getMessage());
        }
      }
    }
    try {
      if (!closed.await(LOOP_EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("the FUSE loop of {} did not end within {} s", mountPoint(), LOOP_EXIT_TIMEOUT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FuseMount[" + mountPoint() + ", " + config.mode().label() + ", " + state() + "]";
  }

  // ------------------------------------------------------------------ the system side

  /** What to install when FUSE is missing. */
  public static final String INSTALL_HINT = "install FUSE (Debian/Ubuntu: apt-get install fuse3 libfuse2)";

  /**
   * Why FUSE cannot work on this machine (no /dev/fuse, no libfuse.so.2, not Linux), in one
   * line with what to install; empty if it can.
   */
  public static Optional<String> unavailableReason() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.of("FUSE mounts need Linux (this is " + System.getProperty("os.name") + ")");
    }
    Path dev = Path.of("/dev/fuse");
    if (!Files.exists(dev)) {
      return Optional.of("/dev/fuse is missing: load the fuse module (modprobe fuse) and " + INSTALL_HINT);
    }
    if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
      return Optional.of("/dev/fuse is not readable and writable by this user: run as root or "
          + "fix its permissions (crw-rw-rw-), and " + INSTALL_HINT);
    }
    if (!libfuse2Present()) {
      return Optional.of("libfuse.so.2 is missing: " + INSTALL_HINT);
    }
    return Optional.empty();
  }

  private static boolean libfuse2Present() {
    for (String dir : List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib")) {
      if (Files.exists(Path.of(dir, "libfuse.so.2"))) {
        return true;
      }
    }
    try {
      Process p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(5, TimeUnit.SECONDS);
      return out.contains("libfuse.so.2 ");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether a FUSE file system is mounted at {@code mountPoint} (from /proc/self/mountinfo). */
  public static boolean isMounted(Path mountPoint) {
    String want = mountPoint.toAbsolutePath().normalize().toString();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ");
        if (f.length < 5 || !unescape(f[4]).equals(want)) {
          continue;
        }
        int dash = line.indexOf(" - ");
        String type = dash < 0 ? "" : line.substring(dash + 3).split(" ")[0];
        if (type.startsWith("fuse")) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Unmounts the FUSE file system at {@code mountPoint}, whichever process serves it, as
   * {@code dfs umount} does: {@code fusermount3 -u}, else {@code fusermount -u}, else {@code umount}.
   *
   * @throws IOException if nothing is mounted there, or the unmount fails (the message carries
   *     the tool's own words, e.g. "Device or resource busy")
   */
  public static void unmount(Path mountPoint) throws IOException {
    if (!isMounted(mountPoint)) {
      throw new IOException("not a FUSE mount point: " + mountPoint.toAbsolutePath().normalize());
    }
    unmountCommand(mountPoint, false);
  }

  private static void unmountCommand(Path mountPoint, boolean lazy) throws IOException {
    String mp = mountPoint.toAbsolutePath().normalize().toString();
    List<List<String>> candidates = new ArrayList<>();
    if (onPath("fusermount3")) {
      candidates.add(lazy ? List.of("fusermount3", "-u", "-z", mp) : List.of("fusermount3", "-u", mp));
    }
    if (onPath("fusermount")) {
      candidates.add(lazy ? List.of("fusermount", "-u", "-z", mp) : List.of("fusermount", "-u", mp));
    }
    candidates.add(lazy ? List.of("umount", "-l", mp) : List.of("umount", mp));
    IOException failure = null;
    for (List<String> cmd : candidates) {
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException(String.join(" ", cmd) + " did not finish within 30 s");
        }
        if (p.exitValue() == 0) {
          return;
        }
        IOException e = new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + ")"
            + (out.isEmpty() ? "" : ": " + out));
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
        if (!isMounted(mountPoint)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while unmounting " + mp);
      }
    }
    throw failure;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin:/bin:/usr/sbin:/sbin" : path).split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ configuration

  /** How to mount: immutable; from {@link #builder(Path, DfsClient)} or {@link #builder(Path, FileSystem, Consistency)}. */
  public static final class Config {
    private final Path mountPoint;
    private final DfsClient client;
    private final FileSystem fileSystem;
    private final Consistency mode;
    private final String fsName;
    private final boolean allowOther;
    private final boolean debug;
    private final Duration attrTimeout;
    private final Duration entryTimeout;
    private final boolean directIo;
    private final List<String> extraOptions;
    private final Clock clock;

    private Config(Builder b) {
      this.mountPoint = b.mountPoint;
      this.client = b.client;
      this.fileSystem = b.fileSystem;
      this.mode = b.mode;
      this.fsName = b.fsName;
      this.allowOther = b.allowOther;
      this.debug = b.debug;
      this.attrTimeout = b.attrTimeout;
      this.entryTimeout = b.entryTimeout;
      this.directIo = b.directIo == null ? b.mode == Consistency.ONE_COPY : b.directIo;
      this.extraOptions = List.copyOf(b.extraOptions);
      this.clock = b.clock;
    }

    /**
     * A mount of the cell of {@code client}, with its consistency mode. The mount makes its own
     * {@code dfs:} file system on the client (umask 0: the kernel applied the caller's) and
     * closes it at unmount; the client stays open.
     */
    public static Builder builder(Path mountPoint, DfsClient client) {
      Objects.requireNonNull(client, "client");
      Builder b = new Builder(mountPoint, client.config().mode());
      b.client = client;
      b.fsName = "dfs:" + Addresses.format(client.config().server());
      return b;
    }

    /**
     * A mount of a {@code dfs:} file system the caller made and keeps (not closed at unmount);
     * {@code mode} is its client's consistency mode. Give it umask 0 ({@link DfsFileSystems#wrap(DfsClient, int)}):
     * the kernel applied the caller's umask already.
     */
    public static Builder builder(Path mountPoint, FileSystem fileSystem, Consistency mode) {
      Objects.requireNonNull(fileSystem, "fileSystem");
      if (!"dfs".equals(fileSystem.provider().getScheme())) {
        throw new IllegalArgumentException("not a dfs: file system: " + fileSystem + " (scheme "
            + fileSystem.provider().getScheme() + ")");
      }
      Builder b = new Builder(mountPoint, Objects.requireNonNull(mode, "mode"));
      b.fileSystem = fileSystem;
      return b;
    }

    public Path mountPoint() {
      return mountPoint;
    }

    public Consistency mode() {
      return mode;
    }

    public boolean allowOther() {
      return allowOther;
    }

    public boolean debug() {
      return debug;
    }

    public Duration attrTimeout() {
      return attrTimeout;
    }

    public Duration entryTimeout() {
      return entryTimeout;
    }

    public boolean directIo() {
      return directIo;
    }

    /** The libfuse command-line options this configuration mounts with. */
    public List<String> fuseOptions() {
      List<String> o = new ArrayList<>();
      o.add("fsname=" + fsName);
      o.add("subtype=dfs");
      o.add("default_permissions"); // the kernel checks each caller against the mode bits
      o.add("use_ino"); // st_ino is the FID's vnode
      o.add("readdir_ino");
      o.add("atomic_o_trunc");
      o.add("big_writes");
      o.add("max_write=131072");
      o.add("attr_timeout=" + seconds(attrTimeout));
      o.add("entry_timeout=" + seconds(entryTimeout));
      o.add("negative_timeout=" + seconds(entryTimeout));
      if (allowOther) {
        o.add("allow_other");
      }
      if (directIo) {
        o.add("direct_io"); // no kernel page cache: every read and write reaches the client
      }
      o.addAll(extraOptions);
      return List.of("-o", String.join(",", o));
    }

    private static String seconds(Duration d) {
      return d.toNanos() % 1_000_000_000L == 0 ? Long.toString(d.toSeconds())
          : String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    @Override
    public String toString() {
      return "FuseMount.Config[" + mountPoint + ", " + mode.label() + ", " + fuseOptions() + "]";
    }
  }

  /** Builds a {@link Config}; every setter checks its argument at once. */
  public static final class Builder {
    private final Path mountPoint;
    private final Consistency mode;
    private DfsClient client;
    private FileSystem fileSystem;
    private String fsName = "dfs";
    private boolean allowOther;
    private boolean debug;
    private Duration attrTimeout = Duration.ZERO;
    private Duration entryTimeout = Duration.ZERO;
    private Boolean directIo;
    private final List<String> extraOptions = new ArrayList<>();
    private Clock clock = Clock.systemUTC();

    private Builder(Path mountPoint, Consistency mode) {
      Objects.requireNonNull(mountPoint, "mountPoint");
      if (mountPoint.getFileSystem() != java.nio.file.FileSystems.getDefault()) {
        throw new IllegalArgumentException("mount point must be a local path: " + mountPoint);
      }
      this.mountPoint = mountPoint.toAbsolutePath().normalize();
      this.mode = mode;
    }

    /**
     * Lets users other than the mounting one use the mount (libfuse {@code allow_other}; a
     * non-root mounter needs {@code user_allow_other} in /etc/fuse.conf). Default: off.
     */
    public Builder allowOther(boolean on) {
      this.allowOther = on;
      return this;
    }

    /** libfuse's debug output (every request) on stderr. Default: off. */
    public Builder debug(boolean on) {
      this.debug = on;
      return this;
    }

    /**
     * How long the kernel may trust attributes it got from us. Default 0: every stat asks the
     * client, whose own caches follow the consistency mode. Raise it (session mode) for speed
     * when other clients' changes and hard-link counts may show late by that much.
     */
    public Builder attrTimeout(Duration d) {
      this.attrTimeout = checkTimeout("attrTimeout", d);
      return this;
    }

    /** How long the kernel may trust a name lookup (and a failed one). Default 0, as {@link #attrTimeout}. */
    public Builder entryTimeout(Duration d) {
      this.entryTimeout = checkTimeout("entryTimeout", d);
      return this;
    }

    /**
     * Bypass the kernel's page cache, so that every read and write reaches the client. Default:
     * on in one-copy mode (a read must see another client's write at once), off otherwise.
     */
    public Builder directIo(boolean on) {
      this.directIo = on;
      return this;
    }

    /** The file system's name in /proc/mounts and df. Default: {@code dfs:HOST:PORT} (or {@code dfs}). */
    public Builder fsName(String name) {
      Objects.requireNonNull(name, "fsName");
      if (name.isEmpty() || name.contains(",") || name.chars().anyMatch(c -> c <= ' ')) {
        throw new IllegalArgumentException("fsName must be non-empty, without commas or spaces: '" + name + "'");
      }
      this.fsName = name;
      return this;
    }

    /** One more libfuse {@code -o} option (e.g. {@code max_read=65536}). */
    public Builder option(String option) {
      Objects.requireNonNull(option, "option");
      if (option.isEmpty() || option.contains(",") || option.startsWith("-")) {
        throw new IllegalArgumentException("one -o option without commas, e.g. max_read=65536: '" + option + "'");
      }
      this.extraOptions.add(option);
      return this;
    }

    /** The clock for UTIME_NOW and local modification times (STYLE rule 14). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Config build() {
      return new Config(this);
    }

    private static Duration checkTimeout(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(name + " must be between 0 and 1 day, got " + d);
      }
      return d;
    }
  }
}

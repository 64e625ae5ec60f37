package dev.dfs.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sshfs baseline: a private OpenSSH {@code sshd} on 127.0.0.1 (its own config, host key,
 * user key, authorized_keys and pid file in a directory of ours; the system's sshd config is not
 * used and no system service is started), serving {@link #served()} through OpenSSH's
 * {@code sftp-server}, and an {@code sshfs} mount of it at {@link #mountPoint()}.
 *
 * <p>{@link #toServer} instead mounts another SFTP server on loopback (e.g. our SFTP gateway)
 * that the caller starts with the user key made here; then there is no sshd of ours.
 *
 * <p>{@link #close()} unmounts and stops sshd; a shutdown hook does the same if the JVM is
 * interrupted, so a failed run leaves no mount and no daemon behind.
 */
final class Sshfs implements AutoCloseable {
  static final Path SSHD = Path.of("/usr/sbin/sshd");
  static final Path SFTP_SERVER = Path.of("/usr/lib/openssh/sftp-server");

  private final Path dir;
  private final Path served;
  private final String remotePath;
  private final Path mnt;
  private final Path userKey;
  private final int port;
  private final Process sshd; // null when the server is someone else's (toServer)
  private final Thread hook;
  private boolean mounted;
  private boolean closed;

  private Sshfs(Path dir, Path served, String remotePath, Path mnt, Path userKey, int port, Process sshd) {
    this.dir = dir;
    this.served = served;
    this.remotePath = remotePath;
    this.mnt = mnt;
    this.userKey = userKey;
    this.port = port;
    this.sshd = sshd;
    this.hook = new Thread(this::close, "sshfs-cleanup");
  }

  /** Why sshfs cannot be measured on this machine, or null if everything it needs is there. */
  static String unavailable() {
    if (!Files.isExecutable(SSHD)) {
      return SSHD + " missing: apt-get install -y openssh-server";
    }
    if (!Files.isExecutable(SFTP_SERVER)) {
      return SFTP_SERVER + " missing: apt-get install -y openssh-sftp-server";
    }
    for (String tool : List.of("sshfs", "ssh", "ssh-keygen", "fusermount3")) {
      if (onPath(tool) == null) {
        return tool + " not on PATH: apt-get install -y sshfs openssh-client fuse3";
      }
    }
    if (!Files.exists(Path.of("/dev/fuse"))) {
      return "/dev/fuse absent (no FUSE in this kernel or container)";
    }
    return null;
  }

  private static Path onPath(String tool) {
    String path = System.getenv("PATH");
    for (String d : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
      Path p = Path.of(d, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Generates the keys and config under {@code dir} and starts sshd; the caller mounts. */
  static Sshfs start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path served = Files.createDirectories(dir.resolve("served"));
    Path mnt = Files.createDirectories(dir.resolve("mnt"));
    Path hostKey = dir.resolve("host_ed25519");
    Path userKey = dir.resolve("user_ed25519");
    run(dir, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dfs-bench-host", "-f", hostKey.toString()), 30);
    run(dir, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dfs-bench-user", "-f", userKey.toString()), 30);
    Path authorized = dir.resolve("authorized_keys");
    Files.copy(Path.of(userKey + ".pub"), authorized);
    // sshd refuses to start without its privilege separation directory (normally made by the service unit).
    Files.createDirectories(Path.of("/run/sshd"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("sshd_config");
    Files.writeString(config, String.join("\n",
        "ListenAddress 127.0.0.1",
        "HostKey " + hostKey,
        "PidFile " + dir.resolve("sshd.pid"),
        "AuthorizedKeysFile " + authorized,
        "PermitRootLogin yes",
        "StrictModes no",
        "UsePAM no",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes",
        "Subsystem sftp " + SFTP_SERVER,
        "LogLevel ERROR",
        ""), StandardCharsets.UTF_8);
    Path log = dir.resolve("sshd.log");
    // An absolute path: sshd re-executes itself and refuses a relative one.
    Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString(), "-p", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Sshfs s = new Sshfs(dir, served, served.toString(), mnt, userKey, port, p);
    Runtime.getRuntime().addShutdownHook(s.hook);
    try {
      s.awaitListening(log);
    } catch (IOException | RuntimeException | InterruptedException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** Starts an SFTP server on 127.0.0.1 that accepts the keys in {@code authorizedKeys}; returns its port. */
  @FunctionalInterface
  interface ServerStarter {
    int start(Path authorizedKeys, Path hostKey) throws IOException;
  }

  /** Why sshfs to some other SFTP server cannot be measured here, or null. */
  static String clientUnavailable() {
    for (String tool : List.of("sshfs", "ssh", "ssh-keygen", "fusermount3")) {
      if (onPath(tool) == null) {
        return tool + " not on PATH: apt-get install -y sshfs openssh-client fuse3";
      }
    }
    if (!Files.exists(Path.of("/dev/fuse"))) {
      return "/dev/fuse absent (no FUSE in this kernel or container)";
    }
    return null;
  }

  /**
   * sshfs to an SFTP server that {@code starter} starts (and the caller stops after {@link #close()}):
   * makes a user key under {@code dir}, an {@code authorized_keys} file holding it and a path for
   * the server's host key, and mounts {@code remotePath} of that server on {@link #mountPoint()}
   * with {@link #mount()}. {@link #served()} is null: the files are only reachable through the server.
   */
  static Sshfs toServer(Path dir, String remotePath, ServerStarter starter) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path mnt = Files.createDirectories(dir.resolve("mnt"));
    Path userKey = dir.resolve("user_ed25519");
    run(dir, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dfs-bench-user", "-f", userKey.toString()), 30);
    Path authorized = dir.resolve("authorized_keys");
    Files.copy(Path.of(userKey + ".pub"), authorized);
    int port = starter.start(authorized, dir.resolve("host_key"));
    Sshfs s = new Sshfs(dir, null, remotePath, mnt, userKey, port, null);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  private void awaitListening(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      if (!sshd.isAlive()) {
        throw new IOException("sshd exited with " + sshd.exitValue() + ": " + tail(log));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("sshd did not listen on 127.0.0.1:" + port + " within 10 s: " + tail(log), e);
        }
        Thread.sleep(20);
      }
    }
  }

  /** The directory sshd serves: files put here (locally, untimed) are read through the mount. */
  Path served() {
    return served;
  }

  Path mountPoint() {
    return mnt;
  }

  /**
   * Mounts {@link #served()} at {@link #mountPoint()} with sshfs's default cache options. sshfs
   * forks into the background once the mount is up.
   */
  synchronized void mount() throws IOException, InterruptedException {
    if (mounted) {
      return;
    }
    run(dir, List.of("sshfs", "-p", Integer.toString(port), "-o",
        "IdentityFile=" + userKey + ",StrictHostKeyChecking=no,UserKnownHostsFile=/dev/null,BatchMode=yes,LogLevel=ERROR",
        "root@127.0.0.1:" + remotePath, mnt.toString()), 30);
    mounted = true;
  }

  synchronized void unmount() throws IOException, InterruptedException {
    if (!mounted) {
      return;
    }
    try {
      run(dir, List.of("fusermount3", "-u", mnt.toString()), 30);
    } catch (IOException e) {
      run(dir, List.of("fusermount3", "-u", "-z", mnt.toString()), 30); // busy: detach lazily
    }
    mounted = false;
  }

  /** A fresh mount: nothing of an earlier read is left in sshfs's caches or the kernel's page cache for it. */
  void remount() throws IOException, InterruptedException {
    unmount();
    mount();
  }

  /** Versions of what the sshfs column runs, for the report. */
  static String versions() {
    List<String> out = new ArrayList<>();
    for (List<String> cmd : List.of(List.of("ssh", "-V"), List.of("sshfs", "-V"))) {
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        for (String line : text.split("\n")) {
          if (line.startsWith("OpenSSH") || line.startsWith("SSHFS version") || line.startsWith("FUSE library")) {
            out.add(line.trim());
          }
        }
      } catch (IOException | InterruptedException e) {
        out.add(cmd.get(0) + ": " + e.getMessage());
      }
    }
    return String.join(", ", out);
  }

  /** Unmounts and stops sshd (and with it the sftp-server it started). Idempotent; never throws. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      unmount();
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.err.println("bench: could not unmount " + mnt + ": " + e.getMessage()
          + "; run 'fusermount3 -u -z " + mnt + "'");
    }
    if (sshd != null) {
      sshd.descendants().forEach(ProcessHandle::destroy);
      sshd.destroy();
      try {
        if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
          sshd.destroyForcibly();
        }
      } catch (InterruptedException e) {
        sshd.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // the JVM is shutting down already
      }
    }
  }

  /**
   * Runs a command and waits for it. Its output goes to a file, not a pipe: sshfs leaves its ssh
   * child running with the inherited stderr, so a pipe would not reach end of file until unmount.
   */
  private static void run(Path dir, List<String> cmd, int seconds) throws IOException, InterruptedException {
    Path log = dir.resolve("command.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish within " + seconds + " s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed with exit code " + p.exitValue() + ": " + tail(log));
    }
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8).trim();
      return s.isEmpty() ? "(no output)" : s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return "sshfs root@127.0.0.1:" + port + ":" + remotePath + " on " + mnt + " (config in " + dir + ")";
  }
}

package dev.dfs.cli;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.protocol.Addresses;
import dev.dfs.vfs.fuse.FuseMount;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dfs mount SERVER MOUNTPOINT}: the cell's tree at MOUNTPOINT through FUSE, until SIGTERM,
 * Ctrl-C or {@code dfs umount MOUNTPOINT}; every way out unmounts cleanly and stores what open
 * files wrote (session mode).
 */
@Command(name = "mount", mixinStandardHelpOptions = true,
    description = {"Mount a DFS cell at MOUNTPOINT through FUSE and serve it in the foreground.",
        "Unmount with Ctrl-C, SIGTERM or `dfs umount MOUNTPOINT`. Needs /dev/fuse and libfuse2 "
            + "(Debian: apt-get install fuse3 libfuse2)."})
final class MountCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SERVER", description = "File server, HOST:PORT (port default 7000).")
  String server;

  @Parameters(index = "1", paramLabel = "MOUNTPOINT", description = "An empty directory.")
  Path mountPoint;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "session",
      description = "Consistency: session (AFS: others see a file after close), one-copy (Unix: every write "
          + "on the server at once; no kernel page cache) or stateless (NFS). Default: ${DEFAULT-VALUE}")
  String mode;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Cache directory of the client (kept across mounts). Default: a private temporary one.")
  Path cacheDir;

  @Option(names = "--cache-size", paramLabel = "SIZE", defaultValue = "1G",
      description = "Cache size in bytes, or with K, M, G or T (powers of 1024). Default: ${DEFAULT-VALUE}")
  String cacheSize;

  @Option(names = "--foreground", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Stay in the foreground until unmounted (the only way supported; run it under nohup, "
          + "systemd or & to keep it going). Default: ${DEFAULT-VALUE}")
  boolean foreground;

  @Option(names = "--allow-other", description = "Let other users use the mount too (libfuse allow_other).")
  boolean allowOther;

  @Option(names = "--debug", description = "libfuse's trace of every request on stderr.")
  boolean debug;

  @Override
  public Integer call() throws Exception {
    if (!foreground) {
      throw new IllegalArgumentException("--no-foreground is not supported: run `dfs mount ... &` instead");
    }
    Optional<String> missing = FuseMount.unavailableReason();
    if (missing.isPresent()) {
      System.err.println("dfs mount: " + missing.get());
      return 1;
    }
    Consistency m = Consistency.parse(mode);
    InetSocketAddress address = Addresses.parse(server, Addresses.DEFAULT_PORT);
    ClientConfig config = ClientConfig.of(address).withMode(m);
    if (cacheDir != null || !cacheSize.equals("1G")) {
      config = config.withCache(cacheDir, parseSize(cacheSize));
    }
    DfsClient client = DfsClient.connect(config);
    FuseMount mount;
    try {
      mount = FuseMount.mount(FuseMount.Config.builder(mountPoint, client).allowOther(allowOther).debug(debug).build());
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e instanceof IOException io ? new IllegalArgumentException(io.getMessage(), io) : e;
    }
    AutoCloseable both = () -> {
      try {
        mount.close();
      } finally {
        client.close();
      }
    };
    // One line on stdout when ready, so scripts (and tests) can wait for it.
    System.out.println("dfs mount ready: " + Addresses.format(address) + " on " + mount.mountPoint() + " (mode "
        + m.label() + ")");
    System.out.flush();
    // Unmounted from outside (dfs umount): leave as a signal would, through the same shutdown hook.
    Thread watcher = new Thread(() -> {
      try {
        mount.awaitClosed();
        System.exit(0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "dfs-mount-watcher");
    watcher.setDaemon(true);
    watcher.start();
    ServerCommand.runUntilSignalled(both);
    return 0;
  }

  /** {@code 1073741824}, {@code 512M}, {@code 1G}, {@code 2T}, {@code 64k} (powers of 1024). */
  static long parseSize(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (t.endsWith("IB")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
      t = t.substring(0, t.length() - 1);
    }
    int shift = 0;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'K': shift = 10; break;
        case 'M': shift = 20; break;
        case 'G': shift = 30; break;
        case 'T': shift = 40; break;
        default: break;
      }
    }
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
    try {
      long n = Long.parseLong(digits.trim());
      if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + text + "' (use bytes or a number with K, M, G or T, e.g. 512M)");
    }
  }
}

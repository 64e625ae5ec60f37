package dev.dfs.cli;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.protocol.Addresses;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import dev.dfs.vfs.fuse.FuseMount;
import dev.dfs.vfs.sftp.SftpGateway;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dfs up}: everything on this machine with embedded defaults. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Start the whole system on this machine with embedded defaults: a file server with its data in "
        + "./dfs-data on 127.0.0.1:7000, a FUSE mount of it at ./dfs-mnt and an SFTP gateway on 127.0.0.1:2222.",
        "A key pair for the gateway is made in ./dfs-data/ssh; your ~/.ssh/authorized_keys are accepted too.",
        "Ctrl-C stops everything cleanly (the mount is unmounted)."})
final class UpCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "dfs-data", description = "Server data directory. Default: ${DEFAULT-VALUE}")
  Path data;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7000",
      description = "File server address. Default: ${DEFAULT-VALUE}")
  String listen;

  @Option(names = "--mount", paramLabel = "DIR", defaultValue = "dfs-mnt", description = "FUSE mount point. Default: ${DEFAULT-VALUE}")
  Path mountPoint;

  @Option(names = "--sftp", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:2222",
      description = "SFTP gateway address. Default: ${DEFAULT-VALUE}")
  String sftp;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "session",
      description = "Consistency of the mount and the gateway: session, one-copy or stateless. Default: ${DEFAULT-VALUE}")
  String mode;

  @Option(names = "--no-mount", description = "Do not mount with FUSE.")
  boolean noMount;

  @Option(names = "--no-sftp", description = "Do not start the SFTP gateway.")
  boolean noSftp;

  private final Deque<AutoCloseable> running = new ArrayDeque<>();

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    List<String> lines = new ArrayList<>();
    try {
      ViceServer server = ViceServer.start(
          ServerConfig.builder(data).listen(Addresses.parse(listen, Addresses.DEFAULT_PORT)).build());
      running.push(server);
      String at = Addresses.format(server.address());
      lines.add(String.format("  file server   %-22s data in %s", at, data.toAbsolutePath()));

      DfsClient client = DfsClient.connect(ClientConfig.of(server.address()).withMode(Consistency.parse(mode))
          .withCache(data.resolve("client-cache"), ClientConfig.DEFAULT_CACHE_BYTES));
      running.push(client);

      if (noMount) {
        lines.add("  FUSE mount    (off: --no-mount)");
      } else {
        Optional<String> why = FuseMount.unavailableReason();
        if (why.isPresent()) {
          lines.add("  FUSE mount    not started: " + why.get());
        } else {
          Files.createDirectories(mountPoint);
          FuseMount mount = FuseMount.mount(FuseMount.Config.builder(mountPoint.toAbsolutePath(), client).build());
          running.push(mount);
          lines.add(String.format("  FUSE mount    %-22s (mode %s)", mountPoint.toAbsolutePath(), mode));
        }
      }

      String sftpHint = null;
      if (noSftp) {
        lines.add("  SFTP gateway  (off: --no-sftp)");
      } else {
        Path ssh = Files.createDirectories(data.resolve("ssh"));
        Optional<Path> key = ensureClientKey(ssh);
        Path authorized = authorizedKeys(ssh, key);
        SftpGateway gateway = SftpGateway.start(SftpGateway.builder()
            .client(client)
            .listen(Addresses.parse(sftp, 2222))
            .authorizedKeys(authorized)
            .hostKey(ssh.resolve("host_key"))
            .build());
        running.push(gateway);
        int port = gateway.address().getPort();
        lines.add(String.format("  SFTP gateway  %-22s host key %s", Addresses.format(gateway.address()),
            gateway.hostKeyFingerprint()));
        String identity = key.map(k -> " -i " + k.toAbsolutePath()).orElse("");
        sftpHint = "  sftp -P " + port + identity + " localhost\n  sshfs -p " + port + " -o IdentityFile="
            + key.map(k -> k.toAbsolutePath().toString()).orElse("~/.ssh/id_ed25519") + " localhost:/ /some/dir";
      }

      out.println();
      out.println("dfs is up.");
      lines.forEach(out::println);
      out.println();
      out.println("Try, in another terminal:");
      if (running.stream().anyMatch(r -> r instanceof FuseMount)) {
        out.println("  ls -l " + mountPoint + "; echo hello > " + mountPoint + "/hello.txt   # any program, through FUSE");
      }
      out.println("  bin/dfs put README.md /readme.txt && bin/dfs ls -l /        # the command line");
      if (sftpHint != null) {
        out.println(sftpHint);
      }
      out.println();
      out.println("Ctrl-C stops everything.");
      out.flush();
    } catch (Exception | Error e) {
      closeAll();
      throw e;
    }
    ServerCommand.runUntilSignalled(this::closeAll);
    return 0;
  }

  /** Stops what started, newest first: the mount before the client it uses, the server last. */
  private void closeAll() {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("dfs up: while stopping: " + e);
      }
    }
  }

  /** A key pair for logging in to the gateway, made once with ssh-keygen where it exists. */
  private static Optional<Path> ensureClientKey(Path ssh) throws IOException, InterruptedException {
    Path key = ssh.resolve("id_ecdsa");
    if (Files.exists(key)) {
      return Optional.of(key);
    }
    Process p;
    try {
      p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "dfs up",
          "-f", key.toString()).redirectErrorStream(true).start();
    } catch (IOException noSshKeygen) {
      return Optional.empty();
    }
    p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return Optional.empty();
    }
    return Optional.of(key);
  }

  /** The generated key and the user's own authorized keys, in one file for the gateway. */
  private static Path authorizedKeys(Path ssh, Optional<Path> key) throws IOException {
    StringBuilder keys = new StringBuilder();
    if (key.isPresent()) {
      keys.append(Files.readString(Path.of(key.get() + ".pub"), StandardCharsets.UTF_8).trim()).append('\n');
    }
    Path mine = SftpGateway.defaultAuthorizedKeys();
    if (Files.isReadable(mine)) {
      keys.append(Files.readString(mine, StandardCharsets.UTF_8));
    }
    Path file = ssh.resolve("authorized_keys");
    Files.writeString(file, keys.toString(), StandardCharsets.UTF_8);
    return file;
  }
}

package dev.dfs.cli;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.protocol.Addresses;
import dev.dfs.vfs.sftp.SftpGateway;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dfs sftp}: an SFTP gateway to the DFS in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "sftp", mixinStandardHelpOptions = true,
    description = {"Serve the DFS over SFTP (public-key login only), for sftp, sshfs and any SFTP client.",
        "Every session acts as this process's uid/gid on the file server."})
final class SftpCommand implements Callable<Integer> {
  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:2222",
      description = "Address to listen on. Default: ${DEFAULT-VALUE}")
  String listen;

  @Option(names = {"-s", "--server"}, paramLabel = "HOST:PORT", defaultValue = "${env:DFS_SERVER:-127.0.0.1:7000}",
      description = "File server to use. Default: $DFS_SERVER or 127.0.0.1:7000")
  String server;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "session",
      description = "Consistency: session, one-copy or stateless. Default: ${DEFAULT-VALUE}")
  String mode;

  @Option(names = "--authorized-keys", paramLabel = "FILE",
      description = "OpenSSH authorized_keys of the users who may log in. Default: ~/.ssh/authorized_keys")
  Path authorizedKeys;

  @Option(names = "--host-key", paramLabel = "FILE",
      description = "Host private key; generated there once if missing. Default: ~/.config/dfs/ssh_host_key")
  Path hostKey;

  @Option(names = "--root", paramLabel = "PATH", defaultValue = "/",
      description = "DFS directory to export. Default: ${DEFAULT-VALUE}")
  String root;

  @Override
  public Integer call() throws Exception {
    Path keys = authorizedKeys != null ? authorizedKeys : SftpGateway.defaultAuthorizedKeys();
    if (!Files.isRegularFile(keys)) {
      throw new IllegalArgumentException("no authorized keys file at " + keys
          + " (put the public keys allowed to log in there, e.g. cp ~/.ssh/id_ed25519.pub " + keys
          + ", or pass --authorized-keys FILE)");
    }
    InetSocketAddress address = Addresses.parse(listen, 2222);
    SftpGateway gateway = SftpGateway.start(SftpGateway.builder()
        .server(ClientConfig.of(Addresses.parse(server, Addresses.DEFAULT_PORT)).withMode(Consistency.parse(mode)))
        .listen(address)
        .authorizedKeys(keys)
        .hostKey(hostKey != null ? hostKey : SftpGateway.defaultHostKey())
        .root(root)
        .build());
    int port = gateway.address().getPort();
    // One line on stdout when ready, so scripts (and tests) can wait for it and learn the port.
    System.out.println("dfs sftp ready on " + Addresses.format(gateway.address())
        + " (host key " + gateway.hostKeyFingerprint() + ")");
    System.out.println("connect with: sftp -P " + port + " localhost   or   sshfs -p " + port
        + " localhost:/ MOUNTPOINT");
    System.out.flush();
    ServerCommand.runUntilSignalled(gateway);
    return 0;
  }
}

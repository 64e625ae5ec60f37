package dev.dfs.cli;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.protocol.Addresses;
import picocli.CommandLine.Option;

/** The options shared by every command that talks to a server: where, and with which semantics. */
final class ServerOption {
  @Option(names = {"-s", "--server"}, paramLabel = "HOST:PORT",
      description = "File server to use. Default: $DFS_SERVER or 127.0.0.1:7000",
      defaultValue = "${env:DFS_SERVER:-127.0.0.1:7000}")
  String server;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "session",
      description = "Consistency: session (AFS: store on close), one-copy (Unix: every write on the server at once) "
          + "or stateless (NFS). Default: ${DEFAULT-VALUE}")
  String mode;

  DfsClient connect() {
    return DfsClient.connect(ClientConfig.of(Addresses.parse(server, Addresses.DEFAULT_PORT)).withMode(Consistency.parse(mode)));
  }
}

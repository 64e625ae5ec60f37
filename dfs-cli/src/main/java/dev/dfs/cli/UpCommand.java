package dev.dfs.cli;

import dev.dfs.protocol.Addresses;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dfs up}: everything on this machine with embedded defaults. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Start the system on this machine with embedded defaults: a file server with its data under ./dfs-data "
        + "on 127.0.0.1:7000. Ctrl-C stops it cleanly.")
final class UpCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "dfs-data", description = "Server data directory. Default: ${DEFAULT-VALUE}")
  Path data;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7000",
      description = "Server address. Default: ${DEFAULT-VALUE}")
  String listen;

  @Override
  public Integer call() throws InterruptedException {
    ViceServer server = ViceServer.start(ServerConfig.builder(data).listen(Addresses.parse(listen, Addresses.DEFAULT_PORT)).build());
    String at = Addresses.format(server.address());
    PrintStream out = System.out;
    out.println();
    out.println("dfs is up.");
    out.println("  file server   " + at + "   data in " + data.toAbsolutePath());
    out.println();
    out.println("Try, in another terminal:");
    out.println("  bin/dfs put README.md /readme.txt      # store a file");
    out.println("  bin/dfs ls -l /                        # list the root volume");
    out.println("  bin/dfs get /readme.txt -              # read it back to stdout");
    out.println("  bin/dfs vol create projects --mount /projects");
    out.println();
    out.println("Ctrl-C stops everything.");
    out.flush();
    ServerCommand.runUntilSignalled(server);
    return 0;
  }
}

package dev.dfs.cli;

import dev.dfs.protocol.Addresses;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dfs server}: runs Vice in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run a file server (Vice) in the foreground; stops cleanly on Ctrl-C or SIGTERM.")
final class ServerCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", description = "Where volumes live (LMDB metadata and contents). Default: ${DEFAULT-VALUE}",
      defaultValue = "dfs-data")
  Path data;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on. Default: ${DEFAULT-VALUE}",
      defaultValue = "127.0.0.1:7000")
  String listen;

  @Option(names = "--callback-ttl", paramLabel = "DURATION",
      description = "How long a callback promise lasts, ISO-8601 (PT30M) or seconds. Default: ${DEFAULT-VALUE}", defaultValue = "PT30M")
  String callbackTtl;

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config = ServerConfig.builder(data)
        .listen(Addresses.parse(listen, Addresses.DEFAULT_PORT))
        .callbackTtl(parseDuration(callbackTtl))
        .build();
    ViceServer server = ViceServer.start(config);
    // One line on stdout when ready, so scripts (and tests) can wait for it and learn the port.
    System.out.println("dfs server ready on " + Addresses.format(server.address()));
    System.out.flush();
    runUntilSignalled(server);
    return 0;
  }

  /** Blocks until the JVM is asked to stop, then closes {@code resource} before it exits. */
  static void runUntilSignalled(AutoCloseable resource) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("dfs: error while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, "dfs-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
  }

  static Duration parseDuration(String text) {
    try {
      return text.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(text)) : Duration.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (use seconds or ISO-8601 such as PT30M)");
    }
  }
}

package dev.dfs.cli;

import dev.dfs.client.control.CacheControl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dfs cache}: asks a running client (a mount, {@code dfs up}) about its cache. */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = "Inspect or empty the disk cache of a running client (dfs mount, dfs up).",
    subcommands = {CacheCommand.Status.class, CacheCommand.Flush.class, CacheCommand.Evict.class})
final class CacheCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Where the running client keeps its cache. */
  static final class CacheDir {
    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "dfs-data/client-cache",
        description = "The client's cache directory (its --cache). Default: ${DEFAULT-VALUE} (dfs up's)")
    Path dir;

    int ask(String request) throws IOException {
      System.out.print(CacheControl.ask(dir, request));
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show what the cache holds.")
  static final class Status implements Callable<Integer> {
    @picocli.CommandLine.Mixin CacheDir cache;

    @Override
    public Integer call() throws IOException {
      return cache.ask("status");
    }
  }

  @Command(name = "flush", mixinStandardHelpOptions = true,
      description = "Drop every cached file that is neither open nor modified; the next open fetches it again.")
  static final class Flush implements Callable<Integer> {
    @picocli.CommandLine.Mixin CacheDir cache;

    @Override
    public Integer call() throws IOException {
      return cache.ask("flush");
    }
  }

  @Command(name = "evict", mixinStandardHelpOptions = true, description = "Drop the cached copy of one file.")
  static final class Evict implements Callable<Integer> {
    @picocli.CommandLine.Mixin CacheDir cache;

    @Parameters(paramLabel = "DFS-PATH")
    String path;

    @Override
    public Integer call() throws IOException {
      return cache.ask("evict " + path);
    }
  }
}

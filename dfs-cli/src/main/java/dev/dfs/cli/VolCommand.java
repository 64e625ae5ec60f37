package dev.dfs.cli;

import dev.dfs.client.DfsClient;
import dev.dfs.protocol.VolumeInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dfs vol}: the volume location database. */
@Command(name = "vol", mixinStandardHelpOptions = true, description = "Create and list volumes.",
    subcommands = {VolCommand.Create.class, VolCommand.ListVolumes.class})
final class VolCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a volume, optionally mounted at a path (like an AFS mount point).")
  static final class Create implements Callable<Integer> {
    @Mixin ServerOption server;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--mount", paramLabel = "PATH", description = "Mount the new volume at this (new) path.")
    String mount;

    @Override
    public Integer call() {
      try (DfsClient c = server.connect()) {
        VolumeInfo v = c.createVolume(name, mount);
        System.out.printf("created volume %s (id %d, root %s)%s%n", v.name(), v.id(), v.root(),
            mount == null ? "" : ", mounted at " + mount);
        return 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List volumes: id, name, root FID, server.")
  static final class ListVolumes implements Callable<Integer> {
    @Mixin ServerOption server;

    @Override
    public Integer call() {
      try (DfsClient c = server.connect()) {
        System.out.printf("%-6s %-20s %-16s %s%n", "ID", "NAME", "ROOT", "SERVER");
        for (VolumeInfo v : c.volumes()) {
          System.out.printf("%-6d %-20s %-16s %s%n", v.id(), v.name(), v.root(), v.server());
        }
        return 0;
      }
    }
  }
}

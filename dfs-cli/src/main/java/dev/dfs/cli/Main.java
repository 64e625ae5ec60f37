package dev.dfs.cli;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Status;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dfs} command: one launcher, a subcommand per task, {@code --help} on each. */
@Command(
    name = "dfs",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A distributed file system in the AFS/Coda/NFS tradition.",
    subcommands = {
        UpCommand.class,
        ServerCommand.class,
        VolCommand.class,
        MountCommand.class,
        UmountCommand.class,
        SftpCommand.class,
        CacheCommand.class,
        FileCommands.Stat.class,
        FileCommands.Ls.class,
        FileCommands.Mkdir.class,
        FileCommands.Rm.class,
        FileCommands.Put.class,
        FileCommands.Get.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests: no System.exit). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + describe(e));
      return e instanceof DfsException d && d.status() == Status.EUNREACHABLE ? 3 : 1;
    });
    return cl.execute(args);
  }

  static String describe(Exception e) {
    if (e instanceof DfsException d) {
      String hint = d.status() == Status.EUNREACHABLE ? " (is the server running? start one with: bin/dfs server)" : "";
      return d.detail() + " [" + d.status() + "]" + hint;
    }
    if (e instanceof java.io.UncheckedIOException u) {
      return u.getMessage() + ": " + u.getCause().getMessage();
    }
    if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
      return e.getMessage();
    }
    return e.toString();
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"dfs " + (v == null ? "(development build)" : v)};
    }
  }
}

package dev.dfs.cli;

import dev.dfs.client.DfsClient;
import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DirEntry;
import dev.dfs.protocol.FileType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The file commands for scripting against a server: stat, ls, mkdir, rm, put, get. */
final class FileCommands {
  private FileCommands() {}

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  static String time(long nanos) {
    return TIME.format(Instant.ofEpochSecond(0, nanos));
  }

  static String permissions(Attr a) {
    char t = a.isDirectory() ? 'd' : a.isSymlink() ? 'l' : '-';
    StringBuilder sb = new StringBuilder().append(t);
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      sb.append((a.mode() & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return sb.toString();
  }

  @Command(name = "stat", mixinStandardHelpOptions = true, description = "Show the attributes of a path (not following a final symlink).")
  static final class Stat implements Callable<Integer> {
    @Mixin ServerOption server;

    @Parameters(paramLabel = "PATH", description = "Path in the DFS, e.g. /a/b")
    String path;

    @Override
    public Integer call() {
      try (DfsClient c = server.connect()) {
        Attr a = c.stat(path);
        PrintStream out = System.out;
        out.printf("  Path: %s%n", path);
        out.printf("   FID: %s%n", a.fid());
        out.printf("  Type: %s%n", a.type().name().toLowerCase(java.util.Locale.ROOT));
        out.printf("  Size: %d%n", a.size());
        out.printf("  Mode: %04o (%s)  Links: %d  Uid: %d  Gid: %d%n", a.mode(), permissions(a), a.nlink(), a.uid(), a.gid());
        out.printf("Access: %s%nModify: %s%nChange: %s%n", time(a.atimeNanos()), time(a.mtimeNanos()), time(a.ctimeNanos()));
        out.printf("Version: %d%n", a.dataVersion());
        return 0;
      }
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List a directory.")
  static final class Ls implements Callable<Integer> {
    @Mixin ServerOption server;

    @Option(names = "-l", description = "Long format: mode, links, owner, size, time, FID.")
    boolean longFormat;

    @Parameters(paramLabel = "PATH", defaultValue = "/", description = "Directory in the DFS. Default: /")
    String path;

    @Override
    public Integer call() {
      try (DfsClient c = server.connect()) {
        Attr a = c.statFollow(path);
        if (!a.isDirectory()) {
          print(c, path, a);
          return 0;
        }
        List<DirEntry> entries = new java.util.ArrayList<>(c.list(path));
        entries.sort(Comparator.comparing(DirEntry::name));
        for (DirEntry e : entries) {
          if (longFormat) {
            print(c, path.endsWith("/") ? path + e.name() : path + "/" + e.name(), null);
          } else {
            System.out.println(e.name() + (e.type() == FileType.DIRECTORY ? "/" : ""));
          }
        }
        return 0;
      }
    }

    private void print(DfsClient c, String p, Attr known) {
      Attr a = known != null ? known : c.stat(p);
      String name = p.substring(p.lastIndexOf('/') + 1);
      if (!longFormat) {
        System.out.println(name);
        return;
      }
      String link = a.isSymlink() ? " -> " + c.readlink(p) : "";
      System.out.printf("%s %3d %5d %5d %12d %s %s%s  [%s]%n", permissions(a), a.nlink(), a.uid(), a.gid(), a.size(),
          time(a.mtimeNanos()), name, link, a.fid());
    }
  }

  @Command(name = "mkdir", mixinStandardHelpOptions = true, description = "Create a directory.")
  static final class Mkdir implements Callable<Integer> {
    @Mixin ServerOption server;

    @Option(names = {"-p", "--parents"}, description = "Create missing parents; no error if it exists.")
    boolean parents;

    @Option(names = {"-m", "--permissions"}, defaultValue = "755", description = "Permission bits in octal. Default: ${DEFAULT-VALUE}")
    String permissions;

    @Parameters(paramLabel = "PATH")
    String path;

    @Override
    public Integer call() {
      int m = Integer.parseInt(permissions, 8);
      try (DfsClient c = server.connect()) {
        if (!parents) {
          c.mkdir(path, m);
          return 0;
        }
        StringBuilder prefix = new StringBuilder();
        for (String part : path.split("/")) {
          if (part.isEmpty()) {
            continue;
          }
          prefix.append('/').append(part);
          try {
            c.mkdir(prefix.toString(), m);
          } catch (dev.dfs.protocol.DfsException e) {
            if (e.status() != dev.dfs.protocol.Status.EEXIST) {
              throw e;
            }
          }
        }
        return 0;
      }
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a file, symlink or empty directory.")
  static final class Rm implements Callable<Integer> {
    @Mixin ServerOption server;

    @Parameters(paramLabel = "PATH", arity = "1..*")
    List<String> paths;

    @Override
    public Integer call() {
      try (DfsClient c = server.connect()) {
        for (String p : paths) {
          c.remove(p);
        }
        return 0;
      }
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true,
      description = "Store a local file (or stdin with '-') as DFS-PATH. The new content appears all at once, when complete.")
  static final class Put implements Callable<Integer> {
    @Mixin ServerOption server;

    @Option(names = {"-m", "--permissions"}, defaultValue = "644", description = "Permission bits of a new file, octal. Default: ${DEFAULT-VALUE}")
    String permissions;

    @Parameters(index = "0", paramLabel = "LOCAL", description = "Local file, or - for standard input")
    String local;

    @Parameters(index = "1", paramLabel = "DFS-PATH")
    String path;

    @Override
    public Integer call() throws IOException {
      long total = local.equals("-") ? -1 : Files.size(Path.of(local));
      try (DfsClient c = server.connect();
          InputStream in = local.equals("-") ? System.in : new BufferedInputStream(Files.newInputStream(Path.of(local)), 1 << 16);
          Progress progress = new Progress("put " + path, total)) {
        c.put(in, path, Integer.parseInt(permissions, 8), progress);
        return 0;
      }
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Copy DFS-PATH to a local file (or stdout with '-'). A local file appears only when complete.")
  static final class Get implements Callable<Integer> {
    @Mixin ServerOption server;

    @Parameters(index = "0", paramLabel = "DFS-PATH")
    String path;

    @Parameters(index = "1", paramLabel = "LOCAL", description = "Local file, or - for standard output")
    String local;

    @Override
    public Integer call() throws IOException {
      try (DfsClient c = server.connect()) {
        long total = c.statFollow(path).size();
        if (local.equals("-")) {
          OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
          c.get(path, out, null);
          out.flush();
          return 0;
        }
        Path target = Path.of(local);
        if (Files.isDirectory(target)) {
          target = target.resolve(path.substring(path.lastIndexOf('/') + 1));
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16);
            Progress progress = new Progress("get " + path, total)) {
          c.get(path, out, progress);
        } catch (RuntimeException | IOException e) {
          Files.deleteIfExists(part);
          throw e;
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return 0;
      }
    }
  }
}

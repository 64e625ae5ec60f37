package dev.dfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code dfs} command line as a user types it, against a real server. */
class CommandLineTest {
  @TempDir Path tmp;

  @Test
  void everyCommandHasHelp() {
    CommandLine cl = new CommandLine(new Main());
    assertEquals(0, Main.run("--help"));
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      if (sub.getKey().equals("help")) {
        continue;
      }
      assertEquals(0, Main.run(sub.getKey(), "--help"), sub.getKey() + " --help");
      String usage = sub.getValue().getUsageMessage();
      assertTrue(usage.contains("Usage: dfs " + sub.getKey()), usage);
    }
  }

  @Test
  void putGetLsStatMkdirRmAgainstARealServer() throws Exception {
    try (ViceServer server = ViceServer.start(
        ServerConfig.builder(tmp.resolve("data")).listen(new InetSocketAddress("127.0.0.1", 0)).build())) {
      String at = "127.0.0.1:" + server.address().getPort();
      Path local = tmp.resolve("in.bin");
      byte[] content = new byte[3 * 1024 * 1024 + 5];
      new java.util.Random(3).nextBytes(content);
      Files.write(local, content);

      assertEquals(0, Main.run("mkdir", "-s", at, "-p", "/a/b"));
      assertEquals(0, Main.run("put", "-s", at, local.toString(), "/a/b/file"));
      Path back = tmp.resolve("out.bin");
      assertEquals(0, Main.run("get", "-s", at, "/a/b/file", back.toString()));
      assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(back)));
      assertTrue(Files.notExists(tmp.resolve("out.bin.part")), "no partial file is left behind");

      String ls = captureOut(() -> Main.run("ls", "-s", at, "-l", "/a/b"));
      assertTrue(ls.contains("file") && ls.contains(String.valueOf(content.length)), ls);
      String stat = captureOut(() -> Main.run("stat", "-s", at, "/a/b/file"));
      assertTrue(stat.contains("Size: " + content.length), stat);

      assertEquals(1, Main.run("rm", "-s", at, "/a"), "a non-empty directory is not removed");
      assertEquals(0, Main.run("rm", "-s", at, "/a/b/file", "/a/b", "/a"));
      assertEquals(1, Main.run("stat", "-s", at, "/a"));
    }
  }

  @Test
  void anUnreachableServerExitsWith3AndSaysWhatToDo() {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(3, Main.run("ls", "-s", "127.0.0.1:1", "/"));
    } finally {
      System.setErr(err);
    }
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("is the server running"), buf.toString(StandardCharsets.UTF_8));
  }

  private static String captureOut(java.util.concurrent.Callable<Integer> run) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, run.call());
    } finally {
      System.setOut(out);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}

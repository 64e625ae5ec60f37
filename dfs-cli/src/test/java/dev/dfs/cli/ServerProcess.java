package dev.dfs.cli;

import dev.dfs.protocol.Addresses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real {@code dfs server} in its own JVM, so tests can kill it with SIGKILL. */
final class ServerProcess implements AutoCloseable {
  private static final String READY = "dfs server ready on ";
  final Process process;
  final InetSocketAddress address;
  /** Where the server's stderr (its log) goes. */
  final Path log;

  private ServerProcess(Process process, InetSocketAddress address, Path log) {
    this.process = process;
    this.address = address;
    this.log = log;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  static ServerProcess start(Path data, int port, String... systemProperties) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-opens");
    cmd.add("java.base/java.nio=ALL-UNNAMED");
    cmd.add("--add-opens");
    cmd.add("java.base/sun.nio.ch=ALL-UNNAMED");
    cmd.add("-Xmx256m");
    // The server's own logging configuration (INFO to stderr), not the test one.
    cmd.add("-Dlogback.configurationFile=logback.xml");
    for (String p : systemProperties) {
      cmd.add("-D" + p);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of("server", "--data", data.toString(), "--listen", "127.0.0.1:" + port));
    Path log = Files.createTempFile("dfs-server", ".log");
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(READY)) {
        return new ServerProcess(p, Addresses.parse(line.substring(READY.length()).trim(), 0), log);
      }
    }
    p.destroyForcibly();
    throw new IOException("server process exited before it was ready (exit " + waitQuietly(p) + "): "
        + Files.readString(log));
  }

  private static int waitQuietly(Process p) {
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, the way an init system stops it. The JVM then exits with 143 (128 + SIGTERM). */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temp file
    }
  }
}

package dev.dfs.vfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Vice server on loopback and real FUSE mounts of it in a temporary directory, plus a
 * way to run real programs there. Closing unmounts everything, then stops the server.
 */
final class FuseCell implements AutoCloseable {
  final Path temp;
  final ViceServer server;
  private final List<AutoCloseable> resources = Collections.synchronizedList(new ArrayList<>());
  private final Map<FuseMount, DfsClient> clients = new java.util.concurrent.ConcurrentHashMap<>();
  private int next;

  /** Skips (with the reason) when FUSE cannot work on this machine. */
  static void assumeFuse() {
    String why = FuseMount.unavailableReason().orElse(null);
    Assumptions.assumeTrue(why == null, why);
  }

  /** Skips when {@code program} is not installed. */
  static void assumeProgram(String program) {
    Result r = run(Path.of("/"), Map.of(), 10, "sh", "-c", "command -v " + program);
    Assumptions.assumeTrue(r.code == 0, program + " is not installed");
  }

  FuseCell(Path temp) {
    assumeFuse();
    this.temp = temp;
    server = ViceServer.start(ServerConfig.builder(temp.resolve("server")).listen(new InetSocketAddress("127.0.0.1", 0))
        .build());
  }

  DfsClient client(Consistency mode) {
    int n = ++next;
    DfsClient c = DfsClient.connect(ClientConfig.of(server.address()).withMode(mode)
        .withCache(temp.resolve("cache-" + n), 256L << 20));
    resources.add(c);
    return c;
  }

  /** A new mount of the cell's root, with its own client in {@code mode}. */
  FuseMount mount(Consistency mode) throws IOException {
    return mount(mode, b -> b);
  }

  FuseMount mount(Consistency mode, UnaryOperator<FuseMount.Builder> tweak) throws IOException {
    DfsClient c = client(mode);
    Path mp = Files.createDirectories(temp.resolve("mnt-" + next));
    FuseMount m = FuseMount.mount(tweak.apply(FuseMount.Config.builder(mp, c)).build());
    resources.add(m);
    clients.put(m, c);
    return m;
  }

  /** The client behind {@code m}. */
  DfsClient clientOf(FuseMount m) {
    return clients.get(m);
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    List<AutoCloseable> all = new ArrayList<>(resources);
    Collections.reverse(all); // mounts before their clients
    all.sort((a, b) -> Boolean.compare(!(a instanceof FuseMount), !(b instanceof FuseMount)));
    for (AutoCloseable r : all) {
      try {
        r.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    server.close();
    if (first != null) {
      throw first;
    }
  }

  /** What a program did. */
  record Result(int code, String out, String err) {
    Result ok() {
      assertEquals(0, code, "exit code; stdout: " + out + "\nstderr: " + err);
      return this;
    }
  }

  /** Runs {@code sh -c script} in {@code dir}, at most {@code seconds}. */
  static Result sh(Path dir, String script) {
    return run(dir, Map.of(), 120, "sh", "-c", script);
  }

  static Result run(Path dir, Map<String, String> env, int seconds, String... cmd) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
      pb.environment().putAll(env);
      pb.environment().put("LC_ALL", "C");
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("timed out after " + seconds + " s: " + String.join(" ", cmd));
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t = new Thread(() -> { // own threads: the common pool may have only one
      try (in) {
        f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        f.complete("(unreadable: " + e + ")");
      }
    }, "drain");
    t.setDaemon(true);
    t.start();
    return f;
  }
}

package dev.dfs.client.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache manager's control socket, like AFS's {@code fs} talking to its cache manager: a Unix
 * domain socket in the cache directory on which a running client ({@code dfs mount},
 * {@code dfs up}) answers {@code dfs cache status|flush|evict}. One request line in, the answer
 * out, then the connection closes. Only the owner of the cache directory can reach it.
 */
public final class CacheControl implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CacheControl.class);
  /** The socket's name inside the cache directory. */
  public static final String SOCKET = "control.sock";

  private final Path path;
  private final ServerSocketChannel server;
  private final Thread thread;

  private CacheControl(Path path, ServerSocketChannel server, Function<String, String> handler) {
    this.path = path;
    this.server = server;
    this.thread = new Thread(() -> serve(handler), "dfs-cache-control");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Listens in {@code cacheDir}; {@code handler} turns a request line into the answer text. */
  public static CacheControl listen(Path cacheDir, Function<String, String> handler) {
    Path path = cacheDir.resolve(SOCKET);
    try {
      Files.deleteIfExists(path); // left by a process that died; the cache lock says nobody else is here
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(path));
      return new CacheControl(path, server, handler);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the cache control socket " + path, e);
    }
  }

  /** Sends one request to the client that owns {@code cacheDir} and returns its answer. */
  public static String ask(Path cacheDir, String request) throws IOException {
    Path path = cacheDir.resolve(SOCKET);
    if (!Files.exists(path)) {
      throw new IOException("no running dfs client uses the cache " + cacheDir
          + " (start one with dfs mount or dfs up, or pass --cache DIR)");
    }
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      OutputStream out = Channels.newOutputStream(ch);
      out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      ch.shutdownOutput();
      return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.net.ConnectException e) {
      throw new IOException("the dfs client that used the cache " + cacheDir + " is gone", e);
    }
  }

  private void serve(Function<String, String> handler) {
    while (server.isOpen()) {
      try (SocketChannel ch = server.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
        String request = in.readLine();
        String answer;
        try {
          answer = handler.apply(request == null ? "" : request.trim());
        } catch (RuntimeException e) {
          answer = "error: " + e.getMessage() + "\n";
        }
        Channels.newOutputStream(ch).write(answer.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        if (server.isOpen()) {
          log.debug("cache control request failed: {}", e.toString());
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.debug("closing cache control {}: {}", path, e.toString());
    }
  }
}

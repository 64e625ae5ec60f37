package dev.dfs.bench;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.DfsClient;
import dev.dfs.client.rpc.ServerLink;
import dev.dfs.protocol.Attr;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The DFS: a real {@link ViceServer} on loopback with its data directory where the caller says
 * (put it on the same file system as the local baseline), reached through {@link DfsClient}.
 * Files live under {@code /bench} in the cell. Each session is a client with its own connection.
 */
final class DfsTarget implements Target {
  private static final String DIR = "/bench";

  private final String name;
  private final ViceServer server;

  private DfsTarget(String name, ViceServer server) {
    this.name = name;
    this.server = server;
  }

  /** Starts a server on 127.0.0.1 with an ephemeral port, storing under {@code dataDir}. */
  static DfsTarget start(String name, Path dataDir) {
    ViceServer server = ViceServer.start(
        ServerConfig.builder(dataDir).listen(new InetSocketAddress("127.0.0.1", 0)).build());
    DfsTarget t = new DfsTarget(name, server);
    try (DfsClient c = t.connect()) {
      c.mkdir(DIR, 0755);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return t;
  }

  ViceServer server() {
    return server;
  }

  private DfsClient connect() {
    return DfsClient.connect(ClientConfig.of(server.address()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Session open() {
    return new DfsSession(connect());
  }

  @Override
  public void close() {
    server.close();
  }

  private static String path(String file) {
    return DIR + "/" + file;
  }

  private static final class DfsSession implements Session {
    private final DfsClient client;

    DfsSession(DfsClient client) {
      this.client = client;
    }

    @Override
    public void mkdir(String dir) {
      client.mkdir(path(dir), 0755);
    }

    @Override
    public void store(String file, Payload content) {
      client.put(content.stream(), path(file), 0644, null);
    }

    @Override
    public long fetch(String file, OutputStream sink) {
      Counting out = new Counting(sink);
      client.get(path(file), out, null);
      return out.count;
    }

    @Override
    public Probe probe(String dir, String entry) {
      Fid dirFid = client.stat(path(dir)).fid();
      Attr file = client.stat(path(dir + "/" + entry));
      Fid fid = file.fid();
      ServerLink c = client.link();
      return new Probe() {
        @Override
        public void getattr() {
          c.call(new Request.GetAttr(fid), Reply.Attrs.class);
        }

        @Override
        public void lookup() {
          c.call(new Request.Lookup(dirFid, entry), Reply.Attrs.class);
        }
      };
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /** Counts what passes through to {@code sink}, or drops it if {@code sink} is null. */
  private static final class Counting extends OutputStream {
    private final OutputStream sink;
    long count;

    Counting(OutputStream sink) {
      this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
      count++;
      if (sink != null) {
        sink.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      count += len;
      if (sink != null) {
        sink.write(b, off, len);
      }
    }
  }
}

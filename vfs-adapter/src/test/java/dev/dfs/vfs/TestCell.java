package dev.dfs.vfs;

import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Map;

/** A real Vice server on loopback (port 0) and a dfs: file system on it, for one test class. */
final class TestCell implements AutoCloseable {
  final ViceServer server;
  final URI uri;
  final FileSystem fs;

  TestCell(Path data, Map<String, ?> env) throws IOException {
    server = ViceServer.start(ServerConfig.builder(data).listen(new InetSocketAddress("127.0.0.1", 0)).build());
    uri = DfsFileSystems.uri(server.address());
    fs = DfsFileSystems.newFileSystem(uri, env);
  }

  @Override
  public void close() throws IOException {
    try {
      fs.close();
    } finally {
      server.close();
    }
  }
}

package dev.dfs.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory on a local file system through java.nio, the baseline. With {@code fsync} a store
 * is forced to disk before it returns ({@code FileChannel.force(true)}), as a DFS store is
 * durable when acknowledged; without it the store ends in the page cache, and the dirty pages
 * are forced out untimed in {@link Session#settle} so that they do not slow the next run.
 */
final class LocalTarget implements Target {
  private final String name;
  private final Path root;
  private final boolean fsync;

  LocalTarget(String name, Path root, boolean fsync) throws IOException {
    this.name = name;
    this.root = Files.createDirectories(root);
    this.fsync = fsync;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Session open() {
    return new LocalSession();
  }

  @Override
  public void close() {
    // Nothing held open; the caller deletes the directory with everything in it.
  }

  private final class LocalSession implements Session {
    private final ByteBuffer buffer = ByteBuffer.allocate(Payload.BLOCK);

    @Override
    public void mkdir(String dir) throws IOException {
      Files.createDirectories(root.resolve(dir));
    }

    @Override
    public void store(String file, Payload content) throws IOException {
      try (FileChannel ch = FileChannel.open(root.resolve(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        content.writeTo(ch);
        if (fsync) {
          ch.force(true);
        }
      }
    }

    @Override
    public void settle(String file) throws IOException {
      if (!fsync) {
        try (FileChannel ch = FileChannel.open(root.resolve(file), StandardOpenOption.WRITE)) {
          ch.force(true);
        }
      }
    }

    @Override
    public long fetch(String file, OutputStream sink) throws IOException {
      long total = 0;
      try (FileChannel ch = FileChannel.open(root.resolve(file), StandardOpenOption.READ)) {
        while (true) {
          buffer.clear();
          int n = ch.read(buffer);
          if (n < 0) {
            return total;
          }
          total += n;
          if (sink != null) {
            sink.write(buffer.array(), 0, n);
          }
        }
      }
    }

    @Override
    public Probe probe(String dir, String entry) {
      Path p = root.resolve(dir).resolve(entry);
      return new Probe() {
        @Override
        public void getattr() throws IOException {
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public void lookup() throws IOException {
          if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(p.toString());
          }
        }
      };
    }

    @Override
    public void close() {}
  }
}

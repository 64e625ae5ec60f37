package dev.dfs.server.volume;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content store: immutable chunk files of at most {@link #CHUNK} bytes, each named by a
 * unique 64-bit id, under {@code content/xx/} where {@code xx} is {@link #fanOut} in hex.
 *
 * <p>A chunk file is never changed once it is referenced from LMDB: a write makes new chunks
 * beside the old ones, fsyncs them and their directory, and only then commits the metadata that
 * points at them; the old chunks are deleted after that commit. A chunk file may be shorter
 * than {@link #CHUNK}: the bytes after its end read as zeros. Invariant kept by every writer: a
 * chunk holds no bytes beyond the file's size.
 *
 * <p>Ids are {@code epoch << 40 | counter}: unique across restarts without writing a counter to
 * LMDB for every chunk, because each incarnation has a new epoch.
 */
final class ChunkFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkFiles.class);
  static final int CHUNK = 1 << 20;
  private static final long COUNTER_BITS = 40;

  private final Path root;
  private final long epoch;
  private final AtomicLong counter = new AtomicLong();

  ChunkFiles(Path root, long epoch) {
    this.root = root;
    this.epoch = epoch;
  }

  /** Creates {@code content/} and its 256 fan-out directories (so a new chunk only dirties one). */
  static void createLayout(Path root) {
    try {
      Files.createDirectories(root);
      for (int i = 0; i < 256; i++) {
        Files.createDirectories(root.resolve(String.format("%02x", i)));
      }
      fsyncDir(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create content store " + root, e);
    }
  }

  long newId() {
    long n = counter.incrementAndGet();
    if (n >= (1L << COUNTER_BITS)) {
      throw new DfsException(Status.EIO, "chunk ids of this server incarnation exhausted; restart the server");
    }
    return (epoch << COUNTER_BITS) | n;
  }

  Path path(long id) {
    return root.resolve(String.format("%02x", fanOut(id))).resolve(String.format("%016x", id));
  }

  /** Writes a new chunk file with {@code data[off, off+len)} and forces it to disk. */
  long create(byte[] data, int off, int len) {
    long id = newId();
    Path p = path(id);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(data, off, len);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } catch (IOException e) {
      deleteQuietly(id);
      throw Errors.io("writing chunk " + p.getFileName(), e);
    }
    return id;
  }

  /** Writes {@code data} at {@code pos} of chunk {@code id}, creating it if needed; no fsync (staging). */
  void writeAt(long id, long pos, byte[] data, int off, int len) {
    try (FileChannel ch = FileChannel.open(path(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(data, off, len);
      long p = pos;
      while (b.hasRemaining()) {
        p += ch.write(b, p);
      }
    } catch (IOException e) {
      throw Errors.io("writing staged chunk " + Long.toHexString(id), e);
    }
  }

  /** Cuts chunk {@code id} to at most {@code limit} bytes and forces it to disk (store commit). */
  void finish(long id, long limit) {
    try (FileChannel ch = FileChannel.open(path(id), StandardOpenOption.WRITE)) {
      if (ch.size() > limit) {
        ch.truncate(limit);
      }
      ch.force(true);
    } catch (IOException e) {
      throw Errors.io("syncing staged chunk " + Long.toHexString(id), e);
    }
  }

  /** The whole chunk (at most {@link #CHUNK} bytes). */
  byte[] readAll(long id) {
    try {
      return Files.readAllBytes(path(id));
    } catch (IOException e) {
      throw Errors.io("reading chunk " + Long.toHexString(id), e);
    }
  }

  /**
   * Reads up to {@code len} bytes at {@code pos} of the chunk into {@code dst}; bytes past the
   * chunk's end are left as they are (zeros in a fresh array).
   */
  void read(long id, long pos, byte[] dst, int dstOff, int len) {
    try (FileChannel ch = FileChannel.open(path(id), StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.wrap(dst, dstOff, len);
      long p = pos;
      while (b.hasRemaining()) {
        int n = ch.read(b, p);
        if (n < 0) {
          break;
        }
        p += n;
      }
    } catch (IOException e) {
      throw Errors.io("reading chunk " + Long.toHexString(id), e);
    }
  }

  /**
   * The fan-out directory of a chunk: runs of 256 consecutive ids share one, so the chunks of one
   * store usually land in one directory and its commit syncs one directory, not one per chunk.
   */
  static long fanOut(long id) {
    return (id >>> 8) & 0xff;
  }

  /** Makes the directory entries of new chunks durable (one fsync per fan-out directory). */
  void syncDirs(Collection<Long> ids) {
    Set<Long> dirs = new HashSet<>();
    for (long id : ids) {
      dirs.add(fanOut(id));
    }
    try {
      for (long d : dirs) {
        fsyncDir(root.resolve(String.format("%02x", d)));
      }
    } catch (IOException e) {
      throw Errors.io("syncing content directory", e);
    }
  }

  void delete(Collection<Long> ids) {
    for (long id : ids) {
      deleteQuietly(id);
    }
  }

  void deleteQuietly(long id) {
    try {
      Files.deleteIfExists(path(id));
    } catch (IOException e) {
      // An undeleted chunk is an orphan: the next startup's recovery removes it.
      LOG.debug("could not delete chunk {}: {}", Long.toHexString(id), e.toString());
    }
  }

  /** Startup recovery: deletes every file under {@code content/} that LMDB does not reference. */
  static long[] removeOrphans(Path root, Set<Long> referenced) {
    long files = 0;
    long bytes = 0;
    try (DirectoryStream<Path> fans = Files.newDirectoryStream(root)) {
      for (Path fan : fans) {
        if (!Files.isDirectory(fan)) {
          bytes += sizeQuietly(fan);
          Files.deleteIfExists(fan);
          files++;
          continue;
        }
        try (DirectoryStream<Path> chunks = Files.newDirectoryStream(fan)) {
          for (Path c : chunks) {
            Long id = parseId(c.getFileName().toString());
            if (id == null || !referenced.contains(id)) {
              bytes += sizeQuietly(c);
              Files.deleteIfExists(c);
              files++;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("recovery of content store " + root + " failed", e);
    }
    return new long[] {files, bytes};
  }

  private static Long parseId(String name) {
    if (name.length() != 16) {
      return null;
    }
    try {
      return Long.parseUnsignedLong(name, 16);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long sizeQuietly(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}

package dev.dfs.client.cache;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * The cached content of one version of one file: a sparse local file plus the set of chunks
 * (of {@link Request#MAX_CHUNK} bytes) that hold server data. Chunks not present are fetched on
 * demand by the caller. A container is pinned while a handle uses it and never evicted then,
 * nor while it is dirty (holds writes not yet stored).
 */
public final class Container {
  public static final int CHUNK = Request.MAX_CHUNK;

  private final Fid fid;
  private volatile long version;
  private Path file;
  private FileChannel channel;
  private final BitSet present;
  private long size;
  private boolean dirty;
  private long modifications;
  private boolean stale;
  int pins;
  long lastUse;

  Container(Fid fid, long version, long size, Path file, BitSet present) throws IOException {
    this.fid = fid;
    this.version = version;
    this.size = size;
    this.file = file;
    this.present = present;
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  public Fid fid() {
    return fid;
  }

  /** The server data version this content is (or, when dirty, was based on). */
  public long version() {
    return version;
  }

  public synchronized long size() {
    return size;
  }

  public synchronized boolean dirty() {
    return dirty;
  }

  /** Whether every chunk up to the size is here. */
  public synchronized boolean complete() {
    int chunks = chunkCount(size);
    return present.nextClearBit(0) >= chunks;
  }

  static int chunkCount(long size) {
    return (int) ((size + CHUNK - 1) / CHUNK);
  }

  public synchronized boolean has(int chunk) {
    return present.get(chunk) || (long) chunk * CHUNK >= size;
  }

  /** Chunk indexes in [from, to) that are missing. */
  public synchronized java.util.List<Integer> missing(long from, long to) {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    long end = Math.min(to, size);
    for (long off = from - from % CHUNK; off < end; off += CHUNK) {
      int c = (int) (off / CHUNK);
      if (!present.get(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /** Stores a chunk fetched from the server (data shorter than CHUNK only at the end of file). */
  public synchronized void fill(int chunk, byte[] data) {
    if (present.get(chunk)) {
      return; // never overwrite what is here: it may hold local writes
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(data);
      long pos = (long) chunk * CHUNK;
      while (b.hasRemaining()) {
        pos += channel.write(b, pos);
      }
    } catch (IOException e) {
      throw io("filling the cache", e);
    }
    present.set(chunk);
  }

  /** Reads from local content; the caller made sure the chunks are present. Returns -1 at EOF. */
  public synchronized int read(ByteBuffer dst, long position) {
    if (position >= size) {
      return -1;
    }
    int want = (int) Math.min(dst.remaining(), size - position);
    ByteBuffer slice = dst.slice();
    slice.limit(want);
    try {
      int n = 0;
      while (slice.hasRemaining()) {
        int r = channel.read(slice, position + n);
        if (r < 0) {
          // A hole at the end of the sparse file reads as zeros.
          while (slice.hasRemaining()) {
            slice.put((byte) 0);
          }
          break;
        }
        n += r;
      }
    } catch (IOException e) {
      throw io("reading the cache", e);
    }
    dst.position(dst.position() + want);
    return want;
  }

  /** Writes locally and marks the container dirty (session mode's local writes). */
  public synchronized int write(ByteBuffer src, long position) {
    int n = src.remaining();
    applyWrite(src, position);
    dirty = true;
    modifications++;
    return n;
  }

  /** Counts local changes, so a store can tell whether more came in while it ran. */
  public synchronized long modifications() {
    return modifications;
  }

  /**
   * Applies a write that the server already acknowledged (one-copy and stateless modes keep
   * their cached copy in step with their own writes). A chunk counts as present afterwards if
   * it was before, or if every byte of it outside the write lies past the old end of file (and
   * so is a zero of a hole, as it is in the sparse local file).
   */
  public synchronized void applyWrite(ByteBuffer src, long position) {
    long end = position + src.remaining();
    try {
      long pos = position;
      while (src.hasRemaining()) {
        pos += channel.write(src, pos);
      }
    } catch (IOException e) {
      throw io("writing the cache", e);
    }
    long oldSize = size;
    size = Math.max(size, end);
    long first = Math.min(oldSize, position) / CHUNK;
    for (long c = first; c * CHUNK < end; c++) {
      long cs = c * CHUNK;
      long ce = Math.min(cs + CHUNK, size);
      boolean headKnown = cs >= position || cs >= oldSize;
      boolean tailKnown = end >= ce || end >= oldSize;
      if (headKnown && tailKnown) {
        present.set((int) c);
      }
    }
  }

  public synchronized void truncate(long newSize, boolean local) {
    try {
      if (newSize < size) {
        channel.truncate(newSize);
      }
      // Growing adds a hole: the bytes past the old end are zeros here as on the server.
      for (long off = size - size % CHUNK; off < newSize; off += CHUNK) {
        if (off >= size || present.get((int) (off / CHUNK))) {
          present.set((int) (off / CHUNK));
        }
      }
      size = newSize;
      int chunks = chunkCount(newSize);
      present.clear(chunks, Math.max(chunks, present.length()));
      if (local) {
        dirty = true;
        modifications++;
      }
    } catch (IOException e) {
      throw io("truncating the cache", e);
    }
  }

  /**
   * After a store of the content as it was at modification count {@code snapshot}: it is now
   * version {@code v} on the server, and clean unless it changed again meanwhile.
   */
  synchronized void stored(long v, long snapshot, Path renamedTo) throws IOException {
    dirty = modifications != snapshot;
    this.version = v;
    if (renamedTo != null && !renamedTo.equals(file)) {
      // No fsync: a cache that was not closed cleanly is discarded on the next start.
      Files.move(file, renamedTo, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      file = renamedTo;
    }
  }

  /** A newer version exists on the server: no new opens will use this container. */
  synchronized void markStale() {
    stale = true;
  }

  public synchronized boolean stale() {
    return stale;
  }


  /** For the whole-file store: reads {@code len} bytes at {@code pos} into a new array. */
  public synchronized byte[] readChunk(long pos, int len) {
    ByteBuffer b = ByteBuffer.allocate(len);
    read(b, pos);
    return b.array();
  }

  synchronized BitSet presentCopy() {
    return (BitSet) present.clone();
  }

  synchronized long bytesOnDisk() {
    return Math.min(size, (long) present.cardinality() * CHUNK);
  }

  Path file() {
    return file;
  }

  synchronized void closeChannel() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // the file is going away or the cache is closing
    }
  }

  private DfsException io(String what, IOException e) {
    Status s = String.valueOf(e.getMessage()).contains("No space left") ? Status.ENOSPC : Status.EIO;
    return new DfsException(s, what + " of " + fid + ": " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "Container[" + fid + "@" + version + ", " + size + " bytes" + (dirty ? ", dirty" : "") + "]";
  }

}

package dev.dfs.client;

import dev.dfs.protocol.Attr;
import java.nio.ByteBuffer;

/**
 * An open file. What a read sees and when a write becomes visible to others depends on the
 * client's {@link Consistency}: in session mode the handle works on a local copy that close()
 * stores back; in one-copy and stateless mode each write is on the server when it returns.
 * Not thread-safe for concurrent use of one position-less stream, but every method takes an
 * explicit position, so one handle may serve several threads (as pread/pwrite do).
 */
public interface DfsFile extends AutoCloseable {

  /** The attributes of the file as this handle sees them (its size includes local writes). */
  Attr attr();

  /**
   * Reads into {@code dst} from {@code position}.
   *
   * @return bytes read, or -1 at end of file
   */
  int read(ByteBuffer dst, long position);

  /**
   * Writes all of {@code src} at {@code position} (at the end of file if opened with APPEND);
   * writing past the end leaves a hole that reads as zeros.
   *
   * @return bytes written
   */
  int write(ByteBuffer src, long position);

  /** The current size. */
  long size();

  /** Truncates or extends (with a hole) to {@code size}. */
  void truncate(long size);

  /** Makes every write of this handle durable on the server now (fsync). */
  void sync();

  /** Whether the handle was opened for writing. */
  boolean writable();

  /** Closes the handle; in session mode, stores a modified file. Idempotent. */
  @Override
  void close();
}

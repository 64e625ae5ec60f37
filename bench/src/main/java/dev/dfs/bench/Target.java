package dev.dfs.bench;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A file system under test, seen through the operations the benchmarks time. Every file name is
 * relative to the target's own benchmark directory and uses {@code /} between components.
 * {@link #open()} gives a session per thread: on the DFS a session is a connection of its own.
 */
interface Target extends AutoCloseable {
  /** The column heading in reports. */
  String name();

  /** A new session (on the DFS: a new client with its own connection). */
  Session open() throws IOException;

  @Override
  void close() throws IOException;

  /** The operations of one thread. Not thread-safe. */
  interface Session extends AutoCloseable {
    void mkdir(String name) throws IOException;

    /** Writes {@code content} as the whole content of {@code name}, creating it if absent. */
    void store(String name, Payload content) throws IOException;

    /** Untimed after a store: pushes out whatever the store left for later (dirty pages). */
    default void settle(String name) throws IOException {}

    /**
     * Reads the whole content of {@code name} into {@code sink} (null: read and drop it, as
     * an application that consumes the data as it arrives). Returns the number of bytes read.
     */
    long fetch(String name, OutputStream sink) throws IOException;

    /** Prepares metadata operations on the entry {@code name} of directory {@code dir}. */
    Probe probe(String dir, String name) throws IOException;

    @Override
    void close() throws IOException;
  }

  /** Metadata operations on one prepared entry; each call is one operation. */
  interface Probe {
    /** The attributes of the entry (stat; on the DFS a GETATTR of its FID). */
    void getattr() throws IOException;

    /** Finds the entry by name in its directory (on the DFS a LOOKUP in the directory's FID). */
    void lookup() throws IOException;
  }
}

package dev.dfs.migration.agent;

import java.io.IOException;

/**
 * The contract of the {@code jvm} migration driver: a Java workload that runs in small steps and
 * whose whole state can be captured between two steps and restored on another host.
 *
 * <p>Life cycle, always on one thread at a time: a new instance (public no-argument constructor),
 * {@link #init}, then either steps from the beginning, or {@link #restore} followed by steps from
 * the checkpoint. The driver calls {@link #checkpoint} only between steps and {@link #close} last.
 *
 * <p>Rules a task must keep so that a migration neither loses nor repeats work:
 * <ul>
 *   <li>every file it writes lives on the DFS (under {@link TaskContext#workDir()}), never on the
 *       local disk: after a migration the task runs on another host;
 *   <li>when {@link #checkpoint} returns, everything written so far is on the DFS (close or flush
 *       the files), and the returned state says how far the files go;
 *   <li>{@link #restore} may be given an older checkpoint than the last one this instance's
 *       predecessor made (after a crash or a failed migration): it must undo what was written
 *       after that checkpoint (truncate appended output, for example);
 *   <li>{@link #init} must not change the DFS: it runs before {@link #restore} as well.
 * </ul>
 */
public interface CheckpointableTask extends AutoCloseable {
  /** Called once, first; {@code args} are the job's arguments. Must not write to the DFS. */
  void init(TaskContext ctx, String[] args) throws IOException;

  /** Runs one step; returns {@code false} when the task is finished (no step follows). */
  boolean step() throws IOException;

  /** The whole state between two steps; all output written so far is on the DFS on return. */
  byte[] checkpoint() throws IOException;

  /**
   * Replaces the state with one from {@link #checkpoint}, possibly made on another host. The
   * array is the task's to keep (a large state need not be copied).
   */
  void restore(byte[] state) throws IOException;

  /** Releases files and memory; called once, last, also after a failure. */
  @Override
  default void close() throws IOException {}
}

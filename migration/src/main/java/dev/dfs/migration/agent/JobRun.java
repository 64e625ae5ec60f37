package dev.dfs.migration.agent;

import dev.dfs.migration.policy.JobId;
import java.util.concurrent.ThreadFactory;

/**
 * The {@code jvm} driver for one job on one host: steps a {@link CheckpointableTask} on its own
 * thread and stops it between two steps on request. What the stops are for (checkpoint,
 * migration, shutdown) is the agent's business, through the {@link Listener}.
 */
final class JobRun {
  /** Called on the job's thread. */
  interface Listener {
    /** After every {@code checkpointEverySteps} steps; may checkpoint the task. */
    void periodic(JobRun run) throws Exception;

    /** Once, when the task finished ({@code failure == null}) or failed; the thread ends after. */
    void finished(JobRun run, Throwable failure);
  }

  private enum Phase { NEW, STEPPING, PAUSED, ENDED }

  final JobId job;
  final CheckpointableTask task;
  /** Serialises the agent's record changes for this job; never held while waiting for a freeze. */
  final Object records = new Object();
  /** The record version this run was started or last checkpointed under. */
  volatile long epoch;
  /** The latest checkpoint number, -1 if none. */
  volatile long checkpoint;

  private final Listener listener;
  private final long checkpointEvery;
  private final Object lock = new Object();
  private Phase phase = Phase.NEW;
  private boolean pauseRequested;
  private boolean stopRequested;
  private long steps;
  private Thread thread;

  JobRun(JobId job, CheckpointableTask task, long epoch, long checkpoint, long checkpointEvery, Listener listener) {
    this.job = job;
    this.task = task;
    this.epoch = epoch;
    this.checkpoint = checkpoint;
    this.checkpointEvery = checkpointEvery;
    this.listener = listener;
  }

  void start(ThreadFactory threads) {
    synchronized (lock) {
      if (phase != Phase.NEW) {
        throw new IllegalStateException("job " + job + " was started already");
      }
      phase = Phase.STEPPING;
      thread = threads.newThread(this::loop);
      thread.start();
    }
  }

  /** Steps run by this instance. */
  long steps() {
    synchronized (lock) {
      return steps;
    }
  }

  private void loop() {
    Throwable failure = null;
    try {
      while (true) {
        synchronized (lock) {
          if (pauseRequested) {
            phase = Phase.PAUSED;
            lock.notifyAll();
            while (pauseRequested && !stopRequested) {
              lock.wait();
            }
            if (stopRequested) {
              phase = Phase.ENDED;
              lock.notifyAll();
              return; // stopped by the agent: no listener call, the agent owns what follows
            }
            phase = Phase.STEPPING;
          }
        }
        boolean more = task.step();
        long n;
        synchronized (lock) {
          n = ++steps;
        }
        if (!more) {
          break;
        }
        if (checkpointEvery > 0 && n % checkpointEvery == 0) {
          listener.periodic(this);
        }
      }
    } catch (Throwable t) {
      failure = t;
    }
    synchronized (lock) {
      phase = Phase.ENDED;
      lock.notifyAll();
    }
    listener.finished(this, failure);
  }

  /**
   * Stops the task between two steps and waits for it. Returns true if it is paused now, false
   * if it had ended (finished or failed) instead.
   */
  boolean freeze() throws InterruptedException {
    synchronized (lock) {
      pauseRequested = true;
      lock.notifyAll();
      while (phase == Phase.STEPPING) {
        lock.wait();
      }
      return phase == Phase.PAUSED;
    }
  }

  /** Lets a paused task step again. */
  void thaw() {
    synchronized (lock) {
      pauseRequested = false;
      lock.notifyAll();
    }
  }

  /** Ends a paused (or never started) run's thread without any listener call, and waits for it. */
  void stop() throws InterruptedException {
    Thread t;
    synchronized (lock) {
      if (phase == Phase.STEPPING) {
        throw new IllegalStateException("job " + job + " must be frozen before it is stopped");
      }
      stopRequested = true;
      lock.notifyAll();
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      t.join();
    }
  }
}

package dev.dfs.migration.agent;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.HostLoad;
import dev.dfs.migration.policy.JobId;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The migration service's agent on one host (the entry class of {@code dev.dfs.migration.agent}):
 * measures the host's load, runs {@link CheckpointableTask} jobs with the {@code jvm} driver, and
 * moves them to and from other hosts through checkpoints on the shared DFS.
 *
 * <p>Everything about a job lives on the DFS under {@code <jobsRoot>/<job>/}: the record
 * {@code job.properties} ({@link JobRecord}, which also states the rule that keeps a job on one
 * host at a time), the checkpoints {@code checkpoint-<n>} (each written to a temporary file and
 * renamed into place with {@code ATOMIC_MOVE}) and the task's working directory {@code work/}.
 * An agent restarted with the same host id picks its jobs up again with {@link #recover()}.
 *
 * <p>Migration is stop-and-copy: the source freezes the job between two steps, writes a
 * checkpoint and a MIGRATING record, and the target restores the checkpoint and records RUNNING
 * before it steps. If the target fails, the source resumes the job from the same checkpoint.
 * Calls between agents are plain method calls for now.
 */
public final class HostAgent implements AutoCloseable {
  private final AgentConfig config;
  private final HostId self;
  private final JobStore store;
  private final LoadMonitor monitor;
  private final ConcurrentHashMap<JobId, JobRun> runs = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private HostAgent(AgentConfig config) {
    this.config = config;
    this.self = config.host();
    this.store = new JobStore(config.jobsRoot(), config.host());
    this.monitor = new LoadMonitor(config.proc());
  }

  /** An agent for {@code config}; it runs nothing until asked (see {@link #recover()}). */
  public static HostAgent start(AgentConfig config) {
    return new HostAgent(Objects.requireNonNull(config, "config"));
  }

  /** This agent's host. */
  public HostId id() {
    return self;
  }

  /** A load measurement now: run queue, CPU and memory of the host, jobs here, the owner. */
  public HostLoad load() {
    return monitor.sample(self, runs.size(), config.owner(), config.ticker().millis());
  }

  /** The jobs stepping (or being frozen) on this host now. */
  public Set<JobId> runningJobs() {
    return new TreeSet<>(runs.keySet());
  }

  /** The current record of {@code job}, read from the DFS. */
  public JobRecord record(JobId job) throws IOException {
    return store.read(job);
  }

  /** Every job with a record on the DFS. */
  public List<JobId> jobs() throws IOException {
    return store.list();
  }

  /** As {@link #submit(JobId, String, List)} with a class. */
  public JobRecord submit(JobId job, Class<? extends CheckpointableTask> type, String... args) throws IOException {
    return submit(job, type.getName(), List.of(args));
  }

  /**
   * Starts a new job here: records it RUNNING on this host at epoch 1, then steps it.
   *
   * @throws ConcurrentJobChangeException if a job of that id exists
   */
  public JobRecord submit(JobId job, String taskClass, List<String> args) throws IOException {
    checkOpen();
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(taskClass, "taskClass");
    List<String> a = List.copyOf(args);
    Files.createDirectories(workDir(job));
    JobRecord r = new JobRecord(job, taskClass, a, JobState.RUNNING, self, null, 1, -1,
        List.of("1 " + config.ticker().millis() + " RUNNING " + self + " submitted"));
    JobRun run = launch(r, null);
    try {
      store.write(r);
    } catch (IOException | RuntimeException e) {
      closeQuietly(run.task, e);
      throw e;
    }
    begin(run, r);
    return r;
  }

  /**
   * Moves {@code job}, running here, to {@code target}. Returns the report; if the target fails,
   * the job runs here again from the same checkpoint and the report says so
   * ({@link MigrationReport#migrated()} false).
   *
   * @throws IllegalStateException if the job does not run here or finished meanwhile
   * @throws IOException if the checkpoint could not be written (the job keeps running here)
   */
  public MigrationReport migrateOut(JobId job, HostAgent target) throws IOException {
    checkOpen();
    Objects.requireNonNull(target, "target");
    if (target.id().equals(self)) {
      throw new IllegalArgumentException("cannot migrate job " + job + " to its own host " + self);
    }
    long t0 = config.nanoClock().getAsLong();
    JobRun run = runs.get(job);
    if (run == null) {
      throw new IllegalStateException("job " + job + " does not run on " + self);
    }
    if (!freeze(run)) {
      throw new IllegalStateException("job " + job + " finished before it could be migrated");
    }
    long n;
    long bytes;
    JobRecord migrating;
    synchronized (run.records) {
      try {
        n = run.checkpoint + 1;
        bytes = store.writeCheckpoint(job, n, run.task.checkpoint());
        JobRecord cur = owned(run);
        migrating = cur.next(JobState.MIGRATING, self, target.id(), n, config.ticker().millis(), "to " + target.id());
        store.write(migrating);
      } catch (ConcurrentJobChangeException e) {
        abandon(run, e);
        throw e;
      } catch (IOException | RuntimeException e) {
        run.thaw(); // nothing moved: the job goes on here
        throw e;
      }
      abandon(run, null);
    }
    String failure = "";
    try {
      target.migrateIn(job, migrating.epoch());
    } catch (Exception e) {
      failure = e.toString();
    }
    long resumed;
    if (failure.isEmpty()) {
      resumed = config.nanoClock().getAsLong();
    } else {
      JobRecord cur = store.read(job);
      if (cur.epoch() == migrating.epoch()) {
        resumeHere(cur, "rollback: " + failure.replace('\n', ' '));
      } else if (!(cur.state() == JobState.RUNNING && cur.host().equals(target.id()))) {
        throw new IllegalStateException("job " + job + " changed during a failed migration: " + cur);
      } else {
        failure = ""; // the target took it after all
      }
      resumed = config.nanoClock().getAsLong();
    }
    if (failure.isEmpty()) {
      try {
        store.pruneCheckpoints(job, n); // older checkpoints are of no use now
      } catch (IOException e) {
        // left behind, harmless: the record names the checkpoint that counts
      }
    }
    long end = config.nanoClock().getAsLong();
    return new MigrationReport(job, self, target.id(), failure.isEmpty(), n, Duration.ofNanos(resumed - t0),
        Duration.ofNanos(end - t0), bytes, failure);
  }

  /**
   * Takes {@code job} over from a migration: restores its latest checkpoint here, records it
   * RUNNING on this host and steps it.
   *
   * @param epoch the epoch of the MIGRATING record the source wrote
   * @throws IllegalStateException if the record is not that MIGRATING version aimed at this host
   */
  public JobRecord migrateIn(JobId job, long epoch) throws IOException {
    checkOpen();
    JobRecord cur = store.read(job);
    if (cur.state() != JobState.MIGRATING || !self.equals(cur.target()) || cur.epoch() != epoch) {
      throw new IllegalStateException("job " + job + " is not migrating to " + self + " at epoch " + epoch + ": "
          + cur.state() + " epoch " + cur.epoch());
    }
    return resumeHere(cur, "from " + cur.host());
  }

  /** Stops {@code job}, running here, with a checkpoint, and records it FROZEN on this host. */
  public JobRecord freeze(JobId job) throws IOException {
    checkOpen();
    JobRun run = runs.get(job);
    if (run == null || !freeze(run)) {
      throw new IllegalStateException("job " + job + " does not run on " + self);
    }
    synchronized (run.records) {
      try {
        long n = run.checkpoint + 1;
        store.writeCheckpoint(job, n, run.task.checkpoint());
        JobRecord r = owned(run).next(JobState.FROZEN, self, null, n, config.ticker().millis(), "");
        store.write(r);
        abandon(run, null);
        return r;
      } catch (ConcurrentJobChangeException e) {
        abandon(run, e);
        throw e;
      } catch (IOException | RuntimeException e) {
        run.thaw();
        throw e;
      }
    }
  }

  /** Resumes {@code job}, FROZEN on this host, from its checkpoint. */
  public JobRecord resume(JobId job) throws IOException {
    checkOpen();
    JobRecord cur = store.read(job);
    if (cur.state() != JobState.FROZEN || !cur.host().equals(self)) {
      throw new IllegalStateException("job " + job + " is not frozen on " + self + ": " + cur.state() + " on "
          + cur.host());
    }
    return resumeHere(cur, "resumed");
  }

  /**
   * Resumes the jobs whose records say they run on this host but that do not (after a restart of
   * the agent), from their latest checkpoints; returns them.
   */
  public List<JobId> recover() throws IOException {
    checkOpen();
    List<JobId> resumed = new ArrayList<>();
    for (JobId job : store.list()) {
      JobRecord r = store.read(job);
      if (r.host().equals(self) && (r.state() == JobState.RUNNING || r.state() == JobState.MIGRATING)
          && !runs.containsKey(job)) {
        resumeHere(r, "recovered");
        resumed.add(job);
      }
    }
    return resumed;
  }

  /**
   * Waits until {@code job} is DONE or FAILED, wherever it runs, and returns that record.
   *
   * @throws InterruptedIOException on timeout or interruption
   */
  public JobRecord awaitFinal(JobId job, Duration timeout) throws IOException {
    long deadline = config.nanoClock().getAsLong() + timeout.toNanos();
    while (true) {
      JobRecord r = store.read(job);
      if (r.state().isFinal()) {
        return r;
      }
      if (config.nanoClock().getAsLong() - deadline > 0) {
        throw new InterruptedIOException("job " + job + " still " + r.state() + " after " + timeout);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for job " + job);
      }
    }
  }

  /**
   * Stops every job here with a checkpoint; their records stay RUNNING on this host, so an agent
   * started again with this host id resumes them with {@link #recover()}. Idempotent; the file
   * system stays open.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException first = null;
    for (JobRun run : new ArrayList<>(runs.values())) {
      try {
        if (!freeze(run)) {
          continue;
        }
        synchronized (run.records) {
          try {
            long n = run.checkpoint + 1;
            store.writeCheckpoint(run.job, n, run.task.checkpoint());
            store.write(owned(run).next(JobState.RUNNING, self, null, n, config.ticker().millis(), "agent closed"));
          } finally {
            abandon(run, null);
          }
        }
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  // ---- internals ----

  private Path workDir(JobId job) {
    return store.dir(job).resolve("work");
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("agent " + self + " is closed");
    }
  }

  private static boolean freeze(JobRun run) throws InterruptedIOException {
    try {
      return run.freeze();
    } catch (InterruptedException e) {
      run.thaw();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted freezing job " + run.job);
    }
  }

  /** The current record if this run still owns it (same epoch, RUNNING here). */
  private JobRecord owned(JobRun run) throws IOException {
    JobRecord cur = store.read(run.job);
    if (cur.epoch() != run.epoch || cur.state() != JobState.RUNNING || !cur.host().equals(self)) {
      throw new ConcurrentJobChangeException(run.job, run.epoch + 1);
    }
    return cur;
  }

  /** Ends a frozen run here without touching its record. */
  private void abandon(JobRun run, Exception cause) {
    runs.remove(run.job, run);
    try {
      run.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(run.task, cause);
  }

  /** Restores {@code cur}'s latest checkpoint here, claims the next epoch as RUNNING here, steps. */
  private JobRecord resumeHere(JobRecord cur, String note) throws IOException {
    byte[] state = cur.checkpoint() >= 0 ? store.readCheckpoint(cur.job(), cur.checkpoint()) : null;
    JobRun run = launch(cur, state);
    JobRecord next;
    try {
      next = cur.next(JobState.RUNNING, self, null, cur.checkpoint(), config.ticker().millis(), note);
      store.write(next);
    } catch (IOException | RuntimeException e) {
      closeQuietly(run.task, e);
      throw e;
    }
    begin(run, next);
    return next;
  }

  /** A new, initialised (and, given a state, restored) task for {@code r}, not yet stepping. */
  private JobRun launch(JobRecord r, byte[] state) throws IOException {
    CheckpointableTask task = instantiate(r.taskClass());
    try {
      task.init(new TaskContext(r.job(), self, config.fileSystem(), workDir(r.job())),
          r.args().toArray(new String[0]));
      if (state != null) {
        task.restore(state);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(task, e);
      throw e;
    }
    return new JobRun(r.job(), task, r.epoch(), r.checkpoint(), config.checkpointEverySteps(), listener);
  }

  private void begin(JobRun run, JobRecord r) {
    run.epoch = r.epoch();
    run.checkpoint = r.checkpoint();
    if (runs.putIfAbsent(r.job(), run) != null) {
      closeQuietly(run.task, null);
      throw new IllegalStateException("job " + r.job() + " already runs on " + self);
    }
    run.start(config.threads());
  }

  private static CheckpointableTask instantiate(String className) {
    try {
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      Class<?> c = Class.forName(className, true, cl != null ? cl : HostAgent.class.getClassLoader());
      if (!CheckpointableTask.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException("not a CheckpointableTask: " + className);
      }
      return (CheckpointableTask) c.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot instantiate task class " + className + ": " + e, e);
    }
  }

  private static void closeQuietly(CheckpointableTask task, Exception cause) {
    try {
      task.close();
    } catch (Exception e) {
      if (cause != null) {
        cause.addSuppressed(e);
      }
    }
  }

  private final JobRun.Listener listener = new JobRun.Listener() {
    @Override
    public void periodic(JobRun run) throws IOException {
      synchronized (run.records) {
        long n = run.checkpoint + 1;
        store.writeCheckpoint(run.job, n, run.task.checkpoint());
        JobRecord r = owned(run).next(JobState.RUNNING, self, null, n, config.ticker().millis(), "checkpoint");
        store.write(r);
        run.epoch = r.epoch();
        run.checkpoint = n;
        store.pruneCheckpoints(run.job, n);
      }
    }

    @Override
    public void finished(JobRun run, Throwable failure) {
      runs.remove(run.job, run);
      closeQuietly(run.task, null);
      synchronized (run.records) {
        try {
          JobRecord cur = owned(run); // a run fenced off by another agent writes nothing
          String note = failure == null ? "" : String.valueOf(failure).replace('\n', ' ');
          store.write(cur.next(failure == null ? JobState.DONE : JobState.FAILED, self, null, cur.checkpoint(),
              config.ticker().millis(), note));
        } catch (IOException | RuntimeException e) {
          // the record stays as it was: recover() or the new owner decides
        }
      }
    }
  };
}

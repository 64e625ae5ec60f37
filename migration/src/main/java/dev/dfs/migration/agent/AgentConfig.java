package dev.dfs.migration.agent;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.Ticker;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * The immutable configuration of a {@link HostAgent}; build it with {@link #builder}.
 *
 * @param host this agent's host id
 * @param fileSystem the DFS every agent of the cell shares; the agent never closes it
 * @param jobsRoot directory of job records and checkpoints on the DFS (default {@code /jobs})
 * @param proc the Linux {@code /proc} directory to measure load from (default {@code /proc})
 * @param owner the owner's activity (default: no owner)
 * @param ticker wall clock for record history, in milliseconds
 * @param nanoClock monotonic clock for the migration measurements, in nanoseconds
 * @param threads makes the threads that step the jobs
 * @param checkpointEverySteps a periodic checkpoint every so many steps, 0 for none
 */
public record AgentConfig(
    HostId host,
    FileSystem fileSystem,
    Path jobsRoot,
    Path proc,
    OwnerActivity owner,
    Ticker ticker,
    LongSupplier nanoClock,
    ThreadFactory threads,
    long checkpointEverySteps) {

  /** Checks every value at once. */
  public AgentConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(fileSystem, "fileSystem");
    Objects.requireNonNull(jobsRoot, "jobsRoot");
    Objects.requireNonNull(proc, "proc");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(nanoClock, "nanoClock");
    Objects.requireNonNull(threads, "threads");
    if (jobsRoot.getFileSystem() != fileSystem || !jobsRoot.isAbsolute()) {
      throw new IllegalArgumentException("jobsRoot must be an absolute path on the DFS: " + jobsRoot);
    }
    if (checkpointEverySteps < 0) {
      throw new IllegalArgumentException("checkpointEverySteps must be >= 0: " + checkpointEverySteps);
    }
  }

  /** A builder for host {@code host} on {@code fileSystem}, with the defaults above. */
  public static Builder builder(HostId host, FileSystem fileSystem) {
    return new Builder(host, fileSystem);
  }

  /** Builds an {@link AgentConfig}; each setter checks its argument at once. */
  public static final class Builder {
    private final HostId host;
    private final FileSystem fileSystem;
    private Path jobsRoot;
    private Path proc = Path.of("/proc");
    private OwnerActivity owner = OwnerActivity.none();
    private Ticker ticker = System::currentTimeMillis;
    private LongSupplier nanoClock = System::nanoTime;
    private ThreadFactory threads;
    private long checkpointEverySteps;

    private Builder(HostId host, FileSystem fileSystem) {
      this.host = Objects.requireNonNull(host, "host");
      this.fileSystem = Objects.requireNonNull(fileSystem, "fileSystem");
      this.jobsRoot = fileSystem.getPath("/jobs");
      this.threads = r -> {
        Thread t = new Thread(r, "job@" + host);
        t.setDaemon(true);
        return t;
      };
    }

    /** The jobs directory on the DFS, an absolute path. */
    public Builder jobsRoot(String absolutePath) {
      Path p = fileSystem.getPath(Objects.requireNonNull(absolutePath, "jobsRoot"));
      if (!p.isAbsolute()) {
        throw new IllegalArgumentException("jobsRoot must be absolute: " + absolutePath);
      }
      this.jobsRoot = p;
      return this;
    }

    /** The {@code /proc} directory (a local path). */
    public Builder proc(Path dir) {
      this.proc = Objects.requireNonNull(dir, "proc");
      return this;
    }

    /** The source of the owner's activity. */
    public Builder owner(OwnerActivity activity) {
      this.owner = Objects.requireNonNull(activity, "owner");
      return this;
    }

    /** The wall clock for record history. */
    public Builder ticker(Ticker t) {
      this.ticker = Objects.requireNonNull(t, "ticker");
      return this;
    }

    /** The monotonic nanosecond clock for migration measurements. */
    public Builder nanoClock(LongSupplier clock) {
      this.nanoClock = Objects.requireNonNull(clock, "nanoClock");
      return this;
    }

    /** The factory of job threads. */
    public Builder threads(ThreadFactory factory) {
      this.threads = Objects.requireNonNull(factory, "threads");
      return this;
    }

    /** A periodic checkpoint every {@code steps} steps; 0 for none. */
    public Builder checkpointEverySteps(long steps) {
      if (steps < 0) {
        throw new IllegalArgumentException("checkpointEverySteps must be >= 0: " + steps);
      }
      this.checkpointEverySteps = steps;
      return this;
    }

    /** The configuration. */
    public AgentConfig build() {
      return new AgentConfig(host, fileSystem, jobsRoot, proc, owner, ticker, nanoClock, threads,
          checkpointEverySteps);
    }
  }
}

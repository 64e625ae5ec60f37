package dev.dfs.migration.agent;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.JobId;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link CheckpointableTask} is given to run: its DFS and a working directory there. The
 * path is location transparent, so it means the same file on every host the job migrates to.
 *
 * @param job the job the task belongs to
 * @param host the host the task runs on now (for output and diagnostics only)
 * @param fileSystem the DFS; shared with the agent, so the task must not close it
 * @param workDir the job's working directory on the DFS, existing
 */
public record TaskContext(JobId job, HostId host, FileSystem fileSystem, Path workDir) {
  /** Checks that nothing is missing and that {@code workDir} is on {@code fileSystem}. */
  public TaskContext {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(fileSystem, "fileSystem");
    Objects.requireNonNull(workDir, "workDir");
    if (workDir.getFileSystem() != fileSystem) {
      throw new IllegalArgumentException("workDir is not on the task's file system: " + workDir);
    }
  }
}

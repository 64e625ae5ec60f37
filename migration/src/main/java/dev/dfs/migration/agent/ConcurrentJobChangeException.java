package dev.dfs.migration.agent;

import dev.dfs.migration.policy.JobId;
import java.io.IOException;

/** Another agent wrote the job's record first: the epoch this agent wanted is taken. */
public final class ConcurrentJobChangeException extends IOException {
  private static final long serialVersionUID = 1L;

  ConcurrentJobChangeException(JobId job, long epoch) {
    super("job " + job + ": epoch " + epoch + " was claimed by another agent");
  }
}

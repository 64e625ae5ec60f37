package dev.dfs.migration.agent;

/**
 * The states of a job record. Allowed transitions (each one a new epoch, see {@link JobRecord}):
 * <pre>
 *   (new) -> RUNNING
 *   RUNNING -> FROZEN | MIGRATING | DONE | FAILED | RUNNING (checkpoint, restart on the same host)
 *   FROZEN -> RUNNING | MIGRATING
 *   MIGRATING -> RUNNING (on the target; or on the source again: rollback)
 * </pre>
 * DONE and FAILED are final.
 */
public enum JobState {
  /** Stepping on {@link JobRecord#host()}, and only there. */
  RUNNING,
  /** Stopped on {@link JobRecord#host()} with its state in the latest checkpoint. */
  FROZEN,
  /** Stopped; the latest checkpoint is being restored on {@link JobRecord#target()}. */
  MIGRATING,
  /** Finished normally. */
  DONE,
  /** Stopped by an error of the task. */
  FAILED;

  /** Whether the job can never run again. */
  public boolean isFinal() {
    return this == DONE || this == FAILED;
  }

  /** Whether a record may go from this state to {@code next}. */
  public boolean canBecome(JobState next) {
    return switch (this) {
      case RUNNING -> true;
      case FROZEN -> next == RUNNING || next == MIGRATING || next == FROZEN;
      case MIGRATING -> next == RUNNING;
      case DONE, FAILED -> false;
    };
  }
}

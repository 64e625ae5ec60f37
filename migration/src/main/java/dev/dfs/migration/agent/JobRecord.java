package dev.dfs.migration.agent;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.JobId;
import java.util.List;
import java.util.Objects;

/**
 * One version of a job's record, as kept on the DFS in {@code /jobs/<job>/job.properties}.
 *
 * <p><b>The one-host rule.</b> Every version has an epoch, and version {@code e} may be written
 * only by the agent that created the marker file {@code /jobs/<job>/epoch-<e>} with
 * {@code CREATE_NEW} (exclusive on the server, so one agent wins each epoch). An agent that read
 * version {@code e} claims {@code e + 1}; if the claim fails somebody else changed the job first
 * and the agent re-reads. The record itself is replaced with a temporary file and
 * {@code ATOMIC_MOVE}, so readers see a whole version. A host steps a job only between writing a
 * RUNNING version naming itself and stopping the job before it writes the next version; the
 * source of a migration stops (freezes) the job before it writes MIGRATING, and the target
 * writes RUNNING before its first step, so the job never runs on two hosts at once. Markers are
 * never deleted (an epoch is never reused).
 *
 * @param job the job
 * @param taskClass the {@link CheckpointableTask} class name
 * @param args the task's arguments
 * @param state the state of this version
 * @param host the host that runs (or ran, or holds) the job
 * @param target the target of a migration, or {@code null} unless the state is MIGRATING
 * @param epoch the version number, from 1
 * @param checkpoint the number of the latest checkpoint, or -1 if none
 * @param history one line per version: {@code epoch millis state host [note]}
 */
public record JobRecord(
    JobId job,
    String taskClass,
    List<String> args,
    JobState state,
    HostId host,
    HostId target,
    long epoch,
    long checkpoint,
    List<String> history) {

  /** Checks every value and copies the lists. */
  public JobRecord {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(taskClass, "taskClass");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(host, "host");
    args = List.copyOf(args);
    history = List.copyOf(history);
    if (taskClass.isBlank()) {
      throw new IllegalArgumentException("taskClass must not be blank");
    }
    if ((state == JobState.MIGRATING) != (target != null)) {
      throw new IllegalArgumentException("target must be set exactly when MIGRATING: " + state + " target=" + target);
    }
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1: " + epoch);
    }
    if (checkpoint < -1) {
      throw new IllegalArgumentException("checkpoint must be >= -1: " + checkpoint);
    }
  }

  /**
   * The next version: {@code epoch + 1} in {@code newState} on {@code newHost}, with a history
   * line. Throws {@link IllegalStateException} if the transition is not allowed.
   */
  JobRecord next(JobState newState, HostId newHost, HostId newTarget, long newCheckpoint, long millis, String note) {
    if (!state.canBecome(newState)) {
      throw new IllegalStateException("job " + job + " cannot go from " + state + " to " + newState);
    }
    List<String> h = new java.util.ArrayList<>(history);
    h.add((epoch + 1) + " " + millis + " " + newState + " " + newHost + (note.isEmpty() ? "" : " " + note));
    return new JobRecord(job, taskClass, args, newState, newHost, newTarget, epoch + 1, newCheckpoint, h);
  }
}

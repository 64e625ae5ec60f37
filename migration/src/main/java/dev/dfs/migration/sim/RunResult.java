package dev.dfs.migration.sim;

import java.util.Arrays;
import java.util.List;

/**
 * The outcome of one simulation run.
 *
 * @param outcomes one per completed job, in completion order
 * @param migrations migrations started (with state)
 * @param evictions restarts from scratch (Condor without checkpoints)
 * @param messages load broadcasts (one per receiver) plus probes
 * @param rejected decisions dropped because the state had changed
 * @param workDemanded total CPU work of the jobs, reference seconds
 * @param workExecuted CPU work executed, reference seconds (includes work lost to restarts)
 * @param workLost work thrown away by restarts
 * @param makespan time of the last completion, s
 * @param utilisation mean over hosts of the fraction of the makespan with a job running
 * @param ownerInterference foreign-job seconds run on hosts whose owner was active
 */
public record RunResult(List<JobOutcome> outcomes, int migrations, int evictions, long messages, int rejected,
    double workDemanded, double workExecuted, double workLost, double makespan, double utilisation,
    double ownerInterference) {

  /** Copies the outcomes. */
  public RunResult {
    outcomes = List.copyOf(outcomes);
  }

  /** Mean slowdown over jobs. */
  public double meanSlowdown() {
    return outcomes.stream().mapToDouble(JobOutcome::slowdown).average().orElse(0);
  }

  /** Mean response time, s. */
  public double meanResponse() {
    return outcomes.stream().mapToDouble(JobOutcome::response).average().orElse(0);
  }

  /** The {@code q}-quantile (0..1, nearest rank) of response time, s. */
  public double responseQuantile(double q) {
    double[] r = outcomes.stream().mapToDouble(JobOutcome::response).sorted().toArray();
    if (r.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(q * r.length) - 1;
    return r[Math.max(0, Math.min(r.length - 1, i))];
  }

  @Override
  public String toString() {
    return "RunResult[jobs=" + outcomes.size() + ", slowdown=" + meanSlowdown() + ", migrations=" + migrations
        + ", evictions=" + evictions + ", messages=" + messages + ", makespan=" + makespan + "]"
        + Arrays.toString(new double[] {workDemanded, workExecuted, workLost});
  }
}

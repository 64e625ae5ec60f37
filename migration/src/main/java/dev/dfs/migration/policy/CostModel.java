package dev.dfs.migration.policy;

/**
 * The opportunity-cost model of Amir, Awerbuch, Barak, Borgstrom and Keren ("An Opportunity
 * Cost Approach for Job Assignment in a Scalable Computing Cluster", IEEE TPDS 11(7), 2000).
 * The seed notes: it "converts usage of heterogeneous resources (CPU, memory, IO) into a single,
 * homogeneous cost using a specific cost function" — {@code cost = p^utilization(r)},
 * {@code Machine_cost = Σ_r p^utilization(r)} — and "assigns/migrates a job to the machine on
 * which it incurs the lowest cost".
 *
 * <p>Here the resources are CPU and memory. CPU utilisation is the run queue over
 * {@code cpuJobsPerSpeed × speed} (a machine of speed 1 is "full" at {@code cpuJobsPerSpeed}
 * runnable jobs); memory utilisation is used over installed memory, and may exceed 1, where the
 * exponential cost grows steeply (thrashing). The base {@code p} is the number of machines in
 * the cluster unless given ({@code base <= 0}), as in the paper's choice of a base growing with
 * the cluster size.
 *
 * @param base the base p; {@code <= 0} means "the number of hosts in the view" (at least 2)
 * @param cpuJobsPerSpeed runnable jobs per unit of speed that count as full CPU utilisation
 */
record CostModel(double base, double cpuJobsPerSpeed) {
  CostModel {
    if (!(cpuJobsPerSpeed > 0)) {
      throw new IllegalArgumentException("cpuJobsPerSpeed must be positive: " + cpuJobsPerSpeed);
    }
    if (Double.isNaN(base) || base > 0 && base <= 1) {
      throw new IllegalArgumentException("base must be > 1 (or <= 0 for the cluster size): " + base);
    }
  }

  /** The base p for a view. */
  double base(ClusterView view) {
    return base > 0 ? base : Math.max(2, view.hosts().size());
  }

  /** Σ_r p^u(r) for a host of {@code capabilities} with {@code load}. */
  double machineCost(double p, HostCapabilities capabilities, HostLoad load) {
    double cpu = load.runQueue() / (cpuJobsPerSpeed * capabilities.cpuSpeed());
    double memory = load.memoryUtilisation();
    return Math.pow(p, cpu) + Math.pow(p, memory);
  }

  /** The increase in {@code host}'s cost if {@code job} ran there too. */
  double marginalCost(double p, HostState host, Job job) {
    return machineCost(p, host.capabilities(), host.load().plusJob(job.memoryMb()))
        - machineCost(p, host.capabilities(), host.load());
  }

  /** The decrease in {@code host}'s cost if {@code job} (running there) left. */
  double removalGain(double p, HostState host, Job job) {
    return machineCost(p, host.capabilities(), host.load())
        - machineCost(p, host.capabilities(), host.load().minusJob(job.memoryMb()));
  }
}

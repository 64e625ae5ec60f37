package dev.dfs.migration.sim;

import dev.dfs.migration.policy.HostCapabilities;
import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.Job;
import dev.dfs.migration.policy.JobId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/** Clusters and workloads: the paper's cluster, randomised scenarios, and trace files. */
final class Workloads {
  private Workloads() {}

  /**
   * The seed's cluster (Amir et al., evaluation): three Pentium Pro 200 MHz with 64 MB, two
   * Pentium 133 MHz with 32 MB, one 90 MHz laptop with 24 MB. Speeds relative to 200 MHz.
   */
  static List<Machine> paperCluster() {
    return List.of(
        Machine.of("fast-1", 1.0, 64), Machine.of("fast-2", 1.0, 64), Machine.of("fast-3", 1.0, 64),
        Machine.of("medium-1", 133 / 200.0, 32), Machine.of("medium-2", 133 / 200.0, 32),
        Machine.of("slow", 90 / 200.0, 24));
  }

  /**
   * Parameters of a randomised scenario.
   *
   * @param load offered CPU load as a fraction of the cluster's total speed
   * @param minDuration shortest arrival window, s
   * @param maxDuration longest arrival window, s
   * @param owners whether workstation owners come and go
   */
  record Params(double load, double minDuration, double maxDuration, boolean owners) {
    static final double SHORT_MEAN = 100;
    static final double LONG_MEAN = 600;
    static final double LONG_FRACTION = 0.3;
    static final double OWNER_ACTIVE_MEAN = 600;
    static final double OWNER_IDLE_MEAN = 1200;

    double meanWork() {
      return (1 - LONG_FRACTION) * SHORT_MEAN + LONG_FRACTION * LONG_MEAN;
    }
  }

  /**
   * A random scenario: Poisson arrivals at a uniformly random origin over a window drawn from
   * [minDuration, maxDuration]; CPU work hyper-exponential (70% mean 100 s, 30% mean 600 s, at
   * speed 1); memory 65% uniform 1..10 MiB, 35% uniform 10..32 MiB (a large job fills a medium
   * machine or half a fast one, so memory, not only CPU, decides where jobs fit). With owners, each
   * workstation alternates idle (mean 20 min) and active (mean 10 min) periods, exponentially.
   */
  static Scenario random(long seed, List<Machine> machines, Params p) {
    SplittableRandom r = new SplittableRandom(seed);
    double capacity = machines.stream().mapToDouble(m -> m.capabilities().cpuSpeed()).sum();
    double rate = p.load() * capacity / p.meanWork();
    double duration = p.minDuration() + r.nextDouble() * (p.maxDuration() - p.minDuration());
    List<Arrival> arrivals = new ArrayList<>();
    double t = exp(r, 1 / rate);
    int n = 0;
    while (t < duration) {
      double work = Math.max(1, exp(r, r.nextDouble() < Params.LONG_FRACTION ? Params.LONG_MEAN : Params.SHORT_MEAN));
      long mem = r.nextDouble() < 0.65 ? 1 + r.nextInt(10) : 10 + r.nextInt(23);
      HostId origin = machines.get(r.nextInt(machines.size())).id();
      arrivals.add(new Arrival(t, new Job(new JobId("j" + (++n)), work, mem, OptionalDouble.empty()), origin));
      t += exp(r, 1 / rate);
    }
    List<OwnerSession> owners = new ArrayList<>();
    if (p.owners()) {
      for (Machine m : machines) {
        double s = r.nextDouble() < 1 / 3.0 ? 0 : exp(r, Params.OWNER_IDLE_MEAN);
        while (s < duration * 1.5) {
          double e = s + Math.max(1, exp(r, Params.OWNER_ACTIVE_MEAN));
          owners.add(new OwnerSession(m.id(), s, e));
          s = e + Math.max(1, exp(r, Params.OWNER_IDLE_MEAN));
        }
      }
    }
    return new Scenario(machines, arrivals, owners);
  }

  private static double exp(SplittableRandom r, double mean) {
    return -mean * Math.log(1 - r.nextDouble());
  }

  /**
   * Reads a trace. One record a line, comma-separated; {@code #} starts a comment:
   *
   * <pre>
   * machine,NAME,SPEED,MEMORY_MB            (optional; default: the paper's cluster)
   * job,ARRIVAL_S,ID,ORIGIN,CPU_WORK_S,MEMORY_MB[,EXPECTED_S]
   * owner,HOST,START_S,END_S
   * </pre>
   */
  static Scenario readTrace(Reader in) throws IOException {
    List<Machine> machines = new ArrayList<>();
    List<Arrival> arrivals = new ArrayList<>();
    List<OwnerSession> owners = new ArrayList<>();
    BufferedReader r = new BufferedReader(in);
    String line;
    int no = 0;
    while ((line = r.readLine()) != null) {
      no++;
      int hash = line.indexOf('#');
      String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (s.isEmpty()) {
        continue;
      }
      String[] f = s.split("\\s*,\\s*");
      try {
        switch (f[0]) {
          case "machine" -> {
            need(f, 4, 4);
            machines.add(new Machine(new HostId(f[1]),
                new HostCapabilities(Double.parseDouble(f[2]), Long.parseLong(f[3]))));
          }
          case "job" -> {
            need(f, 6, 7);
            OptionalDouble expected = f.length == 7 ? OptionalDouble.of(Double.parseDouble(f[6])) : OptionalDouble.empty();
            arrivals.add(new Arrival(Double.parseDouble(f[1]),
                new Job(new JobId(f[2]), Double.parseDouble(f[4]), Long.parseLong(f[5]), expected), new HostId(f[3])));
          }
          case "owner" -> {
            need(f, 4, 4);
            owners.add(new OwnerSession(new HostId(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
          }
          default -> throw new IllegalArgumentException("unknown record type '" + f[0] + "'");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("trace line " + no + ": " + e.getMessage() + ": " + line, e);
      }
    }
    return new Scenario(machines.isEmpty() ? paperCluster() : machines, arrivals, owners);
  }

  private static void need(String[] f, int min, int max) {
    if (f.length < min || f.length > max) {
      throw new IllegalArgumentException("expected " + (min == max ? min : min + ".." + max) + " fields, got " + f.length);
    }
  }
}

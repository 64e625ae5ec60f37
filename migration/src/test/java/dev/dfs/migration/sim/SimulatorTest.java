package dev.dfs.migration.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.migration.policy.JobId;
import dev.dfs.migration.policy.Policies;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  static final SimConfig CHECKED = new SimConfig(Policies.periodic(5_000), SimulationMain.MIGRATION, 5, true);

  static Scenario small(long seed, boolean owners) {
    return Workloads.random(seed, Workloads.paperCluster(), new Workloads.Params(0.6, 1_500, 2_500, owners));
  }

  @Test
  void everyJobCompletesExactlyOnceUnderEveryPolicy() {
    for (boolean owners : new boolean[] {false, true}) {
      Scenario s = small(11, owners);
      for (SimulationMain.Named p : SimulationMain.policies()) {
        RunResult r = Simulation.run(s, p.make().get(), CHECKED, 3); // checkInvariants: never on two hosts
        Set<JobId> seen = new HashSet<>();
        for (JobOutcome o : r.outcomes()) {
          assertTrue(seen.add(o.job()), p.name() + ": " + o.job() + " completed twice");
          assertTrue(o.completed() >= o.submitted() + o.ideal() - 1e-6, p.name() + ": faster than ideal " + o);
        }
        assertEquals(s.arrivals().size(), seen.size(), p.name());
        assertEquals(r.workDemanded() + r.workLost(), r.workExecuted(), 1e-6 * r.workDemanded(), p.name());
      }
    }
  }

  @Test
  void withOneMachineAllPoliciesAgree() {
    Scenario one = new Scenario(List.of(Machine.of("only", 1, 64)),
        small(5, false).arrivals().stream()
            .map(a -> new Arrival(a.timeSeconds(), a.job(), new dev.dfs.migration.policy.HostId("only"))).toList(),
        List.of());
    RunResult reference = Simulation.run(one, Policies.local(), CHECKED, 1);
    for (SimulationMain.Named p : SimulationMain.policies()) {
      RunResult r = Simulation.run(one, p.make().get(), CHECKED, 1);
      assertEquals(reference.outcomes().stream().map(JobOutcome::job).toList(),
          r.outcomes().stream().map(JobOutcome::job).toList(), p.name());
      for (int i = 0; i < r.outcomes().size(); i++) {
        double expected = reference.outcomes().get(i).completed();
        assertEquals(expected, r.outcomes().get(i).completed(), 1e-9 * expected, p.name());
      }
      assertEquals(0, r.migrations() + r.evictions(), p.name());
    }
  }

  @Test
  void deterministicForASeed() {
    Scenario s = small(21, true);
    for (SimulationMain.Named p : SimulationMain.policies()) {
      assertEquals(Simulation.run(s, p.make().get(), CHECKED, 9), Simulation.run(s, p.make().get(), CHECKED, 9),
          p.name());
    }
  }

  @Test
  void exampleTraceRunsAndMigrationHelpsTheOverloadedSlowMachine() {
    Scenario s = SimulationMain.exampleTrace();
    assertEquals(16, s.arrivals().size());
    assertEquals(2, s.owners().size());
    RunResult local = Simulation.run(s, Policies.local(), CHECKED, 1);
    RunResult mosix = Simulation.run(s, Policies.mosix(SimulationMain.MIGRATION), CHECKED, 1);
    assertEquals(16, mosix.outcomes().size());
    assertTrue(mosix.meanSlowdown() < local.meanSlowdown(), mosix + " vs " + local);
    assertTrue(mosix.migrations() > 0);
  }

  @Test
  void processorSharingAndThrashingByHand() {
    // Two 100 s jobs on a speed-2 machine share it: both finish at 100 s. A third that over-commits
    // memory by half slows everything by 1 + 4 * 0.5 = 3.
    Scenario s = new Scenario(List.of(Machine.of("m", 2, 10)), List.of(
        new Arrival(0, dev.dfs.migration.policy.Job.of("a", 100, 4), new dev.dfs.migration.policy.HostId("m")),
        new Arrival(0, dev.dfs.migration.policy.Job.of("b", 100, 4), new dev.dfs.migration.policy.HostId("m"))),
        List.of());
    RunResult r = Simulation.run(s, Policies.local(), new SimConfig(Policies.onDemand(), SimulationMain.MIGRATION, 4,
        true), 1);
    assertEquals(100, r.outcomes().get(0).completed(), 1e-6);
    assertEquals(100, r.outcomes().get(1).completed(), 1e-6);
    Scenario heavy = new Scenario(s.machines(), List.of(s.arrivals().get(0), s.arrivals().get(1),
        new Arrival(0, dev.dfs.migration.policy.Job.of("c", 100, 7), new dev.dfs.migration.policy.HostId("m"))),
        List.of());
    RunResult h = Simulation.run(heavy, Policies.local(), new SimConfig(Policies.onDemand(), SimulationMain.MIGRATION,
        4, true), 1);
    // memory 15 of 10: factor 1 + 4 * 0.5 = 3; three jobs at 2/3 each, / 3 -> 2/9 per s: 450 s
    assertEquals(450, h.outcomes().get(2).completed(), 1e-6);
  }
}

package dev.dfs.migration.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.Job;
import dev.dfs.migration.policy.Policies;
import dev.dfs.testkit.property.Gen;
import dev.dfs.testkit.property.Property;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Random small clusters and workloads: work is conserved and time only moves forward. */
class SimulationPropertyTest {

  record Case(List<Machine> machines, List<Arrival> arrivals, List<OwnerSession> owners, int policy) {}

  static Gen<Case> cases() {
    return (random, size) -> {
      int hosts = 1 + random.nextInt(4);
      List<Machine> machines = new ArrayList<>();
      for (int i = 0; i < hosts; i++) {
        machines.add(Machine.of("h" + i, 0.25 + random.nextInt(8) / 4.0, 8 + random.nextInt(57)));
      }
      int jobs = 1 + random.nextInt(2 + size / 4);
      List<Arrival> arrivals = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        arrivals.add(new Arrival(random.nextInt(500), Job.of("j" + i, 1 + random.nextInt(300), random.nextInt(40)),
            machines.get(random.nextInt(hosts)).id()));
      }
      List<OwnerSession> owners = new ArrayList<>();
      for (Machine m : machines) {
        if (random.nextBoolean()) {
          double start = random.nextInt(400);
          owners.add(new OwnerSession(m.id(), start, start + 1 + random.nextInt(300)));
        }
      }
      return new Case(machines, arrivals, owners, random.nextInt(SimulationMain.policies().size()));
    };
  }

  @Test
  void workIsConservedAndTimeIsMonotone() {
    Property.forAll(cases()).tries(150).check(c -> {
      Scenario s = new Scenario(c.machines(), c.arrivals(), c.owners());
      SimulationMain.Named p = SimulationMain.policies().get(c.policy());
      RunResult r = Simulation.run(s, p.make().get(),
          new SimConfig(Policies.periodic(2_000), SimulationMain.MIGRATION, 5, true), 1);
      assertEquals(c.arrivals().size(), r.outcomes().size(), p.name());
      assertEquals(r.workDemanded() + r.workLost(), r.workExecuted(), 1e-6 * Math.max(1, r.workDemanded()), p.name());
      double last = 0;
      for (JobOutcome o : r.outcomes()) {
        assertTrue(o.completed() >= last, p.name() + ": completions out of order " + o);
        last = o.completed();
        assertTrue(o.response() >= o.ideal() - 1e-6, p.name() + ": " + o);
      }
      assertEquals(last, r.makespan(), 1e-9);
      assertTrue(r.utilisation() >= 0 && r.utilisation() <= 1 + 1e-9, "utilisation " + r.utilisation());
      HostId any = c.machines().get(0).id();
      assertTrue(s.machines().stream().anyMatch(m -> m.id().equals(any)));
    });
  }
}

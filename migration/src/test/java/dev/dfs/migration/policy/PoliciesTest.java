package dev.dfs.migration.policy;

import static dev.dfs.migration.policy.PolicyFixtures.context;
import static dev.dfs.migration.policy.PolicyFixtures.h;
import static dev.dfs.migration.policy.PolicyFixtures.host;
import static dev.dfs.migration.policy.PolicyFixtures.running;
import static dev.dfs.migration.policy.PolicyFixtures.scripted;
import static dev.dfs.migration.policy.PolicyFixtures.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoliciesTest {
  static final MigrationCost FAST_NET = new MigrationCost(0.5, 10);

  // ---- sender-initiated ----

  @Test
  void senderInitiatedSendsToFirstProbedHostBelowThreshold() {
    ClusterView v = view(0,
        host("a", 1, 64, 2, 0), host("b", 1, 64, 3, 0), host("c", 1, 64, 2, 0), host("d", 1, 64, 1, 0),
        host("e", 1, 64, 0, 0));
    PolicyFixtures.RecordingProbe probe = new PolicyFixtures.RecordingProbe(v);
    // others in order b, c, d, e; script picks index 0 each time -> probes b, c, d
    PolicyContext ctx = new PolicyContext(scripted(0, 0, 0), probe);
    Decision.PlaceJob d = Policies.senderInitiated(2, 3).place(Job.of("j", 10, 1), h("a"), v, ctx);
    assertEquals(h("d"), d.host());
    assertEquals(List.of(h("b"), h("c"), h("d")), probe.probed);
  }

  @Test
  void senderInitiatedKeepsJobWhenAllProbesFail() {
    ClusterView v = view(0,
        host("a", 1, 64, 2, 0), host("b", 1, 64, 2, 0), host("c", 1, 64, 3, 0), host("d", 1, 64, 5, 0),
        host("e", 1, 64, 0, 0));
    PolicyFixtures.RecordingProbe probe = new PolicyFixtures.RecordingProbe(v);
    PolicyContext ctx = new PolicyContext(scripted(0, 0, 0), probe);
    Decision.PlaceJob d = Policies.senderInitiated(2, 3).place(Job.of("j", 10, 1), h("a"), v, ctx);
    assertEquals(h("a"), d.host(), "probe limit 3 reached before the idle host e");
    assertEquals(3, probe.probed.size());
  }

  @Test
  void senderInitiatedDoesNotProbeBelowThreshold() {
    ClusterView v = view(0, host("a", 1, 64, 1, 0), host("b", 1, 64, 0, 0));
    PolicyFixtures.RecordingProbe probe = new PolicyFixtures.RecordingProbe(v);
    assertEquals(h("a"), Policies.senderInitiated(2, 3).place(Job.of("j", 10, 1), h("a"), v, context(probe)).host());
    assertTrue(probe.probed.isEmpty());
  }

  // ---- receiver-initiated ----

  @Test
  void receiverInitiatedPullsNewestJobFromSender() {
    HostState busy = host("b", 1, 64, 3, 3, false, 1_000_000,
        List.of(running("old", "b", 1, 50, 0), running("new", "b", 1, 1, 900)));
    ClusterView v = view(1000, host("a", 1, 64, 0, 0), busy);
    PolicyFixtures.RecordingProbe probe = new PolicyFixtures.RecordingProbe(v);
    List<Decision> d = Policies.receiverInitiated(2, 3, Policies.newest(), 1000).rebalance(h("a"), v, context(probe));
    assertEquals(List.of(new Decision.Migrate(new JobId("new"), h("b"), h("a"))), d);
  }

  // ---- least loaded, round robin ----

  @Test
  void leastLoadedWeighsBySpeed() {
    ClusterView v = view(0, host("slow", 0.5, 64, 0, 0), host("fast", 1, 64, 1, 0), host("mid", 0.8, 64, 0, 0));
    // (rq + 1) / speed: slow 2.0, fast 2.0, mid 1.25
    assertEquals(h("mid"), Policies.leastLoaded().place(Job.of("j", 1, 1), h("slow"), v, context(x -> null)).host());
  }

  @Test
  void roundRobinCyclesAndWeightedRoundRobinFollowsSpeed() {
    ClusterView v = view(0, host("a", 2, 64, 0, 0), host("b", 1, 64, 0, 0), host("c", 1, 64, 0, 0));
    SchedulingPolicy rr = Policies.roundRobin();
    SchedulingPolicy wrr = Policies.weightedRoundRobin();
    List<String> plain = new ArrayList<>();
    List<String> weighted = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      plain.add(rr.place(Job.of("j" + i, 1, 1), h("a"), v, context(x -> null)).host().name());
      weighted.add(wrr.place(Job.of("j" + i, 1, 1), h("a"), v, context(x -> null)).host().name());
    }
    assertEquals(List.of("a", "b", "c", "a", "b", "c", "a", "b"), plain);
    assertEquals(List.of("a", "b", "c", "a", "a", "b", "c", "a"), weighted);
  }

  // ---- opportunity cost ----

  @Test
  void opportunityCostPlacesWhereMarginalCostIsLowest() {
    // "b" is idle on CPU but its memory is nearly full: the 20 MiB job would over-commit it.
    ClusterView v = view(0, host("a", 1, 64, 3, 10), host("b", 1, 32, 0, 28), host("c", 0.5, 64, 0, 0));
    Job job = Job.of("j", 100, 20);
    HostId best = null;
    double min = Double.MAX_VALUE;
    for (HostState s : v.hosts()) {
      double c = Policies.marginalCost(v, s.id(), job, 0, 4);
      if (c < min) {
        min = c;
        best = s.id();
      }
    }
    HostId placed = Policies.opportunityCostPlacement().place(job, h("a"), v, context(x -> null)).host();
    assertEquals(best, placed);
    assertEquals(h("c"), placed, "the slow empty machine beats the busy one and the memory-full one");
  }

  @Test
  void opportunityCostMigratesWhenGainExceedsCostAndRefusesOtherwise() {
    RunningJob old = running("old", "a", 4, 600, 0);
    HostState loaded = host("a", 1, 64, 4, 4, false, 1_000_000, List.of(old));
    ClusterView v = view(600_000, loaded, host("b", 1, 64, 0, 0));
    SchedulingPolicy oc = Policies.opportunityCost(FAST_NET);
    assertEquals(List.of(new Decision.Migrate(new JobId("old"), h("a"), h("b"))),
        oc.rebalance(h("a"), v, context(x -> null)));

    // The same move over a very slow network costs more than it gains.
    SchedulingPolicy slowNet = Policies.opportunityCost(0, 4, new MigrationCost(0, 0.001), 1000, false);
    assertEquals(List.of(), slowNet.rebalance(h("a"), v, context(x -> null)));

    // A young job (little expected remaining time) does not pay for its move either.
    RunningJob young = running("young", "a", 4, 0.01, 599_999);
    HostState withYoung = new HostState(h("a"), loaded.capabilities(), loaded.load(),
        List.of(new RunningJob(young.job(), young.home(), 599_999, 599_999, 0.01, 0, false, 0)));
    assertEquals(List.of(), oc.rebalance(h("a"), view(600_000, withYoung, host("b", 1, 64, 0, 0)),
        context(x -> null)));
  }

  @Test
  void opportunityCostDoesNotMoveToAWorseMachine() {
    RunningJob j = running("j", "a", 4, 600, 0);
    ClusterView v = view(600_000, host("a", 1, 64, 1, 4, false, 1_000_000, List.of(j)), host("b", 0.5, 64, 0, 0));
    assertEquals(List.of(), Policies.opportunityCost(FAST_NET).rebalance(h("a"), v, context(x -> null)));
  }

  // ---- MOSIX ----

  @Test
  void mosixUshersLargestFittingJobWhenMemoryIsOverCommitted() {
    HostState a = host("a", 1, 32, 2, 40, false, 1_000_000,
        List.of(running("big", "a", 30, 5, 0), running("small", "a", 10, 5, 0)));
    ClusterView v = view(10_000, a, host("b", 1, 64, 5, 40), host("c", 1, 64, 0, 50));
    List<Decision> d = Policies.mosix(FAST_NET).rebalance(h("a"), v, context(x -> null));
    assertEquals(List.of(new Decision.Migrate(new JobId("small"), h("a"), h("b"))), d,
        "only b has room (24 MiB) and only the small job fits there");
  }

  @Test
  void mosixBalancesLoadAndLeavesBalancedHostsAlone() {
    HostState a = host("a", 1, 64, 3, 3, false, 1_000_000,
        List.of(running("x", "a", 1, 100, 0), running("y", "a", 1, 200, 0), running("z", "a", 1, 0, 0)));
    ClusterView v = view(150_000, a, host("b", 1, 64, 0, 0));
    assertEquals(List.of(new Decision.Migrate(new JobId("y"), h("a"), h("b"))),
        Policies.mosix(FAST_NET).rebalance(h("a"), v, context(x -> null)));
    ClusterView balanced = view(150_000, a, host("b", 1, 64, 3, 0));
    assertEquals(List.of(), Policies.mosix(FAST_NET).rebalance(h("a"), balanced, context(x -> null)));
  }

  // ---- idle workstations ----

  @Test
  void spritePlacesOnIdleWorkstationAndMigratesAwayWhenOwnerReturns() {
    ClusterView v = view(100_000, host("home", 1, 64, 1, 0, true, 0, List.of()),
        host("busy-owner", 1, 64, 0, 0, true, 0, List.of()), host("idle", 1, 64, 0, 0, false, 60_000, List.of()),
        host("just-left", 1, 64, 0, 0, false, 10_000, List.of()));
    SchedulingPolicy sprite = Policies.sprite();
    assertEquals(h("idle"), sprite.place(Job.of("j", 10, 1), h("home"), v, context(x -> null)).host());

    HostState back = host("idle", 1, 64, 2, 2, true, 0,
        List.of(running("j", "home", 1, 5, 0), running("own", "idle", 1, 5, 0)));
    ClusterView after = v.with(back);
    assertEquals(List.of(new Decision.Migrate(new JobId("j"), h("idle"), h("home"))),
        sprite.ownerChanged(h("idle"), after, context(x -> null)),
        "no other idle host (just-left has been idle only 10 s): the foreign job goes home; the owner's own stays");
  }

  @Test
  void condorSuspendsThenMigratesOrRestartsAfterGrace() {
    HostState back = host("w", 1, 64, 2, 1, true, 0, List.of(running("j", "home", 1, 5, 0)));
    ClusterView v = view(0, back, host("home", 1, 64, 0, 0, true, 0, List.of()),
        host("idle", 1, 64, 0, 0, false, 100_000, List.of()));
    SchedulingPolicy condor = Policies.condor(false, 60_000);
    assertEquals(List.of(new Decision.Suspend(new JobId("j"), h("w"))),
        condor.ownerChanged(h("w"), v, context(x -> null)));

    RunningJob suspended = new RunningJob(Job.of("j", 1000, 1), h("home"), 0, 0, 5, 0, true, 0);
    HostState s = host("w", 1, 64, 1, 1, true, 0, List.of(suspended));
    assertEquals(List.of(), condor.rebalance(h("w"), view(30_000, s, v.hosts().get(1), v.hosts().get(2)),
        context(x -> null)), "still within the grace period");
    ClusterView late = view(61_000, s, v.hosts().get(1), v.hosts().get(2));
    assertEquals(List.of(new Decision.Migrate(new JobId("j"), h("w"), h("idle"))),
        condor.rebalance(h("w"), late, context(x -> null)));
    assertEquals(List.of(new Decision.Evict(new JobId("j"), h("w"), h("idle"))),
        Policies.condor(true, 60_000).rebalance(h("w"), late, context(x -> null)));

    HostState left = host("w", 1, 64, 0, 1, false, 0, List.of(suspended));
    assertEquals(List.of(new Decision.Resume(new JobId("j"), h("w"))),
        condor.ownerChanged(h("w"), v.with(left), context(x -> null)));
  }

  // ---- building blocks ----

  @Test
  void informationPolicies() {
    HostLoad l0 = new HostLoad(h("a"), 1, 1, 10, 100, 0, 1, 0, false, 0);
    HostLoad l1 = new HostLoad(h("a"), 2, 1, 10, 100, 0, 2, 0, false, 1000);
    HostLoad l3 = new HostLoad(h("a"), 3, 1, 10, 100, 0, 3, 0, false, 2000);
    InformationPolicy change = Policies.stateChange(2, 0.5);
    assertTrue(change.onChange(Optional.empty(), l0));
    assertEquals(false, change.onChange(Optional.of(l0), l1));
    assertTrue(change.onChange(Optional.of(l0), l3));
    assertTrue(Policies.periodic(1000).onTimer(Optional.of(l0), l0));
    assertEquals(false, Policies.periodic(1000).onChange(Optional.empty(), l0));
    assertTrue(Policies.onDemand().onDemand());
  }

  @Test
  void selectionPolicies() {
    HostState target = host("t", 1, 64, 0, 44);
    RunningJob a = new RunningJob(Job.of("a", 100, 30), h("x"), 0, 10, 50, 0, false, 0);
    RunningJob b = new RunningJob(Job.of("b", 100, 15), h("x"), 0, 20, 5, 1, false, 0);
    RunningJob c = new RunningJob(Job.of("c", 100, 5), h("x"), 0, 30, 20, 2, false, 0);
    RunningJob s = new RunningJob(Job.of("s", 100, 1), h("x"), 0, 40, 0, 0, true, 35);
    List<RunningJob> jobs = List.of(a, b, c, s);
    assertEquals("c", Policies.newest().select(jobs, target).orElseThrow().id().value());
    assertEquals("b", Policies.shortestRemaining().select(jobs, target).orElseThrow().id().value());
    assertEquals("b", Policies.largestMemoryFit().select(jobs, target).orElseThrow().id().value());
    assertEquals("a", Policies.nonMigratedFirst().select(jobs, target).orElseThrow().id().value());
  }

  @Test
  void valuesNameTheBadArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HostCapabilities(-1, 64));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Policies.senderInitiated(0, 3));
    assertThrows(IllegalArgumentException.class, () -> new Decision.Migrate(new JobId("j"), h("a"), h("a")));
  }
}

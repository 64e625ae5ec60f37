package dev.dfs.migration.sim;

import dev.dfs.migration.policy.ClusterView;
import dev.dfs.migration.policy.Decision;
import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.HostLoad;
import dev.dfs.migration.policy.HostState;
import dev.dfs.migration.policy.InformationPolicy;
import dev.dfs.migration.policy.Job;
import dev.dfs.migration.policy.JobId;
import dev.dfs.migration.policy.PolicyContext;
import dev.dfs.migration.policy.RunningJob;
import dev.dfs.migration.policy.SchedulingPolicy;
import dev.dfs.migration.policy.Ticker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The discrete-event engine: processor sharing per machine scaled by speed and slowed by memory
 * over-commitment, migrations that freeze a job for their duration, load information as the
 * information policy spreads it, owners coming and going. One engine runs one scenario once.
 */
final class Engine implements Ticker {
  private static final double EPS = 1e-9;
  private static final double MAX_TIME = 1e8;

  private enum Kind { ARRIVAL, OWNER_ON, OWNER_OFF, INFO, REBALANCE, MIGRATED }

  private record Event(double time, long seq, Kind kind, int index, JobRt job, Host host) {}

  private static final class Host {
    final Machine machine;
    final List<JobRt> jobs = new ArrayList<>();
    boolean ownerActive;
    double ownerLastActive = -1e7;
    HostState published;
    Optional<HostLoad> lastSent = Optional.empty();
    long version;
    long publishedVersion = -1;
    double busy;
    double lastSync;
    double rate;
    double nextDone = Double.POSITIVE_INFINITY;

    Host(Machine machine) {
      this.machine = machine;
    }

    HostId id() {
      return machine.id();
    }
  }

  private static final class JobRt {
    final Job job;
    final HostId home;
    final double submitted;
    double arrivedHere;
    double remaining;
    double done;
    int migrations;
    boolean suspended;
    double suspendedSince;
    Host host;
    boolean inTransit;
    boolean finished;

    JobRt(Job job, HostId home, double submitted) {
      this.job = job;
      this.home = home;
      this.submitted = submitted;
      this.remaining = job.cpuWork();
    }
  }

  private final Scenario scenario;
  private final SchedulingPolicy policy;
  private final SimConfig config;
  private final InformationPolicy info;
  private final SplittableRandom random;
  private final PolicyContext context;
  private final List<Host> hosts = new ArrayList<>();
  private final Map<HostId, Host> byId = new LinkedHashMap<>();
  private final Map<JobId, JobRt> jobs = new HashMap<>();
  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(Comparator.comparingDouble(Event::time).thenComparingLong(Event::seq));
  private final List<Arrival> arrivals;
  private final List<JobOutcome> outcomes = new ArrayList<>();
  private final double maxSpeed;
  private long seq;
  private double now;
  private int migrations;
  private int evictions;
  private long messages;
  private int rejected;
  private double workExecuted;
  private double workLost;
  private double interference;

  Engine(Scenario scenario, SchedulingPolicy policy, SimConfig config, long seed) {
    this.scenario = scenario;
    this.policy = policy;
    this.config = config;
    this.info = config.information();
    this.random = new SplittableRandom(seed);
    this.context = new PolicyContext(random.split(), this::probe);
    this.maxSpeed = scenario.maxSpeed();
    for (Machine m : scenario.machines()) {
      Host h = new Host(m);
      hosts.add(h);
      byId.put(m.id(), h);
    }
    List<Arrival> sorted = new ArrayList<>(scenario.arrivals());
    sorted.sort(Comparator.comparingDouble(Arrival::timeSeconds));
    this.arrivals = sorted;
  }

  @Override
  public long millis() {
    return Math.round(now * 1000);
  }

  RunResult run() {
    for (int i = 0; i < arrivals.size(); i++) {
      schedule(arrivals.get(i).timeSeconds(), Kind.ARRIVAL, i, null, null);
    }
    for (OwnerSession o : scenario.owners()) {
      schedule(o.startSeconds(), Kind.OWNER_ON, 0, null, byId.get(o.host()));
      schedule(o.endSeconds(), Kind.OWNER_OFF, 0, null, byId.get(o.host()));
    }
    for (Host h : hosts) {
      publish(h);
      if (info.periodMillis() > 0 && policy.usesLoadInformation()) {
        schedule(random.nextDouble() * info.periodMillis() / 1000.0, Kind.INFO, 0, null, h);
      }
      if (policy.rebalancePeriodMillis() > 0) {
        schedule(random.nextDouble() * policy.rebalancePeriodMillis() / 1000.0, Kind.REBALANCE, 0, null, h);
      }
    }
    double workDemanded = arrivals.stream().mapToDouble(a -> a.job().cpuWork()).sum();
    while (outcomes.size() < arrivals.size()) {
      double nextEvent = queue.isEmpty() ? Double.POSITIVE_INFINITY : queue.peek().time();
      Host due = null;
      for (Host h : hosts) {
        if (due == null || h.nextDone < due.nextDone) {
          due = h;
        }
      }
      double nextCompletion = due.nextDone;
      double next = Math.min(nextEvent, nextCompletion);
      if (next == Double.POSITIVE_INFINITY || next > MAX_TIME) {
        throw new IllegalStateException("simulation stalled at t=" + now + " with "
            + (arrivals.size() - outcomes.size()) + " jobs unfinished");
      }
      if (next < now) {
        throw new IllegalStateException("time went backwards: " + now + " -> " + next);
      }
      now = next;
      if (nextCompletion <= nextEvent) {
        complete(due);
      } else {
        handle(queue.poll());
      }
      if (config.checkInvariants()) {
        checkInvariants();
      }
    }
    for (Host h : hosts) {
      sync(h);
    }
    double makespan = now;
    double util = 0;
    for (Host h : hosts) {
      util += makespan > 0 ? h.busy / makespan : 0;
    }
    return new RunResult(outcomes, migrations, evictions, messages, rejected, workDemanded, workExecuted, workLost,
        makespan, util / hosts.size(), interference);
  }

  // ---- time ----

  private double rate(Host h) {
    int runnable = h.ownerActive ? 1 : 0;
    long mem = 0;
    for (JobRt j : h.jobs) {
      mem += j.job.memoryMb();
      if (!j.suspended) {
        runnable++;
      }
    }
    if (runnable == 0) {
      return 0;
    }
    double total = h.machine.capabilities().memoryMb();
    double thrash = mem > total ? 1 + config.thrashFactor() * (mem / total - 1) : 1;
    return h.machine.capabilities().cpuSpeed() / runnable / thrash;
  }

  /** Brings {@code h}'s jobs up to {@code now}; its rate has been constant since the last sync. */
  private void sync(Host h) {
    double dt = now - h.lastSync;
    h.lastSync = now;
    if (dt <= 0 || h.rate == 0) {
      return;
    }
    boolean anyRunning = false;
    int foreign = 0;
    for (JobRt j : h.jobs) {
      if (!j.suspended) {
        double w = Math.min(j.remaining, h.rate * dt);
        j.remaining -= w;
        j.done += w;
        workExecuted += w;
        anyRunning = true;
        if (!j.home.equals(h.id())) {
          foreign++;
        }
      }
    }
    if (anyRunning) {
      h.busy += dt;
    }
    if (h.ownerActive) {
      interference += foreign * dt;
    }
  }

  /** After a change to {@code h} (already synced): new rate and next completion. */
  private void recompute(Host h) {
    h.rate = rate(h);
    double min = Double.POSITIVE_INFINITY;
    for (JobRt j : h.jobs) {
      if (!j.suspended) {
        min = Math.min(min, j.remaining);
      }
    }
    h.nextDone = h.rate > 0 && min < Double.POSITIVE_INFINITY ? now + min / h.rate : Double.POSITIVE_INFINITY;
  }

  private void complete(Host h) {
    sync(h);
    List<JobRt> done = new ArrayList<>();
    for (JobRt j : h.jobs) {
      if (!j.suspended && j.remaining <= EPS * Math.max(1, h.rate) + 1e-12 * j.job.cpuWork()) {
        done.add(j);
      }
    }
    for (JobRt j : done) {
      workExecuted += j.remaining;
      j.done += j.remaining;
      j.remaining = 0;
      h.jobs.remove(j);
      j.finished = true;
      j.host = null;
      outcomes.add(new JobOutcome(j.job.id(), h.id(), j.submitted, now, j.job.cpuWork() / maxSpeed, j.migrations));
    }
    changed(h);
    if (!done.isEmpty() && policy.migrates()) {
      apply(policy.rebalance(h.id(), view(h), context));
    }
  }

  // ---- events ----

  private void schedule(double time, Kind kind, int index, JobRt job, Host host) {
    queue.add(new Event(time, seq++, kind, index, job, host));
  }

  private boolean unfinished() {
    return outcomes.size() < arrivals.size();
  }

  private void handle(Event e) {
    switch (e.kind()) {
      case ARRIVAL -> {
        Arrival a = arrivals.get(e.index());
        JobRt j = new JobRt(a.job(), a.origin(), now);
        jobs.put(a.job().id(), j);
        Host origin = byId.get(a.origin());
        Decision.PlaceJob d = policy.place(a.job(), a.origin(), view(origin), context);
        Host to = d.job().equals(a.job().id()) ? byId.get(d.host()) : null;
        if (to == null) {
          rejected++;
          to = origin;
        }
        j.arrivedHere = now;
        j.host = to;
        sync(to);
        to.jobs.add(j);
        changed(to);
      }
      case OWNER_ON, OWNER_OFF -> {
        Host h = e.host();
        boolean active = e.kind() == Kind.OWNER_ON;
        sync(h);
        if (h.ownerActive) {
          h.ownerLastActive = now;
        }
        h.ownerActive = active;
        if (active) {
          h.ownerLastActive = now;
        }
        changed(h);
        apply(policy.ownerChanged(h.id(), view(h), context));
      }
      case INFO -> {
        Host h = e.host();
        if (info.onTimer(h.lastSent, load(h))) {
          publish(h);
        }
        if (unfinished()) {
          schedule(now + info.periodMillis() / 1000.0, Kind.INFO, 0, null, h);
        }
      }
      case REBALANCE -> {
        Host h = e.host();
        apply(policy.rebalance(h.id(), view(h), context));
        if (unfinished()) {
          schedule(now + policy.rebalancePeriodMillis() / 1000.0, Kind.REBALANCE, 0, null, h);
        }
      }
      case MIGRATED -> {
        JobRt j = e.job();
        Host to = e.host();
        j.inTransit = false;
        j.host = to;
        j.arrivedHere = now;
        sync(to);
        to.jobs.add(j);
        changed(to);
      }
    }
  }

  // ---- decisions ----

  private void apply(List<Decision> decisions) {
    for (Decision d : decisions) {
      JobRt j = jobs.get(d.job());
      if (j == null || j.finished || j.inTransit || j.host == null) {
        rejected++;
        continue;
      }
      boolean ok;
      if (d instanceof Decision.Migrate m) {
        ok = migrate(j, byId.get(m.from()), byId.get(m.to()));
      } else if (d instanceof Decision.Suspend s) {
        ok = j.host == byId.get(s.host()) && !j.suspended;
        if (ok) {
          sync(j.host);
          j.suspended = true;
          j.suspendedSince = now;
          changed(j.host);
        }
      } else if (d instanceof Decision.Resume r) {
        ok = j.host == byId.get(r.host()) && j.suspended;
        if (ok) {
          sync(j.host);
          j.suspended = false;
          changed(j.host);
        }
      } else if (d instanceof Decision.Evict ev) {
        ok = evict(j, byId.get(ev.from()), byId.get(ev.to()));
      } else {
        ok = false; // a PlaceJob outside an arrival
      }
      if (!ok) {
        rejected++;
      }
    }
  }

  private boolean migrate(JobRt j, Host from, Host to) {
    if (j.host != from || to == null || to == from) {
      return false;
    }
    sync(from);
    from.jobs.remove(j);
    j.host = null;
    j.inTransit = true;
    j.suspended = false;
    j.migrations++;
    migrations++;
    changed(from);
    schedule(now + config.migrationCost().seconds(j.job.memoryMb()), Kind.MIGRATED, 0, j, to);
    return true;
  }

  private boolean evict(JobRt j, Host from, Host to) {
    if (j.host != from || to == null) {
      return false;
    }
    sync(from);
    sync(to);
    from.jobs.remove(j);
    workLost += j.done;
    j.done = 0;
    j.remaining = j.job.cpuWork();
    j.suspended = false;
    j.migrations++;
    evictions++;
    j.host = to;
    j.arrivedHere = now;
    to.jobs.add(j);
    changed(from);
    if (to != from) {
      changed(to);
    }
    return true;
  }

  // ---- information ----

  private HostLoad load(Host h) {
    int runnable = h.ownerActive ? 1 : 0;
    long mem = 0;
    for (JobRt j : h.jobs) {
      mem += j.job.memoryMb();
      if (!j.suspended) {
        runnable++;
      }
    }
    long idle = h.ownerActive ? 0 : Math.max(0, Math.round((now - h.ownerLastActive) * 1000));
    return new HostLoad(h.id(), runnable, runnable > 0 ? 1 : 0, mem, h.machine.capabilities().memoryMb(), 0,
        h.jobs.size(), idle, h.ownerActive, millis());
  }

  private HostState fresh(Host h) {
    sync(h);
    List<RunningJob> list = new ArrayList<>(h.jobs.size());
    for (JobRt j : h.jobs) {
      list.add(new RunningJob(j.job, j.home, Math.round(j.submitted * 1000), Math.round(j.arrivedHere * 1000),
          j.done, j.migrations, j.suspended, Math.round(j.suspendedSince * 1000)));
    }
    return new HostState(h.id(), h.machine.capabilities(), load(h), list);
  }

  private void publish(Host h) {
    if (h.publishedVersion != h.version) {
      h.published = fresh(h);
      h.publishedVersion = h.version;
    }
    h.lastSent = Optional.of(h.published.load());
    if (policy.usesLoadInformation()) {
      messages += hosts.size() - 1;
    }
  }

  /** After a change to {@code h} (synced before it): new rate, and a broadcast if the policy says so. */
  private void changed(Host h) {
    recompute(h);
    h.version++;
    if (policy.usesLoadInformation() && info.onChange(h.lastSent, load(h))) {
      publish(h);
    }
  }

  private HostState probe(HostId id) {
    Host h = byId.get(id);
    if (h == null) {
      throw new IllegalArgumentException("probe of unknown host " + id);
    }
    messages += 2;
    return fresh(h);
  }

  /** The view of {@code self}: itself fresh, the others as last published (or polled, on demand). */
  private ClusterView view(Host self) {
    List<HostState> states = new ArrayList<>(hosts.size());
    for (Host h : hosts) {
      if (h == self) {
        states.add(fresh(h));
      } else if (info.onDemand() && policy.usesLoadInformation()) {
        messages += 2;
        states.add(fresh(h));
      } else {
        states.add(h.published);
      }
    }
    return new ClusterView(millis(), states);
  }

  private void checkInvariants() {
    Map<JobId, HostId> where = new HashMap<>();
    for (Host h : hosts) {
      for (JobRt j : h.jobs) {
        HostId before = where.put(j.job.id(), h.id());
        if (before != null || j.host != h || j.inTransit || j.finished) {
          throw new IllegalStateException("job " + j.job.id() + " on " + before + " and " + h.id() + " at t=" + now);
        }
        if (j.remaining < -1e-6) {
          throw new IllegalStateException("job " + j.job.id() + " has negative remaining work " + j.remaining);
        }
      }
    }
  }
}

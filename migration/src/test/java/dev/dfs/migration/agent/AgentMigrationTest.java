package dev.dfs.migration.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.JobId;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMigrationTest {
  static final int STEPS = 300;
  static final String MIB = Integer.toString(1 << 20);
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path temp;
  Cell cell;

  @BeforeEach
  void setUp() {
    cell = new Cell(temp);
    TrackedCounterTask.reset();
  }

  @AfterEach
  void tearDown() throws Exception {
    cell.close();
  }

  @Test
  void jobMigratesMidRunAndEveryStepRunsExactlyOnce() throws Exception {
    HostAgent a = cell.agent("a");
    HostAgent b = cell.agent("b");
    JobId job = new JobId("count-1");
    a.submit(job, TrackedCounterTask.class, Integer.toString(STEPS), MIB, "2");
    awaitSteps(20);

    MigrationReport r = a.migrateOut(job, b);

    assertTrue(r.migrated(), r.failure());
    assertEquals(new HostId("a"), r.source());
    assertEquals(new HostId("b"), r.target());
    assertTrue(r.bytesMoved() >= 1 << 20, "bytes " + r.bytesMoved());
    assertTrue(r.freeze().compareTo(Duration.ZERO) > 0 && r.total().compareTo(r.freeze()) >= 0, r.toString());
    assertTrue(a.runningJobs().isEmpty());
    JobRecord done = b.awaitFinal(job, WAIT);
    assertEquals(JobState.DONE, done.state());
    assertEquals(new HostId("b"), done.host());
    assertEquals(0, TrackedCounterTask.OVERLAPS.get(), "stepped on two hosts at once");

    List<String> hosts = checkOutput(a.record(job), cell.fileSystem());
    int switchAt = hosts.indexOf("b");
    assertTrue(switchAt > 0, "ran on a first");
    assertTrue(hosts.subList(0, switchAt).stream().allMatch("a"::equals));
    assertTrue(hosts.subList(switchAt, STEPS).stream().allMatch("b"::equals), "never back on a");
    assertEquals(STEPS, TrackedCounterTask.STEPS.get(), "no step ran twice");

    List<String> states = done.history().stream().map(h -> h.split(" ")[2] + "@" + h.split(" ")[3]).toList();
    assertEquals(List.of("RUNNING@a", "MIGRATING@a", "RUNNING@b", "DONE@b"), states);
    assertEquals(4, done.epoch());
    assertTrue(Files.exists(cell.fileSystem().getPath("/jobs/count-1/checkpoint-" + r.checkpoint())));
  }

  @Test
  void targetFailingInRestoreRollsBackToTheSourceFromTheSameCheckpoint() throws Exception {
    HostAgent a = cell.agent("a");
    HostAgent b = cell.agent("b");
    JobId job = new JobId("count-2");
    a.submit(job, FailOnHostBTask.class, Integer.toString(STEPS), MIB, "2");
    awaitSteps(20);

    MigrationReport r = a.migrateOut(job, b);

    assertFalse(r.migrated());
    assertTrue(r.failure().contains("restore failed on purpose"), r.failure());
    assertTrue(b.runningJobs().isEmpty());
    JobRecord done = a.awaitFinal(job, WAIT);
    assertEquals(JobState.DONE, done.state());
    List<String> hosts = checkOutput(done, cell.fileSystem());
    assertTrue(hosts.stream().allMatch("a"::equals));
    assertEquals(STEPS, TrackedCounterTask.STEPS.get(), "no step ran twice");
    assertEquals(0, TrackedCounterTask.OVERLAPS.get());
    String rollback = done.history().get(2);
    assertTrue(rollback.contains("RUNNING a rollback:"), rollback);
    assertEquals(r.checkpoint(), done.checkpoint(), "resumed from the migration's checkpoint");
  }

  @Test
  void aRestartedAgentResumesItsJobsFromTheLatestCheckpoint() throws Exception {
    FileSystem fs = cell.fileSystem();
    JobId job = new JobId("count-3");
    HostAgent a = HostAgent.start(AgentConfig.builder(new HostId("a"), fs).checkpointEverySteps(25).build());
    a.submit(job, TrackedCounterTask.class.getName(), List.of(Integer.toString(STEPS), "4096", "1"));
    awaitSteps(60);
    a.close();
    JobRecord left = a.record(job);
    assertEquals(JobState.RUNNING, left.state());
    assertTrue(left.checkpoint() >= 1, left.toString());
    assertThrows(IllegalStateException.class, () -> a.recover());

    HostAgent again = HostAgent.start(AgentConfig.builder(new HostId("a"), cell.fileSystem()).build());
    cell.track(again);
    assertEquals(List.of(job), again.recover());
    assertEquals(JobState.DONE, again.awaitFinal(job, WAIT).state());
    checkOutput(again.record(job), fs);
    assertEquals(STEPS, TrackedCounterTask.STEPS.get());
  }

  @Test
  void staleEpochsAreRefused() throws Exception {
    HostAgent a = cell.agent("a");
    HostAgent b = cell.agent("b");
    JobId job = new JobId("count-4");
    a.submit(job, TrackedCounterTask.class, "100000", "16", "1");
    assertThrows(ConcurrentJobChangeException.class,
        () -> b.submit(job, TrackedCounterTask.class, "10"));
    assertThrows(IllegalStateException.class, () -> b.migrateIn(job, 1));
    MigrationReport r = a.migrateOut(job, b);
    assertTrue(r.migrated());
    assertThrows(IllegalStateException.class, () -> b.migrateIn(job, 2), "a second take-over");
    assertThrows(IllegalStateException.class, () -> a.migrateOut(job, b), "not on a any more");

    JobRecord frozen = b.freeze(job);
    assertEquals(JobState.FROZEN, frozen.state());
    assertTrue(b.runningJobs().isEmpty());
    assertThrows(IllegalStateException.class, () -> a.resume(job));
    assertEquals(JobState.RUNNING, b.resume(job).state());
    assertEquals(Set.of(job), b.runningJobs());
  }

  private static void awaitSteps(int n) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (TrackedCounterTask.STEPS.get() < n) {
      assertTrue(System.nanoTime() < deadline, "job did not start");
      Thread.sleep(5);
    }
  }

  /** Checks that output.txt has every step once, in order, with the right accumulator; returns the hosts. */
  private static List<String> checkOutput(JobRecord r, FileSystem fs) throws Exception {
    Path out = fs.getPath("/jobs/" + r.job() + "/work/output.txt");
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    int steps = Integer.parseInt(r.args().get(0));
    assertEquals(steps, lines.size(), "lines");
    List<String> hosts = new ArrayList<>();
    long acc = 0;
    for (int i = 0; i < steps; i++) {
      acc = acc * 31 + i;
      String[] f = lines.get(i).split(" ");
      assertEquals(i + " " + acc, f[0] + " " + f[1], "line " + i);
      hosts.add(f[2]);
    }
    return hosts;
  }
}

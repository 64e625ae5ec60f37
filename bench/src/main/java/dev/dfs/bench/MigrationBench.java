package dev.dfs.bench;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.migration.agent.AgentConfig;
import dev.dfs.migration.agent.CounterTask;
import dev.dfs.migration.agent.HostAgent;
import dev.dfs.migration.agent.MigrationReport;
import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.JobId;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import dev.dfs.vfs.DfsFileSystems;
import java.net.InetSocketAddress;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Migration downtime of the jvm driver: a running Java task is frozen, checkpointed to the DFS,
 * restored on another host agent and resumed; freeze time, total time and bytes moved, for 1 MiB
 * and 256 MiB of task state. Two agents in one JVM, one server on loopback, one-copy mode.
 */
public final class MigrationBench {
  static final String SECTION = "migration";

  private MigrationBench() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, "MigrationBench", SECTION, "one 1 MiB migration: checks that it runs",
        "where the DFS data directory goes", java.util.Map.of());
    if (a != null) {
      a.publish(run(a));
    }
  }

  private static String run(BenchArgs a) throws Exception {
    boolean quick = a.quick();
    Path base = Files.createTempDirectory(Files.createDirectories(a.dir()), "dfs-migration-bench-");
    long start = System.nanoTime();
    Machine machine = Machine.probe(base);
    StringBuilder rows = new StringBuilder();
    try (ViceServer server = ViceServer.start(
        ServerConfig.builder(base.resolve("data")).listen(new InetSocketAddress("127.0.0.1", 0)).build())) {
      int[][] plans = quick ? new int[][] {{1, 2}} : new int[][] {{1, 5}, {256, 3}};
      for (int[] plan : plans) {
        rows.append(measure(server, plan[0], plan[1]));
      }
    } finally {
      FoundationBench.deleteTree(base);
    }
    String section = "## Migration: the jvm driver, stop and copy\n\n"
        + String.format(Locale.ROOT, "Run with `bench/run --migration%s`, %.0f s in all.%n%n",
            a.write() ? " --write-results" : "", (System.nanoTime() - start) / 1e9)
        + machine.markdown() + "\n"
        + "| task state | migrations | freeze, median (min–max) | total, median | bytes moved |\n"
        + "| --- | ---: | ---: | ---: | ---: |\n" + rows
        + "\nFreeze = from the request to stop until the task steps again on the target; total = the whole "
        + "migrateOut call; bytes = checkpoint written to the DFS. Both agents run in this JVM against one "
        + "server on loopback, so no network hop between hosts is included.\n";
    return section;
  }

  private static String measure(ViceServer server, int stateMiB, int times) throws Exception {
    List<Double> freeze = new ArrayList<>();
    List<Double> total = new ArrayList<>();
    long bytes = 0;
    try (DfsClient ca = DfsClient.connect(ClientConfig.of(server.address()).withMode(Consistency.ONE_COPY));
        DfsClient cb = DfsClient.connect(ClientConfig.of(server.address()).withMode(Consistency.ONE_COPY))) {
      FileSystem fa = DfsFileSystems.wrap(ca);
      FileSystem fb = DfsFileSystems.wrap(cb);
      try (HostAgent a = HostAgent.start(AgentConfig.builder(new HostId("a"), fa).build());
          HostAgent b = HostAgent.start(AgentConfig.builder(new HostId("b"), fb).build())) {
        for (int i = 0; i < times; i++) {
          JobId job = new JobId("bench-" + stateMiB + "-" + i);
          HostAgent from = i % 2 == 0 ? a : b;
          HostAgent to = i % 2 == 0 ? b : a;
          from.submit(job, CounterTask.class, "1000000", String.valueOf(stateMiB << 20), "1");
          Thread.sleep(300);
          FoundationBench.progress("migrating a task with %d MiB of state (%d of %d)", stateMiB, i + 1, times);
          MigrationReport r = from.migrateOut(job, to);
          if (!r.migrated()) {
            throw new IllegalStateException("migration rolled back: " + r);
          }
          freeze.add(r.freeze().toNanos() / 1e6);
          total.add(r.total().toNanos() / 1e6);
          bytes = r.bytesMoved();
          to.freeze(job);
        }
      }
    }
    freeze.sort(null);
    total.sort(null);
    return String.format(Locale.ROOT, "| %d MiB | %d | %.0f ms (%.0f–%.0f) | %.0f ms | %.1f MiB |%n", stateMiB, times,
        freeze.get(freeze.size() / 2), freeze.get(0), freeze.get(freeze.size() - 1), total.get(total.size() / 2),
        bytes / 1048576.0);
  }
}

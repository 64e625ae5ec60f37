package dev.dfs.migration.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.HostLoad;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadMonitorTest {
  @TempDir Path proc;

  /** An owner a test can send away and bring back. */
  static final class Owner implements OwnerActivity {
    volatile long lastInput;
    volatile long now;

    @Override
    public long idleMillis() {
      return now - lastInput;
    }

    @Override
    public boolean active() {
      return idleMillis() < 1_000;
    }
  }

  @Test
  void readsRunQueueCpuAndMemoryFromProcAndTheOwnerFromItsSource() throws IOException {
    Files.writeString(proc.resolve("loadavg"), "1.50 1.20 0.90 3/412 9876\n");
    Files.writeString(proc.resolve("stat"), "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4\n");
    Files.writeString(proc.resolve("meminfo"), "MemTotal:  4194304 kB\nMemFree: 1 kB\nMemAvailable: 3145728 kB\n");
    Owner owner = new Owner();
    owner.now = 100_000;
    HostAgent agent = HostAgent.start(AgentConfig.builder(new HostId("h"), FileSystems.getDefault())
        .jobsRoot(proc.resolve("jobs").toString()).proc(proc).owner(owner).ticker(() -> 42).build());

    HostLoad l = agent.load();
    assertEquals(new HostId("h"), l.host());
    assertEquals(3, l.runQueue());
    assertEquals(0.2, l.cpuUtilisation(), 1e-9); // 200 busy of 1000 since boot
    assertEquals(4096, l.memoryTotalMb());
    assertEquals(1024, l.memoryUsedMb());
    assertEquals(0, l.jobCount());
    assertEquals(42, l.timestampMillis());
    assertFalse(l.ownerActive());
    assertEquals(100_000, l.ownerIdleMillis());

    // 100 more ticks, 75 of them busy; the owner comes back
    Files.writeString(proc.resolve("stat"), "cpu  150 0 125 720 105 0 0 0 0 0\n");
    owner.lastInput = 100_000;
    l = agent.load();
    assertEquals(0.75, l.cpuUtilisation(), 1e-9);
    assertTrue(l.ownerActive());
    assertEquals(0, l.ownerIdleMillis());
  }

  @Test
  void missingProcFilesReadAsAnIdleHost() {
    HostAgent agent = HostAgent.start(AgentConfig.builder(new HostId("h"), FileSystems.getDefault())
        .jobsRoot(proc.resolve("jobs").toString()).proc(proc.resolve("none")).build());
    HostLoad l = agent.load();
    assertEquals(0, l.runQueue());
    assertEquals(0, l.cpuUtilisation());
    assertEquals(1, l.memoryTotalMb());
  }

  @Test
  void theRealProcGivesAPlausibleLoad() {
    HostAgent agent = HostAgent.start(AgentConfig.builder(new HostId("h"), FileSystems.getDefault())
        .jobsRoot(proc.resolve("jobs").toString()).build());
    HostLoad l = agent.load();
    assertTrue(l.memoryTotalMb() >= 1, l.toString());
    assertTrue(l.cpuUtilisation() >= 0 && l.cpuUtilisation() <= 1, l.toString());
  }
}

package dev.dfs.migration.agent;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.HostLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures a host's load from the Linux {@code /proc} files (a configurable root, so tests can
 * give fixed ones): the run queue from {@code loadavg}, CPU use from the change of the
 * {@code cpu} line of {@code stat} since the previous sample, memory from {@code meminfo}.
 * Missing or unreadable files count as an idle host with 1 MiB of memory.
 */
final class LoadMonitor {
  private final Path proc;
  private long lastTotal = -1;
  private long lastIdle = -1;

  LoadMonitor(Path proc) {
    this.proc = proc;
  }

  synchronized HostLoad sample(HostId host, int jobs, OwnerActivity owner, long millis) {
    int runQueue = runQueue();
    double cpu = cpu();
    long[] mem = memory();
    return new HostLoad(host, runQueue, cpu, mem[0], mem[1], 0, jobs, Math.max(0, owner.idleMillis()), owner.active(),
        millis);
  }

  /** The running entities of {@code loadavg}'s fourth field ("running/total"). */
  private int runQueue() {
    try {
      String[] f = Files.readString(proc.resolve("loadavg")).trim().split("\\s+");
      return Math.max(0, Integer.parseInt(f[3].substring(0, f[3].indexOf('/'))));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private double cpu() {
    try {
      List<String> lines = Files.readAllLines(proc.resolve("stat"));
      String[] f = lines.get(0).trim().split("\\s+");
      if (!f[0].equals("cpu")) {
        return 0;
      }
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) { // user..steal; guest is counted in user
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      long dt = lastTotal < 0 ? total : total - lastTotal;
      long di = lastTotal < 0 ? idle : idle - lastIdle;
      lastTotal = total;
      lastIdle = idle;
      if (dt <= 0) {
        return 0;
      }
      return Math.min(1, Math.max(0, 1 - (double) di / dt));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** {used, total} in MiB. */
  private long[] memory() {
    long total = -1;
    long available = -1;
    try {
      for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
        String[] f = line.trim().split("\\s+");
        if (f[0].equals("MemTotal:")) {
          total = Long.parseLong(f[1]) / 1024;
        } else if (f[0].equals("MemAvailable:")) {
          available = Long.parseLong(f[1]) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 1};
    }
    if (total <= 0) {
      return new long[] {0, 1};
    }
    return new long[] {available < 0 ? 0 : Math.max(0, total - available), total};
  }
}

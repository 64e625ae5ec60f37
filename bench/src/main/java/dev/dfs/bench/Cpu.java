package dev.dfs.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole JVM process (all threads: with the DFS in-process that is client and
 * server together, plus GC and JIT). -1 where the JVM cannot tell.
 */
final class Cpu {
  private static final java.lang.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

  private Cpu() {}

  static long processNanos() {
    if (OS instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }
}

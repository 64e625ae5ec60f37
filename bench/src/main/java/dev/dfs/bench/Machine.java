package dev.dfs.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the benchmark ran on, read from the JVM, /proc and /sys (Linux; other systems say less). */
record Machine(String cpu, int cores, String memory, String kernel, String java, String disk) {

  static Machine probe(Path dataDir) {
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
    String flags = firstValue(Path.of("/proc/cpuinfo"), "flags");
    if (flags != null && List.of(flags.split(" ")).contains("hypervisor")) {
      cpu = (cpu == null ? "unknown CPU" : cpu) + " (virtual machine)";
    }
    String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    if (mem != null && mem.endsWith(" kB")) {
      mem = String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(mem.replace(" kB", "").trim()) / 1048576.0);
    }
    String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version");
    String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + " (" + System.getProperty("java.vm.vendor") + "), max heap "
        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB";
    return new Machine(cpu == null ? "unknown" : cpu, Runtime.getRuntime().availableProcessors(),
        mem == null ? "unknown" : mem, kernel, java, disk(dataDir));
  }

  private static String disk(Path dir) {
    try {
      FileStore fs = Files.getFileStore(dir);
      StringBuilder sb = new StringBuilder();
      sb.append(fs.name()).append(", ").append(fs.type()).append(", ")
          .append(fs.getTotalSpace() >> 30).append(" GiB (").append(fs.getUsableSpace() >> 30).append(" GiB free)");
      String dev = fs.name().startsWith("/dev/") ? fs.name().substring(5) : null;
      if (dev != null) {
        Path sys = Path.of("/sys/class/block", dev);
        String rot = read(sys.resolve("queue/rotational"));
        String model = read(sys.resolve("device/model"));
        String sched = read(sys.resolve("queue/scheduler"));
        if (model != null && !model.isBlank()) {
          sb.append(", model ").append(model.trim());
        }
        if (dev.startsWith("vd")) {
          sb.append(", virtio block device");
        }
        if (rot != null) {
          sb.append(", rotational=").append(rot.trim()).append(" (as the kernel reports it)");
        }
        if (sched != null) {
          sb.append(", scheduler ").append(sched.trim());
        }
      }
      return sb.toString();
    } catch (IOException e) {
      return "unknown (" + e + ")";
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String firstValue(Path file, String key) {
    String text = read(file);
    if (text == null) {
      return null;
    }
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  String markdown() {
    return "- CPU: " + cpu + ", " + cores + " cores visible to the JVM\n"
        + "- memory: " + memory + "\n"
        + "- kernel: " + kernel + "\n"
        + "- Java: " + java + "\n"
        + "- disk holding both the DFS data directory and the local baseline: " + disk + "\n";
  }
}

package dev.dfs.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line every benchmark shares: {@code --write-results}, {@code --quick},
 * {@code --dir DIR}, {@code --results FILE}, {@code --help}, plus options of its own that take
 * one value each.
 */
record BenchArgs(String section, boolean write, boolean quick, Path dir, Path results, Map<String, String> extra) {

  /**
   * Parses {@code args}; returns null after printing the usage for {@code --help}.
   *
   * @param quickHelp what {@code --quick} does for this benchmark
   * @param dirHelp what goes into {@code --dir}
   * @param extraOptions the benchmark's own options (each takes a value), name to one-line help
   */
  static BenchArgs parse(String[] args, String program, String section, String quickHelp, String dirHelp,
      Map<String, String> extraOptions) {
    boolean write = false;
    boolean quick = false;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    Path results = Path.of("bench", "RESULTS.md");
    Map<String, String> extra = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--write-results" -> write = true;
        case "--quick" -> quick = true;
        case "--dir" -> dir = Path.of(value(args, ++i, a));
        case "--results" -> results = Path.of(value(args, ++i, a));
        case "-h", "--help" -> {
          StringBuilder usage = new StringBuilder("usage: " + program + " [--write-results] [--quick] [--dir DIR] [--results FILE]");
          extraOptions.keySet().forEach(o -> usage.append(" [").append(o).append(" VALUE]"));
          usage.append("\n  --write-results  also replace the '").append(section).append("' section of FILE (default bench/RESULTS.md)")
              .append("\n  --quick          ").append(quickHelp)
              .append("\n  --dir DIR        ").append(dirHelp).append(" (default java.io.tmpdir)");
          extraOptions.forEach((o, help) -> usage.append(String.format("%n  %-16s %s", o + " V", help)));
          System.out.println(usage);
          return null;
        }
        default -> {
          if (!extraOptions.containsKey(a)) {
            throw new IllegalArgumentException("unknown argument " + a + " (try --help)");
          }
          extra.put(a, value(args, ++i, a));
        }
      }
    }
    if (write && quick) {
      throw new IllegalArgumentException("--quick figures are not for RESULTS.md; drop one of --quick and --write-results");
    }
    return new BenchArgs(section, write, quick, dir, results, Map.copyOf(extra));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /** Prints the benchmark's markdown section and, with --write-results, puts it into RESULTS.md. */
  void publish(String content) throws IOException {
    System.out.print(content);
    System.out.flush();
    if (write) {
      ResultsFile.replaceSection(results, section, content);
      FoundationBench.progress("wrote section '%s' of %s", section, results.toAbsolutePath());
    }
  }
}

package dev.dfs.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import dev.dfs.bench.jmh.CodecBench;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CodecBench} with short settings (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement,
 * the GC profiler for bytes allocated per operation) and prints a markdown section;
 * {@code --write-results FILE} also puts it into that file. For other settings run JMH itself:
 * {@code bench/run --jmh-raw [JMH options]}.
 */
public final class CodecBenchMain {
  private CodecBenchMain() {}

  public static void main(String[] args) throws RunnerException, IOException {
    Path results = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--write-results") && i + 1 < args.length) {
        results = Path.of(args[++i]);
      } else {
        throw new IllegalArgumentException("usage: CodecBenchMain [--write-results FILE]; unknown " + args[i]);
      }
    }
    Options opts = new OptionsBuilder()
        .include(CodecBench.class.getName() + "\\.")
        .forks(1)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(1))
        .addProfiler("gc")
        .jvmArgsAppend("-Xmx1g")
        .build();
    Collection<RunResult> runs = new Runner(opts).run();
    StringBuilder sb = new StringBuilder();
    sb.append("## Codec hot path (JMH)\n\n");
    sb.append("Run ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(" with `bench/run --jmh --write-results`: JMH 1.37, 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement, ")
        .append("`Frame.writeBody`/`Frame.readBody` on a pooled direct `ByteBuf`, one thread.\n\n");
    sb.append("| benchmark | time per op | ± (99.9%) | MiB/s of payload | bytes allocated per op |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: |\n");
    for (RunResult r : runs) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      Result<?> primary = r.getPrimaryResult();
      double nanos = primary.getScore();
      long payload = name.startsWith("data") ? (1 << 20) : 0;
      var secondary = r.getSecondaryResults();
      Result<?> alloc = secondary.containsKey("gc.alloc.rate.norm") ? secondary.get("gc.alloc.rate.norm")
          : secondary.get("·gc.alloc.rate.norm");
      sb.append("| ").append(name).append(" | ").append(time(nanos)).append(" | ").append(time(primary.getScoreError()))
          .append(" | ").append(payload == 0 ? "—" : String.format(Locale.ROOT, "%,.0f", payload / (nanos / 1e9) / (1 << 20)))
          .append(" | ").append(alloc == null ? "—" : String.format(Locale.ROOT, "%,.0f B", alloc.getScore())).append(" |\n");
    }
    sb.append("\nThe `data…` rows move one 1 MiB chunk, the unit of every FETCH and STORE_DATA; "
        + "their MiB/s is the ceiling the codec alone puts on one connection's throughput.\n");
    System.out.print(sb);
    if (results != null) {
      ResultsFile.replaceSection(results, "codec", sb.toString());
      System.err.println("bench: wrote section 'codec' of " + results.toAbsolutePath());
    }
  }

  private static String time(double nanos) {
    if (nanos >= 1e6) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    if (nanos >= 1e3) {
      return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f ns", nanos);
  }
}

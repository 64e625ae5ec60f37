package dev.dfs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A table of figures, one row per workload and one column per target, with a ratio column for
 * the subject (the DFS) against each baseline. Rows appear in the order they were first added;
 * a figure that was not measured prints as a dash.
 *
 * <p>The ratio is always subject ÷ baseline of the figure in that row: for a rate (MiB/s,
 * ops/s) below 1 means the subject is slower; for a time (ms) above 1 means it is slower.
 */
final class Report {
  private final List<String> targets;
  /** The ratio columns: each is {numerator target, denominator target}. */
  private final List<String[]> ratios = new ArrayList<>();
  private final Map<String, Row> rows = new LinkedHashMap<>();

  private record Row(String workload, String unit, Map<String, Double> values, Map<String, String> notes) {}

  Report(List<String> targets, String subject, List<String> baselines) {
    this.targets = List.copyOf(targets);
    Objects.requireNonNull(subject, "subject");
    if (!targets.contains(subject) || !targets.containsAll(baselines)) {
      throw new IllegalArgumentException("subject " + subject + " and baselines " + baselines
          + " must be among the targets " + targets);
    }
    for (String b : baselines) {
      ratios.add(new String[] {subject, b});
    }
  }

  /** A table whose ratio columns are every other target ÷ {@code baseline} (e.g. each file system ÷ local disk). */
  static Report againstBaseline(List<String> targets, String baseline) {
    Report r = new Report(targets, baseline, List.of());
    for (String t : targets) {
      if (!t.equals(baseline)) {
        r.ratios.add(new String[] {t, baseline});
      }
    }
    return r;
  }

  void add(String workload, String unit, String target, double value) {
    row(workload, unit, target).values().put(target, value);
  }

  /** A figure with the range it came from (e.g. the slowest and fastest of several windows). */
  void add(String workload, String unit, String target, double value, double low, double high) {
    Row r = row(workload, unit, target);
    r.values().put(target, value);
    r.notes().put(target, "(" + figure(low) + "–" + figure(high) + ")");
  }

  /** A figure with a note after it (NaN: the cell is the note's figure-less form, e.g. a count only). */
  void add(String workload, String unit, String target, double value, String note) {
    Row r = row(workload, unit, target);
    if (!Double.isNaN(value)) {
      r.values().put(target, value);
    }
    r.notes().put(target, "(" + note + ")");
  }

  /** A cell that could not be measured, printed as {@code n/a (reason)}. */
  void unavailable(String workload, String unit, String target, String reason) {
    row(workload, unit, target).notes().put(target, "n/a (" + reason + ")");
  }

  private Row row(String workload, String unit, String target) {
    if (!targets.contains(target)) {
      throw new IllegalArgumentException("unknown target " + target + "; targets are " + targets);
    }
    return rows.computeIfAbsent(workload + "\0" + unit,
        k -> new Row(workload, unit, new LinkedHashMap<>(), new LinkedHashMap<>()));
  }

  /** The figure for one cell, or NaN if it was not measured. */
  double get(String workload, String unit, String target) {
    Row r = rows.get(workload + "\0" + unit);
    return r == null ? Double.NaN : r.values().getOrDefault(target, Double.NaN);
  }

  String markdown() {
    List<String> head = new ArrayList<>(List.of("workload", "unit"));
    head.addAll(targets);
    for (String[] q : ratios) {
      head.add(q[0] + " ÷ " + q[1]);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("| ").append(String.join(" | ", head)).append(" |\n|");
    for (int i = 0; i < head.size(); i++) {
      sb.append(i < 2 ? " --- |" : " ---: |");
    }
    sb.append('\n');
    for (Row r : rows.values()) {
      List<String> cells = new ArrayList<>(List.of(r.workload(), r.unit()));
      for (String t : targets) {
        String note = r.notes().get(t);
        Double v = r.values().get(t);
        if (v == null && note != null) {
          cells.add(note);
        } else {
          cells.add(figure(v == null ? Double.NaN : v) + (note == null ? "" : " " + note));
        }
      }
      for (String[] q : ratios) {
        cells.add(ratio(r.values().getOrDefault(q[0], Double.NaN) / r.values().getOrDefault(q[1], Double.NaN)));
      }
      sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return sb.toString();
  }

  /** Three significant figures or so, with thousands separators for large numbers. */
  static String figure(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static String ratio(double r) {
    if (Double.isNaN(r) || Double.isInfinite(r)) {
      return "—";
    }
    if (r >= 10) {
      return String.format(Locale.ROOT, "%.1f", r);
    }
    if (r >= 0.1) {
      return String.format(Locale.ROOT, "%.2f", r);
    }
    return String.format(Locale.ROOT, "%.3f", r);
  }
}

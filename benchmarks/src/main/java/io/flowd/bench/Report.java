package io.flowd.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects measurements (several per figure when repeated) and prints the table of medians. */
final class Report {
  private record Row(
      String measure, String flowd, String raw, String ratio, String target, String verdict) {}

  private final Map<String, List<Double>> samples = new LinkedHashMap<>();
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, String> sections = new LinkedHashMap<>();

  void add(String name, double value) {
    samples.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  double median(String name) {
    return Stats.median(samples.getOrDefault(name, List.of()));
  }

  /** Returns the medians of two samples as {@code "a / b"}. */
  String medians(String first, String second) {
    return fmt(median(first)) + " / " + fmt(median(second));
  }

  String all(String name) {
    List<String> values = new ArrayList<>();
    for (double v : samples.getOrDefault(name, List.of())) {
      values.add(fmt(v));
    }
    return String.join(", ", values);
  }

  /** Adds a table row, unless its phase did not run (its flowd figure is missing). */
  void row(String measure, String flowd, String raw, String ratio, String target, String verdict) {
    if (flowd.startsWith("n/a")) {
      return;
    }
    rows.add(new Row(measure, flowd, raw, ratio, target, verdict));
  }

  static String verdict(boolean met) {
    return met ? "**met**" : "**missed**";
  }

  /** Formats a ratio as a factor, e.g. {@code 1.42x}. */
  static String times(double ratio) {
    return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  /** Adds (or replaces, on a later repeat) a titled block printed after the notes. */
  void section(String title, String markdown) {
    sections.put(title, markdown);
    System.out.println("[bench] " + title + "\n" + markdown);
  }

  void note(String note) {
    notes.add(note);
    System.out.println("[bench] " + note);
  }

  static String fmt(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Math.abs(value) >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (Math.abs(value) >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** Formats a count: a whole number with thousands separators. */
  static String count(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
  }

  static String pct(double ratio) {
    return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", ratio * 100);
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("| measure | flowd | hand-written | ratio | target | verdict |\n");
    out.append("| --- | --- | --- | --- | --- | --- |\n");
    for (Row row : rows) {
      out.append("| ")
          .append(
              String.join(
                  " | ", row.measure, row.flowd, row.raw, row.ratio, row.target, row.verdict))
          .append(" |\n");
    }
    out.append("\nSamples (one per repeat; the table shows their median):\n");
    samples.forEach(
        (name, values) ->
            out.append("- ").append(name).append(": ").append(all(name)).append('\n'));
    if (!notes.isEmpty()) {
      out.append("\nNotes:\n");
      notes.forEach(note -> out.append("- ").append(note).append('\n'));
    }
    sections.forEach(
        (title, markdown) -> out.append('\n').append(title).append(":\n\n").append(markdown));
    return out.toString();
  }
}

package io.flowd.bench.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary of a {@code ./chaos --soak} run: what struck, what the clients sent and got, and
 * whether every accepted run completed exactly once with no call after a logged success.
 *
 * @param length how long the load ran
 * @param faults the faults, in order
 * @param keys executes the clients started (one Idempotency-Key each)
 * @param requests HTTP requests those executes took, retries on 503 or a dead API included
 * @param figures the settled counts of the accepted runs
 * @param unavailableWithoutRetryAfter 503 answers without a Retry-After header
 * @param callsAfterSuccess (run, node) pairs the peer saw called after the node logged success
 * @param repeats (run, node) pairs called more than once
 */
record SoakReport(
    Duration length,
    List<Fault> faults,
    int keys,
    int requests,
    ChaosMain.Figures figures,
    int unavailableWithoutRetryAfter,
    int callsAfterSuccess,
    Repeats repeats) {
  static final String KILL_WORKER = "kill -9 worker";

  /** One fault: what it was and when it struck (epoch milliseconds). */
  record Fault(String kind, long atMillis) {}

  /**
   * Calls repeated for one (run, node): all of them, and those whose first call was in flight when
   * a worker was killed with kill -9.
   */
  record Repeats(int all, int inFlightOnKilledWorker) {}

  static SoakReport of(
      Duration length,
      List<Fault> faults,
      int keys,
      int requests,
      ChaosMain.Figures figures,
      int unavailableWithoutRetryAfter,
      int callsAfterSuccess,
      Repeats repeats) {
    return new SoakReport(
        length,
        faults,
        keys,
        requests,
        figures,
        unavailableWithoutRetryAfter,
        callsAfterSuccess,
        repeats);
  }

  /**
   * Reads the {@code --faults=} list ({@code kill-worker}, {@code term-worker}, {@code kill-api},
   * {@code postgres}) as the harness's fault numbers.
   */
  static List<Integer> faultKinds(String text) {
    List<String> names = List.of("kill-worker", "term-worker", "kill-api", "postgres");
    List<Integer> kinds = new java.util.ArrayList<>();
    for (String name : text.split(",")) {
      int kind = names.indexOf(name.strip());
      if (kind < 0) {
        throw new IllegalArgumentException("unknown fault " + name + "; known: " + names);
      }
      kinds.add(kind);
    }
    return List.copyOf(kinds);
  }

  /** Reads {@code 30m}, {@code 90s}, {@code 1h} or a plain number of minutes. */
  static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("h")) {
      return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    if (t.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    if (t.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    return Duration.ofMinutes(Long.parseLong(t));
  }

  /** Whether every target of the soak held. */
  boolean passed() {
    return figures.started() > 0
        && figures.completed() == figures.started()
        && figures.extraRuns() == 0
        && figures.unexpected5xx() == 0
        && unavailableWithoutRetryAfter == 0
        && callsAfterSuccess == 0
        && figures.duplicateSuccessLogs() == 0
        && repeats.all() == repeats.inFlightOnKilledWorker();
  }

  String text() {
    Map<String, Integer> kinds = new TreeMap<>();
    for (Fault fault : faults) {
      String kind = fault.kind().replaceAll(" [12]( \\(exit .*\\))?$", "");
      kinds.merge(kind, 1, Integer::sum);
    }
    int started = figures.started();
    double completedPercent = started == 0 ? 0 : 100.0 * figures.completed() / started;
    StringBuilder out = new StringBuilder();
    out.append(
        "| soak | %s |%n"
            .formatted(
                length.toMinutes() + " min load, " + figures.seconds() + " s with settling"));
    out.append("|---|---|\n");
    out.append("| faults | %d: %s |%n".formatted(faults.size(), kinds));
    out.append("| executes sent (keys) / HTTP requests | %d / %d |%n".formatted(keys, requests));
    out.append("| accepted | %d |%n".formatted(started));
    out.append(
        "| completed | %d (%.2f %%); failed %d, stuck %d, lost %d |%n"
            .formatted(
                figures.completed(),
                completedPercent,
                figures.failed(),
                figures.stuck(),
                figures.lost()));
    out.append(
        "| runs per key | %s (extra runs or key/run mismatches: %d) |%n"
            .formatted(figures.extraRuns() == 0 ? "exactly one" : "NOT one", figures.extraRuns()));
    out.append("| 5xx other than 503 | %d |%n".formatted(figures.unexpected5xx()));
    out.append("| 503 without Retry-After | %d |%n".formatted(unavailableWithoutRetryAfter));
    out.append(
        "| calls the peer saw after the node logged success | %d |%n".formatted(callsAfterSuccess));
    out.append("| nodes logged success twice | %d |%n".formatted(figures.duplicateSuccessLogs()));
    out.append(
        "| at-least-once repeats (in flight on a killed worker / other) | %d (%d / %d) |%n"
            .formatted(
                repeats.all(),
                repeats.inFlightOnKilledWorker(),
                repeats.all() - repeats.inFlightOnKilledWorker()));
    out.append("| targets | %s |%n".formatted(passed() ? "all held" : "NOT all held"));
    return out.toString();
  }
}

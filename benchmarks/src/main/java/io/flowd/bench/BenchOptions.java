package io.flowd.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sizes and durations of one benchmark run, from {@code --name=value} flags or {@code
 * FLOWD_BENCH_NAME} environment variables (flags win). {@code --quick} picks small defaults for a
 * smoke run. BENCHMARKS.md lists every option.
 *
 * @param quick whether the small smoke-run defaults apply
 * @param repeats how often P1, P2 (closed loop) and P3 are measured; the table shows medians
 * @param clients concurrent clients of the P1 saturation load (HTTP or raw starters)
 * @param p1Requests requests per P1 saturation measurement
 * @param p1RateSeconds how long the P1 open-loop load at half of flowd's rate runs
 * @param p2Clients runs in flight in the P2 closed loop
 * @param p2Runs runs per P2 closed-loop measurement
 * @param sweep the P2 open-loop rates, as fractions of each engine's closed-loop rate
 * @param sweepSeconds how long each open-loop rate is held
 * @param kneeP99Ms the p99 an open-loop rate may reach and still count as below the knee
 * @param p6Clients runs in flight in P6
 * @param p6Runs runs per P6 measurement
 * @param p3Runs sequential runs of each chain in P3
 * @param p3Nodes data mappers in the P3 chain
 * @param p4Runs runs waiting in a delay at once
 * @param p4Clients concurrent clients that start the P4 runs through the API
 * @param p4DelaySeconds the delay of the P4 runs
 * @param timeSkipping whether P4 lets the test server skip time instead of waiting for real
 * @param bigNodes nodes of the large graph in P4
 * @param p5Items items of the P5 iterator, one child run each
 * @param p5Concurrency child runs of the P5 iterator running at once
 * @param p5BatchSize items per iterator execution (continue-as-new) in P5
 * @param warmup runs of each side spent warming up before measuring
 * @param workflowPollers workflow task pollers of the in-process worker (P3-P5)
 * @param activityPollers activity task pollers of the in-process worker (P3-P5)
 * @param workflowCache sticky workflow cache size of the in-process worker (P3-P5)
 * @param poolSize HikariCP connections of the flowd process
 * @param drainMinutes how long the bench waits for started runs to finish between measurements
 * @param flowdJavaOpts JVM flags of the flowd processes
 * @param rawJavaOpts JVM flags of the hand-written workflow's worker process
 * @param serverJavaOpts JVM flags of both test server processes
 * @param profile whether a JFR recording of the flowd JVM is taken during the P2 closed loop
 * @param databaseUrl the PostgreSQL server the fresh database is created on
 * @param phases which of p1 to p6, p8 (a warm code call), p9 (broker intake), pj, pb and pt
 *     (tracing on against off) to run
 * @param jdks JDK homes the {@code pj} phase compares, P2 on each in turn
 * @param baselineClasspath a file holding the class path of the build the {@code pb} phase compares
 *     this one with
 * @param timelineRuns runs of each side whose histories P2's per-run timeline reads
 * @param sink the webhook sink: {@code keep-alive} (HTTP/1.1, the default) or {@code http10} (each
 *     answer HTTP/1.0 on a connection closed after it, as Python's http.server does)
 * @param acceptVariants the {@code pa} phase's variants: extra flowd variables by label
 */
record BenchOptions(
    boolean quick,
    int repeats,
    int clients,
    int p1Requests,
    int p1RateSeconds,
    int p2Clients,
    int p2Runs,
    List<Double> sweep,
    int sweepSeconds,
    int kneeP99Ms,
    int p6Clients,
    int p6Runs,
    int p3Runs,
    int p3Nodes,
    int p4Runs,
    int p4Clients,
    int p4DelaySeconds,
    boolean timeSkipping,
    int bigNodes,
    int p5Items,
    int p5Concurrency,
    int p5BatchSize,
    int warmup,
    int workflowPollers,
    int activityPollers,
    int workflowCache,
    int poolSize,
    int drainMinutes,
    String flowdJavaOpts,
    String rawJavaOpts,
    String serverJavaOpts,
    boolean profile,
    String databaseUrl,
    Set<String> phases,
    List<String> jdks,
    String baselineClasspath,
    int timelineRuns,
    String sink,
    Map<String, Map<String, String>> acceptVariants) {

  /** JVM flags of flowd and of the hand-written worker unless set: the local start's defaults. */
  static final String DEFAULT_JAVA_OPTS = "-Xmx2g";

  static BenchOptions parse(String[] args, Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith("FLOWD_BENCH_")) {
            values.put(
                name.substring("FLOWD_BENCH_".length()).toLowerCase(Locale.ROOT).replace('_', '-'),
                value);
          }
        });
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unknown argument " + arg + "; see BENCHMARKS.md");
      }
      int eq = arg.indexOf('=');
      values.put(
          eq < 0 ? arg.substring(2) : arg.substring(2, eq),
          eq < 0 ? "true" : arg.substring(eq + 1));
    }
    boolean quick = Boolean.parseBoolean(values.getOrDefault("quick", "false"));
    Reader r = new Reader(values, quick);
    String flowdOpts = r.text("flowd-java-opts", DEFAULT_JAVA_OPTS);
    BenchOptions options =
        new BenchOptions(
            quick,
            r.integer("repeats", 3, 1),
            r.integer("clients", 32, 8),
            r.integer("p1-requests", 1500, 150),
            r.integer("p1-rate-seconds", 10, 3),
            r.integer("p2-clients", 32, 8),
            r.integer("p2-runs", 1000, 100),
            r.fractions("sweep", "0.25,0.5,0.75,0.9,1.0,1.15", "0.5,1.0"),
            r.integer("sweep-seconds", 10, 3),
            r.integer("knee-p99-ms", 250, 250),
            r.integer("p6-clients", 64, 16),
            r.integer("p6-runs", 1000, 100),
            r.integer("p3-runs", 15, 3),
            r.integer("p3-nodes", 50, 50),
            r.integer("p4-runs", 10_000, 300),
            r.integer("p4-clients", 32, 8),
            r.integer("p4-delay-seconds", 3600, 3600),
            Boolean.parseBoolean(values.getOrDefault("time-skipping", "true")),
            r.integer("big-nodes", 1000, 1000),
            r.integer("p5-items", 10_000, 500),
            r.integer("p5-concurrency", 50, 50),
            r.integer("p5-batch-size", 200, 200),
            r.integer("warmup", 1000, 60),
            r.integer("workflow-pollers", 0, 0),
            r.integer("activity-pollers", 0, 0),
            r.integer("workflow-cache", 0, 0),
            r.integer("pool-size", 10, 10),
            r.integer("drain-minutes", 5, 5),
            flowdOpts,
            r.text("raw-java-opts", flowdOpts),
            r.text("server-java-opts", DEFAULT_JAVA_OPTS),
            Boolean.parseBoolean(values.getOrDefault("profile", "false")),
            values.getOrDefault(
                "database-url", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"),
            Set.of(values.getOrDefault("phases", "p1,p2,p3,p4,p5,p6,p8,p9").split(",")),
            r.list("jdks"),
            values.getOrDefault("baseline-classpath", ""),
            r.integer("timeline-runs", 300, 100),
            values.getOrDefault("sink", "keep-alive"),
            variants(
                values.getOrDefault(
                    "accept-variants",
                    "grouping-off:FLOWD_RUN_INSERT_GROUPING=off,"
                        + "grouping-on:FLOWD_RUN_INSERT_GROUPING=on")));
    if (!Set.of("keep-alive", "http10").contains(options.sink())) {
      throw new IllegalArgumentException("--sink is keep-alive or http10, not " + options.sink());
    }
    values.keySet().removeAll(Reader.KNOWN);
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + values.keySet());
    }
    return options;
  }

  /**
   * Parses {@code label:NAME=VALUE+NAME=VALUE,label2:...} (a label alone adds no variable) into the
   * variants' extra flowd variables by label, in order.
   */
  static Map<String, Map<String, String>> variants(String text) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String variant : text.split(",")) {
      if (variant.isBlank()) {
        continue;
      }
      int colon = variant.indexOf(':');
      String label = (colon < 0 ? variant : variant.substring(0, colon)).trim();
      Map<String, String> env = new LinkedHashMap<>();
      if (colon >= 0) {
        for (String assignment : variant.substring(colon + 1).split("\\+")) {
          if (assignment.isBlank()) {
            continue;
          }
          int eq = assignment.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--accept-variants: not NAME=VALUE: " + assignment);
          }
          env.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
        }
      }
      out.put(label, env);
    }
    return out;
  }

  boolean has(String phase) {
    return phases.contains(phase);
  }

  private record Reader(Map<String, String> values, boolean quick) {
    static final Set<String> KNOWN =
        Set.of(
            "quick",
            "repeats",
            "clients",
            "p1-requests",
            "p1-rate-seconds",
            "p2-clients",
            "p2-runs",
            "sweep",
            "sweep-seconds",
            "knee-p99-ms",
            "p6-clients",
            "p6-runs",
            "p3-runs",
            "p3-nodes",
            "p4-runs",
            "p4-clients",
            "p4-delay-seconds",
            "time-skipping",
            "big-nodes",
            "p5-items",
            "p5-concurrency",
            "p5-batch-size",
            "warmup",
            "workflow-pollers",
            "activity-pollers",
            "workflow-cache",
            "pool-size",
            "drain-minutes",
            "flowd-java-opts",
            "raw-java-opts",
            "server-java-opts",
            "profile",
            "database-url",
            "phases",
            "jdks",
            "baseline-classpath",
            "timeline-runs",
            "sink",
            "accept-variants");

    int integer(String name, int full, int smoke) {
      String value = values.get(name);
      return value == null ? (quick ? smoke : full) : Integer.parseInt(value.trim());
    }

    String text(String name, String fallback) {
      return values.getOrDefault(name, fallback);
    }

    List<String> list(String name) {
      List<String> out = new ArrayList<>();
      for (String part : values.getOrDefault(name, "").split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }

    List<Double> fractions(String name, String full, String smoke) {
      List<Double> out = new ArrayList<>();
      for (String part : values.getOrDefault(name, quick ? smoke : full).split(",")) {
        if (!part.isBlank()) {
          out.add(Double.parseDouble(part.trim()));
        }
      }
      return out;
    }
  }
}

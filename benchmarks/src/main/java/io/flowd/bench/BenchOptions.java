package io.flowd.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sizes and durations of one benchmark run, from {@code --name=value} flags or {@code
 * FLOWD_BENCH_NAME} environment variables (flags win). {@code --quick} picks small defaults for a
 * smoke run.
 *
 * @param quick whether the small smoke-run defaults apply
 * @param repeats how often P1 to P3 are measured; the table shows medians
 * @param clients concurrent HTTP clients (and raw starters) of P1
 * @param p1Requests requests per P1 measurement
 * @param p1RateSeconds how long the rate-limited P1 load runs
 * @param p2Clients concurrent closed-loop clients of P2 (start, then wait for the result)
 * @param p2Runs runs per P2 measurement
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
 * @param warmup requests and runs spent warming up before measuring
 * @param workflowPollers workflow task pollers of the worker
 * @param activityPollers activity task pollers of the worker
 * @param workflowCache sticky workflow cache size of the worker
 * @param poolSize HikariCP connections of the flowd process
 * @param databaseUrl the PostgreSQL server the fresh database is created on
 * @param phases which of p1, p2, p3, p4 and p5 to run
 */
record BenchOptions(
    boolean quick,
    int repeats,
    int clients,
    int p1Requests,
    int p1RateSeconds,
    int p2Clients,
    int p2Runs,
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
    String databaseUrl,
    java.util.Set<String> phases) {

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
    BenchOptions options =
        new BenchOptions(
            quick,
            r.integer("repeats", 3, 1),
            r.integer("clients", 16, 4),
            r.integer("p1-requests", 2000, 200),
            r.integer("p1-rate-seconds", 10, 3),
            r.integer("p2-clients", 8, 4),
            r.integer("p2-runs", 400, 40),
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
            r.integer("warmup", 300, 60),
            r.integer("workflow-pollers", 0, 0),
            r.integer("activity-pollers", 0, 0),
            r.integer("workflow-cache", 0, 0),
            r.integer("pool-size", 10, 10),
            values.getOrDefault(
                "database-url", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"),
            java.util.Set.of(values.getOrDefault("phases", "p1,p2,p3,p4,p5").split(",")));
    values.keySet().removeAll(Reader.KNOWN);
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + values.keySet());
    }
    return options;
  }

  private record Reader(Map<String, String> values, boolean quick) {
    static final java.util.Set<String> KNOWN =
        java.util.Set.of(
            "quick",
            "repeats",
            "clients",
            "p1-requests",
            "p1-rate-seconds",
            "p2-clients",
            "p2-runs",
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
            "database-url",
            "phases");

    int integer(String name, int full, int smoke) {
      String value = values.get(name);
      return value == null ? (quick ? smoke : full) : Integer.parseInt(value.trim());
    }
  }
}

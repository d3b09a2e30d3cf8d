package io.flowd.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.model.Json;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * flowd's fault harness ({@code ./chaos}): the Temporal test server, the API and two workers as
 * separate processes against a PostgreSQL cluster of its own, under load (trigger → webhook a → 2 s
 * delay → webhook b → data_mapper against a local sink that counts calls per run and node), while
 * it kills and restarts pieces. It prints one line per scenario.
 *
 * <p>Options: {@code --runs=N} (default 300), {@code --only=name,name}, {@code --soak=30m} (instead
 * of the scenarios: steady load while a random fault strikes every 15-30 s; see {@link #soak}),
 * {@code --faults=kill-worker,term-worker,kill-api,postgres} (the soak's faults, all by default).
 * Environment: {@code CHAOS_DATABASE_URL} (the cluster's base URL), {@code CHAOS_PG_VERSION},
 * {@code CHAOS_PG_CLUSTER}.
 */
public final class ChaosMain {
  private static final String TENANT = "chaos";
  private static final Duration SETTLE = Duration.ofSeconds(150);
  private static final int SOAK_CLIENTS = 8;
  private static final long SOAK_PAUSE_MILLIS = 250;
  private static final int SOAK_MAX_OPEN = 200;
  private static final long CALL_TIMEOUT_MILLIS = 31_000;
  private static final int BROKER_BURST = 2_000;

  private final ChaosStack stack;
  private final ChaosSink sink;
  private final Database database;
  private final String token =
      JwtAuthenticator.issueToken(ChaosStack.SECRET, TENANT, null, null, Duration.ofHours(2));
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService clients = Executors.newFixedThreadPool(64);
  private static List<Integer> soakFaults = List.of(0, 1, 2, 3);

  private ChaosMain(ChaosStack stack, ChaosSink sink, Database database) {
    this.stack = stack;
    this.sink = sink;
    this.database = database;
  }

  /** What one scenario measured. */
  record Figures(
      String scenario,
      int started,
      int completed,
      int stuck,
      int lost,
      int failed,
      int extraRuns,
      int repeatedCalls,
      int duplicateSuccessLogs,
      int unexpected5xx,
      long seconds,
      String note) {}

  /** The executes of one load: key → run id, and the 5xx answers other than 503. */
  private static final class Load {
    final Map<UUID, String> runs = new ConcurrentHashMap<>();
    final AtomicInteger unexpected5xx = new AtomicInteger();
    final AtomicInteger mismatched = new AtomicInteger();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger keys = new AtomicInteger();
    final AtomicInteger unavailableWithoutRetryAfter = new AtomicInteger();
  }

  public static void main(String[] args) throws Exception {
    int runs = 300;
    List<String> only = List.of();
    Duration soak = null;
    for (String arg : args) {
      if (arg.startsWith("--faults=")) {
        soakFaults = SoakReport.faultKinds(arg.substring("--faults=".length()));
      } else if (arg.startsWith("--soak=")) {
        soak = SoakReport.duration(arg.substring("--soak=".length()));
      } else if (arg.startsWith("--runs=")) {
        runs = Integer.parseInt(arg.substring("--runs=".length()));
      } else if (arg.startsWith("--only=")) {
        only = List.of(arg.substring("--only=".length()).split(","));
      } else {
        throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    String base =
        System.getenv()
            .getOrDefault(
                "CHAOS_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5439/postgres?user=postgres");
    String url = DatabaseBootstrap.freshDatabase(base, "flowd_chaos");
    Path logs = Path.of("target", "chaos");
    List<Figures> results = new ArrayList<>();
    try (ChaosStack stack =
            new ChaosStack(
                logs,
                url,
                System.getenv().getOrDefault("CHAOS_PG_VERSION", "15"),
                System.getenv().getOrDefault("CHAOS_PG_CLUSTER", "chaos"));
        ChaosSink sink = ChaosSink.start()) {
      stack.start();
      Database database = Database.connect(url, 4);
      ChaosMain chaos = new ChaosMain(stack, sink, database);
      chaos.awaitApi();
      if (soak != null) {
        chaos.soak(soak);
        chaos.clients.shutdownNow();
        database.close();
        return;
      }
      Map<String, ScenarioBody> scenarios = chaos.scenarios(runs);
      for (Map.Entry<String, ScenarioBody> scenario : scenarios.entrySet()) {
        if (!only.isEmpty() && !only.contains(scenario.getKey())) {
          continue;
        }
        System.out.println("scenario " + scenario.getKey() + " ...");
        Figures figures = scenario.getValue().run(scenario.getKey());
        results.add(figures);
        System.out.println(row(figures));
      }
      chaos.clients.shutdownNow();
      database.close();
    } catch (Exception | Error e) {
      // The soak's exit below would otherwise end the harness silently, with status 0.
      System.err.println("chaos: the harness failed: " + e);
      e.printStackTrace();
      if (soak != null) {
        System.err.flush();
        dropQuietly(url);
        System.exit(1);
      }
      throw e;
    } finally {
      if (soak != null) {
        System.out.flush();
        dropQuietly(url);
        System.exit(0);
      }
      try {
        DatabaseBootstrap.drop(url);
      } catch (RuntimeException e) {
        System.err.println("could not drop " + url + ": " + e);
      }
    }
    System.out.println();
    System.out.println(
        "| scenario | started | completed | stuck | lost | failed | extra runs per key |"
            + " (run,node) called twice | duplicate success logs | 5xx other than 503 | seconds |"
            + " note |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    results.forEach(f -> System.out.println(row(f)));
    System.exit(0);
  }

  private static void dropQuietly(String url) {
    try {
      DatabaseBootstrap.drop(url);
    } catch (RuntimeException e) {
      System.err.println("could not drop " + url + ": " + e);
    }
  }

  /**
   * The soak: {@link #SOAK_CLIENTS} clients execute the workflow for {@code length}, each with a
   * fresh {@code Idempotency-Key} retried (same key) until accepted, while a random fault strikes
   * every 15-30 s: kill -9 of a worker, SIGTERM of a worker, kill -9 of the API, or a 5 s stop of
   * the harness's PostgreSQL cluster. Each dead process is replaced at once. The clients hold back
   * while {@link #SOAK_MAX_OPEN} accepted runs are open, so the load stays what the stack can
   * finish; afterwards the harness waits until no run is open or the open ones stop getting fewer
   * for two minutes, then prints the summary.
   */
  private void soak(Duration length) throws Exception {
    java.util.Random random = new java.util.Random();
    long started = System.nanoTime();
    long until = started + length.toNanos();
    String workflowId = createWorkflow("soak", 0);
    Load load = new Load();
    List<Future<?>> running = new ArrayList<>();
    AtomicInteger open = new AtomicInteger();
    Thread counter =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  open.set(openRuns(workflowId, load));
                  Thread.sleep(1_000);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException postgresAway) {
                  // counted again on the next pass
                }
              }
            });
    counter.setDaemon(true);
    counter.start();
    for (int c = 0; c < SOAK_CLIENTS; c++) {
      running.add(
          clients.submit(
              () -> {
                while (System.nanoTime() < until) {
                  if (open.get() >= SOAK_MAX_OPEN) {
                    try {
                      Thread.sleep(200);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                    continue;
                  }
                  execute(workflowId, UUID.randomUUID(), load);
                  try {
                    Thread.sleep(SOAK_PAUSE_MILLIS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              }));
    }
    List<SoakReport.Fault> faults = new ArrayList<>();
    while (true) {
      long waitMillis = 15_000 + random.nextInt(15_001);
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis) >= until) {
        break;
      }
      Thread.sleep(waitMillis);
      faults.add(strike(soakFaults.get(random.nextInt(soakFaults.size())), random.nextInt(2)));
      System.out.printf(
          "%4d s  %s (%d executes accepted so far)%n",
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
          faults.get(faults.size() - 1).kind(),
          load.runs.size());
    }
    for (Future<?> client : running) {
      client.get();
    }
    counter.interrupt();
    drain(workflowId, load);
    Figures figures = settle("soak", workflowId, load, load.runs.size(), started, "");
    SoakReport report =
        SoakReport.of(
            length,
            faults,
            load.keys.get(),
            load.sent.get(),
            figures,
            load.unavailableWithoutRetryAfter.get(),
            callsAfterLoggedSuccess(workflowId, load),
            repeats(load, faults));
    System.out.println();
    System.out.println(report.text());
    System.out.println();
    anomalies(workflowId, load, faults, started).forEach(System.out::println);
  }

  /** Accepted runs of the soak that are not over yet (no row counts as open). */
  private int openRuns(String workflowId, Load load) {
    Map<String, String> statuses = statuses(workflowId);
    int open = 0;
    for (String runId : load.runs.values()) {
      String status = statuses.get(runId);
      if (status == null || !terminal(status)) {
        open++;
      }
    }
    return open;
  }

  /** Waits until no accepted run is open, or the open ones stop getting fewer for two minutes. */
  private void drain(String workflowId, Load load) throws InterruptedException {
    int fewest = Integer.MAX_VALUE;
    long lastProgress = System.nanoTime();
    while (System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(120)) {
      try {
        int open = openRuns(workflowId, load);
        if (open == 0) {
          return;
        }
        if (open < fewest) {
          fewest = open;
          lastProgress = System.nanoTime();
        }
      } catch (RuntimeException postgresAway) {
        // counted again on the next pass
      }
      Thread.sleep(2_000);
    }
  }

  /** Strikes one fault and replaces what it killed; returns what it did and when. */
  private SoakReport.Fault strike(int kind, int worker) throws Exception {
    long at = System.currentTimeMillis();
    String what;
    switch (kind) {
      case 0 -> {
        stack.killWorker(worker);
        what = "kill -9 worker " + (worker + 1);
      }
      case 1 ->
          what = "SIGTERM worker " + (worker + 1) + " (exit " + stack.stopWorker(worker) + ")";
      case 2 -> {
        stack.killApi();
        what = "kill -9 API";
      }
      default -> {
        stack.postgres("stop");
        Thread.sleep(5_000);
        stack.postgres("start");
        what = "PostgreSQL stopped 5 s";
      }
    }
    for (int tries = 1; ; tries++) {
      try {
        if (kind == 0 || kind == 1) {
          stack.startWorker(worker);
        } else if (kind == 2) {
          stack.startApi();
        }
        break;
      } catch (IllegalStateException e) {
        if (tries == 3) {
          throw e;
        }
        System.out.println("replacement failed (" + e.getMessage() + "); trying again");
        Thread.sleep(5_000);
      }
    }
    return new SoakReport.Fault(kind == 0 ? SoakReport.KILL_WORKER : what, at);
  }

  /**
   * Lists every (run, node) pair that broke a target (called twice, called after its logged
   * success, or logged success twice) with its calls and logs, and the fault that struck last
   * before its repeated call, so the cause can be read off the fault timeline.
   */
  private List<String> anomalies(
      String workflowId, Load load, List<SoakReport.Fault> faults, long startedNanos) {
    long startMillis =
        System.currentTimeMillis()
            - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    Map<String, List<String>> logs = new java.util.HashMap<>();
    Map<String, Integer> successes = new java.util.HashMap<>();
    Map<String, Long> firstSuccess = new java.util.HashMap<>();
    try {
      database
          .jdbi()
          .useHandle(
              h ->
                  h.createQuery(
                          "SELECT run_id || '/' || node_id, status, attempt,"
                              + " (extract(epoch FROM created_at) * 1000)::bigint FROM run_logs"
                              + " WHERE tenant_id = :t AND workflow_id = :w AND node_id IN"
                              + " ('a', 'b') ORDER BY created_at, seq")
                      .bind("t", TENANT)
                      .bind("w", workflowId)
                      .map(
                          (rs, ctx) ->
                              new Object[] {
                                rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4)
                              })
                      .forEach(
                          row -> {
                            String key = (String) row[0];
                            long at = (Long) row[3];
                            logs.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(
                                    "%s#%s@%.1fs"
                                        .formatted(row[1], row[2], (at - startMillis) / 1000.0));
                            if ("success".equals(row[1])) {
                              successes.merge(key, 1, Integer::sum);
                              firstSuccess.merge(key, at, Math::min);
                            }
                          }));
    } catch (RuntimeException e) {
      return List.of("could not read the logs for the anomalies: " + e);
    }
    List<String> lines = new ArrayList<>();
    Map<String, Integer> causes = new java.util.TreeMap<>();
    for (String runId : load.runs.values()) {
      for (String node : List.of("a", "b")) {
        String key = runId + "/" + node;
        List<Long> calls = sink.callTimes(runId, node);
        Long success = firstSuccess.get(key);
        boolean afterSuccess = success != null && calls.stream().anyMatch(t -> t > success);
        boolean twice = successes.getOrDefault(key, 0) > 1;
        if (calls.size() < 2 && !afterSuccess && !twice) {
          continue;
        }
        long event = calls.size() >= 2 ? calls.get(1) : calls.isEmpty() ? 0 : calls.get(0);
        SoakReport.Fault before = null;
        for (SoakReport.Fault f : faults) {
          if (f.atMillis() <= event) {
            before = f;
          }
        }
        String cause =
            before == null
                ? "no fault before it"
                : "%s at %.1fs, %.1fs before the repeat"
                    .formatted(
                        before.kind(),
                        (before.atMillis() - startMillis) / 1000.0,
                        (event - before.atMillis()) / 1000.0);
        causes.merge(
            before == null ? "none" : before.kind().replaceAll(" \\(exit.*", ""), 1, Integer::sum);
        lines.add(
            "  %s%s%s calls %s logs %s; last fault: %s"
                .formatted(
                    key,
                    twice ? " [success twice]" : "",
                    afterSuccess ? " [call after success]" : "",
                    calls.stream().map(t -> "%.1fs".formatted((t - startMillis) / 1000.0)).toList(),
                    logs.getOrDefault(key, List.of()),
                    cause));
      }
    }
    List<String> out = new ArrayList<>();
    out.add("fault timeline (s since the start):");
    for (SoakReport.Fault f : faults) {
      out.add("  %.1fs %s".formatted((f.atMillis() - startMillis) / 1000.0, f.kind()));
    }
    out.add(
        "anomalies (run/node, sink calls, logs as status#attempt@time, the fault before): "
            + lines.size()
            + " "
            + causes);
    out.addAll(lines);
    return out;
  }

  /** Counts (run, node) pairs the sink saw called after the node had logged its success. */
  private int callsAfterLoggedSuccess(String workflowId, Load load) {
    Map<String, Long> succeeded = new java.util.HashMap<>();
    database
        .jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        "SELECT run_id || '/' || node_id, (extract(epoch FROM min(created_at))"
                            + " * 1000)::bigint FROM run_logs WHERE tenant_id = :t AND"
                            + " workflow_id = :w AND status = 'success' GROUP BY run_id, node_id")
                    .bind("t", TENANT)
                    .bind("w", workflowId)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> succeeded.put(e.getKey(), e.getValue())));
    int after = 0;
    for (String runId : load.runs.values()) {
      for (String node : List.of("a", "b")) {
        Long loggedAt = succeeded.get(runId + "/" + node);
        if (loggedAt != null && sink.lastCall(runId, node) > loggedAt) {
          after++;
        }
      }
    }
    return after;
  }

  /**
   * Counts the (run, node) pairs called more than once, and of those the ones whose first call was
   * in flight when a worker was killed with kill -9 (the only repeats at-least-once allows).
   */
  private SoakReport.Repeats repeats(Load load, List<SoakReport.Fault> faults) {
    int all = 0;
    int allowed = 0;
    for (String runId : load.runs.values()) {
      for (String node : List.of("a", "b")) {
        if (sink.calls(runId, node) < 2) {
          continue;
        }
        all++;
        long first = sink.firstCall(runId, node);
        boolean inFlightOnKill =
            faults.stream()
                .anyMatch(
                    f ->
                        f.kind().equals(SoakReport.KILL_WORKER)
                            && f.atMillis() >= first
                            && f.atMillis() <= first + CALL_TIMEOUT_MILLIS);
        if (inFlightOnKill) {
          allowed++;
        }
      }
    }
    return new SoakReport.Repeats(all, allowed);
  }

  private static String row(Figures f) {
    return "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |"
        .formatted(
            f.scenario(),
            f.started(),
            f.completed(),
            f.stuck(),
            f.lost(),
            f.failed(),
            f.extraRuns(),
            f.repeatedCalls(),
            f.duplicateSuccessLogs(),
            f.unexpected5xx(),
            f.seconds(),
            f.note());
  }

  @FunctionalInterface
  private interface ScenarioBody {
    Figures run(String name) throws Exception;
  }

  private Map<String, ScenarioBody> scenarios(int runs) {
    Map<String, ScenarioBody> all = new LinkedHashMap<>();
    all.put(
        "kill-9 worker",
        name ->
            scenario(
                name,
                0,
                runs,
                32,
                () -> sink.total() >= runs / 3,
                () -> {
                  stack.killWorker(0);
                  return "worker 1 killed";
                },
                () -> stack.startWorker(0)));
    all.put(
        "SIGTERM worker mid-call",
        name ->
            scenario(
                name,
                5_000,
                Math.max(8, runs / 20),
                16,
                () -> sink.total() >= Math.max(4, runs / 40),
                () -> "worker 1 exited " + stack.stopWorker(0),
                () -> stack.startWorker(0)));
    all.put(
        "restart PostgreSQL",
        name ->
            scenario(
                name,
                0,
                runs,
                32,
                () -> sink.total() >= runs / 3,
                () -> {
                  stack.postgres("stop");
                  Thread.sleep(5_000);
                  stack.postgres("start");
                  return "stopped 5 s";
                },
                () -> {}));
    all.put(
        "kill-9 API, clients retry",
        name ->
            scenario(
                name,
                0,
                runs,
                64,
                null,
                null,
                () -> {},
                load -> load.runs.size() >= runs / 3,
                () -> {
                  stack.killApi();
                  Thread.sleep(1_000);
                  stack.startApi();
                  return "API killed and restarted";
                }));
    all.put("restart Temporal empty", name -> temporalRestart(name, Math.max(20, runs / 3)));
    all.put("kill-9 API during a broker burst", name -> brokerBurst(name, BROKER_BURST));
    all.put("overload one API", name -> overload(name, Duration.ofSeconds(20)));
    return all;
  }

  private Figures scenario(
      String name,
      long sleepMillis,
      int runs,
      int concurrency,
      BooleanSupplier when,
      Fault fault,
      Repair repair)
      throws Exception {
    return scenario(name, sleepMillis, runs, concurrency, when, fault, repair, null, null);
  }

  @FunctionalInterface
  private interface Fault {
    String inject() throws Exception;
  }

  @FunctionalInterface
  private interface Repair {
    void repair() throws Exception;
  }

  private Figures scenario(
      String name,
      long sleepMillis,
      int runs,
      int concurrency,
      BooleanSupplier when,
      Fault fault,
      Repair repair,
      java.util.function.Predicate<Load> whenLoad,
      Fault loadFault)
      throws Exception {
    long started = System.nanoTime();
    String workflowId = createWorkflow(name, sleepMillis);
    Load load = new Load();
    List<Future<?>> sent = new ArrayList<>();
    java.util.concurrent.Semaphore gate = new java.util.concurrent.Semaphore(concurrency);
    Thread sender =
        new Thread(
            () -> {
              for (int i = 0; i < runs; i++) {
                gate.acquireUninterruptibly();
                sent.add(
                    clients.submit(
                        () -> {
                          try {
                            execute(workflowId, UUID.randomUUID(), load);
                          } finally {
                            gate.release();
                          }
                        }));
              }
            });
    sender.start();
    String note = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (when != null && when.getAsBoolean()) {
        note = fault.inject();
        break;
      }
      if (whenLoad != null && whenLoad.test(load)) {
        note = loadFault.inject();
        break;
      }
      Thread.sleep(50);
    }
    sender.join();
    for (Future<?> f : sent) {
      f.get();
    }
    Figures figures = settle(name, workflowId, load, runs, started, note);
    repair.repair();
    return figures;
  }

  /**
   * A burst of messages on a RabbitMQ queue ({@code CHAOS_RABBIT_URL}, default the local broker)
   * consumed by a {@code rabbitmq_trigger}, with the API killed (kill -9) and restarted when a
   * third of them have runs. Every message must end with exactly one run: a message without a run
   * is lost, a second run of a message is a duplicate ("extra runs per key").
   */
  private Figures brokerBurst(String name, int messages) throws Exception {
    long started = System.nanoTime();
    String url =
        System.getenv().getOrDefault("CHAOS_RABBIT_URL", "amqp://guest:guest@127.0.0.1:5672/%2F");
    String queue = "flowd-chaos-burst-" + UUID.randomUUID();
    com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
    factory.setUri(url);
    try (com.rabbitmq.client.Connection rabbit = factory.newConnection("flowd-chaos");
        com.rabbitmq.client.Channel channel = rabbit.createChannel()) {
      channel.queueDeclare(queue, true, false, false, null);
      channel.confirmSelect();
      try {
        ObjectNode body = Json.object().put("name", "chaos: " + name);
        var nodes = body.putArray("nodes");
        nodes
            .addObject()
            .put("id", "t")
            .put("type", "trigger")
            .putObject("data")
            .put("componentId", "rabbitmq_trigger")
            .put("url", url)
            .put("queue", queue)
            .put("format", "json")
            .put("prefetch", 50);
        nodes
            .addObject()
            .put("id", "m")
            .put("type", "action")
            .putObject("data")
            .put("componentId", "data_mapper")
            .putObject("mappings")
            .put("n", "{{ trigger.body.n }}");
        body.putArray("edges").addObject().put("id", "t-m").put("source", "t").put("target", "m");
        String workflowId = postWorkflow(body);
        long connectedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (channel.consumerCount(queue) == 0 && System.nanoTime() < connectedBy) {
          Thread.sleep(200);
        }
        Thread killer =
            new Thread(
                () -> {
                  try {
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (distinctMessages(workflowId) < messages / 3
                        && System.nanoTime() < until) {
                      Thread.sleep(20);
                    }
                    stack.killApi();
                    Thread.sleep(1_000);
                    stack.startApi();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        killer.start();
        var props =
            new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2);
        for (int i = 0; i < messages; i++) {
          channel.basicPublish(
              "",
              queue,
              props.messageId("burst-" + i).build(),
              ("{\"n\": " + i + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(60_000);
        killer.join();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Map<String, String> statuses = Map.of();
        while (System.nanoTime() < deadline) {
          try {
            statuses = statuses(workflowId);
            if (distinctMessages(workflowId) >= messages
                && statuses.values().stream().allMatch(ChaosMain::terminal)) {
              break;
            }
          } catch (RuntimeException notYet) {
            // keep waiting
          }
          Thread.sleep(1_000);
        }
        int distinct = distinctMessages(workflowId);
        int completed = (int) statuses.values().stream().filter("completed"::equals).count();
        int failed =
            (int)
                statuses.values().stream()
                    .filter(s -> terminal(s) && !"completed".equals(s))
                    .count();
        int stuck = (int) statuses.values().stream().filter(s -> !terminal(s)).count();
        return new Figures(
            name,
            distinct,
            completed,
            stuck,
            messages - distinct,
            failed,
            statuses.size() - distinct,
            0,
            duplicateSuccessLogs(workflowId),
            0,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
            messages
                + " messages, "
                + statuses.size()
                + " runs, "
                + channel.messageCount(queue)
                + " left in the queue; API killed at a third");
      } finally {
        channel.queueDelete(queue);
      }
    }
  }

  private int distinctMessages(String workflowId) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(DISTINCT trigger_payload -> 'body' -> 'n') FROM runs"
                            + " WHERE tenant_id = :t AND workflow_id = :w")
                    .bind("t", TENANT)
                    .bind("w", workflowId)
                    .mapTo(Integer.class)
                    .one());
  }

  private Figures temporalRestart(String name, int runs) throws Exception {
    long started = System.nanoTime();
    String workflowId = createWorkflow(name, 0);
    stack.killTemporal();
    Load load = new Load();
    List<Future<?>> sent = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      sent.add(clients.submit(() -> execute(workflowId, UUID.randomUUID(), load)));
    }
    for (Future<?> f : sent) {
      f.get();
    }
    stack.startTemporal();
    return settle(name, workflowId, load, runs, started, "executes while down, fresh server");
  }

  private Figures overload(String name, Duration length) throws Exception {
    long started = System.nanoTime();
    String workflowId = createWorkflow(name, 0);
    Load load = new Load();
    AtomicInteger sentCount = new AtomicInteger();
    long until = System.nanoTime() + length.toNanos();
    List<Future<?>> sent = new ArrayList<>();
    for (int c = 0; c < 64; c++) {
      sent.add(
          clients.submit(
              () -> {
                while (System.nanoTime() < until) {
                  sentCount.incrementAndGet();
                  executeOnce(workflowId, UUID.randomUUID(), load);
                }
              }));
    }
    for (Future<?> f : sent) {
      f.get();
    }
    return settle(
        name,
        workflowId,
        load,
        load.runs.size(),
        started,
        sentCount.get() + " executes in " + length.toSeconds() + " s, 64 clients");
  }

  /** Sends one execute with {@code key} until it is accepted, retrying with the same key. */
  private void execute(String workflowId, UUID key, Load load) {
    load.keys.incrementAndGet();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (executeOnce(workflowId, key, load)) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Returns whether the execute was answered for good (accepted, or refused with a 4xx). */
  private boolean executeOnce(String workflowId, UUID key, Load load) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(stack.apiBase() + "/workflows/" + workflowId + "/execute"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .header("Idempotency-Key", key.toString())
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      load.sent.incrementAndGet();
      if (status == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
        load.unavailableWithoutRetryAfter.incrementAndGet();
      }
      if (status == 200 || status == 202) {
        String runId = Json.parse(response.body()).path("id").asText();
        String before = load.runs.putIfAbsent(key, runId);
        if (before != null && !before.equals(runId)) {
          load.mismatched.incrementAndGet();
        }
        return true;
      }
      if (status >= 500 && status != 503) {
        load.unexpected5xx.incrementAndGet();
      }
      return status >= 400 && status < 500 && status != 429;
    } catch (IOException e) {
      load.sent.incrementAndGet();
      return false; // the API is down: try again with the same key
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Waits for the accepted runs to end (at most {@link #SETTLE}) and counts what happened. */
  private Figures settle(
      String name, String workflowId, Load load, int runs, long startedNanos, String note)
      throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    Map<String, String> statuses = Map.of();
    while (System.nanoTime() < deadline) {
      try {
        statuses = statuses(workflowId);
        if (statuses.values().stream().allMatch(ChaosMain::terminal)
            && statuses.size() >= load.runs.size()) {
          break;
        }
      } catch (RuntimeException postgresAway) {
        // the harness's own connection during a restart
      }
      Thread.sleep(1_000);
    }
    int completed = 0;
    int stuck = 0;
    int lost = 0;
    int failed = 0;
    int repeated = 0;
    for (String runId : load.runs.values()) {
      String status = statuses.get(runId);
      if (status == null) {
        lost++;
      } else if ("completed".equals(status)) {
        completed++;
      } else if (!terminal(status)) {
        stuck++;
      } else {
        failed++;
      }
      for (String node : List.of("a", "b")) {
        if (sink.calls(runId, node) > 1) {
          repeated++;
        }
      }
    }
    int extraRuns = Math.max(0, statuses.size() - load.runs.size()) + load.mismatched.get();
    return new Figures(
        name,
        load.runs.size(),
        completed,
        stuck,
        lost,
        failed,
        extraRuns,
        repeated,
        duplicateSuccessLogs(workflowId),
        load.unexpected5xx.get(),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos),
        note + (load.runs.size() < runs ? "; only " + load.runs.size() + " accepted" : ""));
  }

  private static boolean terminal(String status) {
    return "completed".equals(status) || "failed".equals(status) || "cancelled".equals(status);
  }

  private Map<String, String> statuses(String workflowId) {
    Map<String, String> out = new java.util.HashMap<>();
    database
        .jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        "SELECT id, status FROM runs WHERE tenant_id = :t AND workflow_id = :w")
                    .bind("t", TENANT)
                    .bind("w", workflowId)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  private int duplicateSuccessLogs(String workflowId) {
    try {
      return database
          .jdbi()
          .withHandle(
              h ->
                  h.createQuery(
                          "SELECT count(*) FROM (SELECT run_id, node_id FROM run_logs WHERE"
                              + " tenant_id = :t AND workflow_id = :w AND status = 'success'"
                              + " GROUP BY run_id, node_id HAVING count(*) > 1) d")
                      .bind("t", TENANT)
                      .bind("w", workflowId)
                      .mapTo(Integer.class)
                      .one());
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private String createWorkflow(String name, long sleepMillis) throws Exception {
    String sleep = sleepMillis > 0 ? "?sleep=" + sleepMillis : "";
    ObjectNode body = Json.object().put("name", "chaos: " + name);
    var nodes = body.putArray("nodes");
    nodes
        .addObject()
        .put("id", "t")
        .put("type", "trigger")
        .putObject("data")
        .put("componentId", "manual_trigger");
    for (String hook : List.of("a", "b")) {
      ObjectNode data =
          nodes
              .addObject()
              .put("id", hook)
              .put("type", "action")
              .putObject("data")
              .put("componentId", "webhook")
              .put("method", "POST")
              .put("url", sink.base() + hook + sleep)
              .put("timeout_seconds", 30);
      data.putObject("body").put("run", "{{ run.id }}");
      data.putObject("retry").put("max_attempts", 5);
    }
    nodes
        .addObject()
        .put("id", "wait")
        .put("type", "action")
        .putObject("data")
        .put("componentId", "delay")
        .put("duration", 2)
        .put("unit", "seconds");
    nodes
        .addObject()
        .put("id", "m")
        .put("type", "action")
        .putObject("data")
        .put("componentId", "data_mapper")
        .putObject("mappings")
        .put("done", true);
    var edges = body.putArray("edges");
    String[][] pairs = {{"t", "a"}, {"a", "wait"}, {"wait", "b"}, {"b", "m"}};
    for (String[] pair : pairs) {
      edges
          .addObject()
          .put("id", pair[0] + "-" + pair[1])
          .put("source", pair[0])
          .put("target", pair[1]);
    }
    return postWorkflow(body);
  }

  private String postWorkflow(ObjectNode body) throws Exception {
    for (int attempt = 0; attempt < 60; attempt++) {
      try {
        HttpResponse<String> created =
            http.send(
                HttpRequest.newBuilder(URI.create(stack.apiBase() + "/workflows"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() == 201) {
          return Json.parse(created.body()).path("id").asText();
        }
        if (created.statusCode() < 500) {
          throw new IllegalStateException("workflow refused: " + created.body());
        }
      } catch (IOException notYet) {
        // the API is restarting
      }
      Thread.sleep(1_000);
    }
    throw new IllegalStateException("the API did not take the workflow");
  }

  private void awaitApi() throws Exception {
    for (int i = 0; i < 600; i++) {
      try {
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create(stack.apiBase() + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.parse(ready.body());
        if (ready.statusCode() == 200 && "up".equals(body.path("temporal").asText())) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the API was not ready within 120 s");
  }
}

package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.template.Templates;
import io.flowd.nodes.components.DataMapperHandler;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.store.RunDao;
import io.flowd.worker.activity.NodeResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.testservice.v1.LockTimeSkippingRequest;
import io.temporal.api.testservice.v1.UnlockTimeSkippingRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The benchmark of issue 7: flowd against raw Temporal on the same test server, side by side. Run
 * it with {@code ./bench} (see BENCHMARKS.md); it prints a Markdown table of medians.
 */
public final class BenchMain {
  /** Temporal's hard limit of events in one execution's history. */
  private static final int HISTORY_EVENT_LIMIT = 51_200;

  private static final int P5_DEADLINE_MINUTES = 60;

  private final BenchStack stack;
  private final BenchOptions options;
  private final Report report = new Report();
  private final List<String> rawStarted = Collections.synchronizedList(new ArrayList<>());
  private String standardId;

  private BenchMain(BenchStack stack) {
    this.stack = stack;
    this.options = stack.options;
  }

  /** Starts the stack, measures P1 to P5, prints the table and drops the database. */
  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args, System.getenv());
    log("options " + options);
    String table;
    try (BenchStack stack = new BenchStack(options)) {
      BenchMain bench = new BenchMain(stack);
      if (!options.phases().equals(java.util.Set.of("p5"))) {
        bench.warmUp();
      }
      for (int i = 1; i <= options.repeats(); i++) {
        log("repeat " + i + " of " + options.repeats());
        if (options.phases().contains("p1")) {
          bench.p1();
        }
        if (options.phases().contains("p2")) {
          bench.p2();
        }
        if (options.phases().contains("p3")) {
          bench.p3();
        }
      }
      if (options.phases().contains("p4")) {
        bench.p4();
      }
      if (options.phases().contains("p5")) {
        bench.p5();
      }
      bench.summarize();
      table = bench.report.render();
    }
    System.out.println();
    System.out.println(machine());
    System.out.println(table);
  }

  private void warmUp() throws Exception {
    standardId = stack.createWorkflow(Graphs.standard(stack.sink.url()));
    log("warming up with " + options.warmup() + " runs each");
    Load.closed(options.clients(), options.warmup(), () -> stack.execute(standardId));
    Load.closed(options.clients(), options.warmup(), this::startRaw);
    drain();
    Load.closed(options.p2Clients(), options.warmup() / 2, () -> flowdEndToEnd(standardId));
    Load.closed(options.p2Clients(), options.warmup() / 2, this::rawEndToEnd);
    drain();
  }

  private void p1() throws Exception {
    long cpu0 = cpuNanos();
    Load.Result flowd =
        Load.closed(options.clients(), options.p1Requests(), () -> stack.execute(standardId));
    checkErrors("P1 flowd", flowd);
    drain();
    long cpu1 = cpuNanos();
    Load.Result raw = Load.closed(options.clients(), options.p1Requests(), this::startRaw);
    checkErrors("P1 raw", raw);
    drain();
    long cpu2 = cpuNanos();
    report.add(
        "JVM CPU ms per flowd run (accept + execute)", (cpu1 - cpu0) / 1e6 / options.p1Requests());
    report.add(
        "JVM CPU ms per raw run (start + execute)", (cpu2 - cpu1) / 1e6 / options.p1Requests());
    double half = raw.perSecond() / 2;
    Load.Result paced = Load.open(half, options.p1RateSeconds(), () -> stack.execute(standardId));
    checkErrors("P1 flowd at half the raw rate", paced);
    drain();
    log(
        String.format(
            Locale.ROOT,
            "P1 flowd %.0f/s p50 %.1f p99 %.1f ms; raw %.0f/s p50 %.1f p99 %.1f ms;"
                + " at %.0f/s p99 %.1f ms",
            flowd.perSecond(),
            flowd.p(50),
            flowd.p(99),
            raw.perSecond(),
            raw.p(50),
            raw.p(99),
            half,
            paced.p(99)));
    report.add("P1 flowd accepted/s", flowd.perSecond());
    report.add("P1 flowd p50 ms", flowd.p(50));
    report.add("P1 flowd p99 ms", flowd.p(99));
    report.add("P1 raw starts/s", raw.perSecond());
    report.add("P1 raw p50 ms", raw.p(50));
    report.add("P1 raw p99 ms", raw.p(99));
    report.add("P1 half rate /s", half);
    report.add("P1 flowd p50 ms at half rate", paced.p(50));
    report.add("P1 flowd p99 ms at half rate", paced.p(99));
  }

  private void p2() throws Exception {
    long cpu0 = cpuNanos();
    Load.Result flowd =
        Load.closed(options.p2Clients(), options.p2Runs(), () -> flowdEndToEnd(standardId));
    checkErrors("P2 flowd", flowd);
    long cpu1 = cpuNanos();
    Load.Result raw = Load.closed(options.p2Clients(), options.p2Runs(), this::rawEndToEnd);
    checkErrors("P2 raw", raw);
    drain();
    long cpu2 = cpuNanos();
    report.add("P2 JVM CPU ms per flowd run", (cpu1 - cpu0) / 1e6 / options.p2Runs());
    report.add("P2 JVM CPU ms per raw run", (cpu2 - cpu1) / 1e6 / options.p2Runs());
    log(
        String.format(
            Locale.ROOT,
            "P2 flowd %.1f runs/s p50 %.1f p99 %.1f ms; raw %.1f runs/s p50 %.1f p99 %.1f ms",
            flowd.perSecond(),
            flowd.p(50),
            flowd.p(99),
            raw.perSecond(),
            raw.p(50),
            raw.p(99)));
    report.add("P2 flowd runs/s", flowd.perSecond());
    report.add("P2 flowd p50 ms", flowd.p(50));
    report.add("P2 flowd p99 ms", flowd.p(99));
    report.add("P2 raw runs/s", raw.perSecond());
    report.add("P2 raw p50 ms", raw.p(50));
    report.add("P2 raw p99 ms", raw.p(99));
  }

  private void p3() throws Exception {
    int n = options.p3Nodes();
    String chain = stack.createWorkflow(Graphs.chain(n));
    String single = stack.createWorkflow(Graphs.chain(1));
    List<Double> longRuns = new ArrayList<>();
    List<Double> shortRuns = new ArrayList<>();
    for (int i = 0; i < options.p3Runs(); i++) {
      longRuns.add(interpreterMillis(chain));
      shortRuns.add(interpreterMillis(single));
    }
    double body = mapperBodyMillis();
    double perNode = (Stats.median(longRuns) - Stats.median(shortRuns)) / (n - 1);
    log(
        String.format(
            Locale.ROOT,
            "P3 %d-node chain p50 %.1f ms, 1-node p50 %.1f ms: %.3f ms per node, body %.4f ms",
            n,
            Stats.median(longRuns),
            Stats.median(shortRuns),
            perNode,
            body));
    report.add("P3 chain p50 ms", Stats.median(longRuns));
    report.add("P3 single p50 ms", Stats.median(shortRuns));
    report.add("P3 per node beyond body ms", perNode - body);
    report.add("P3 mapper body ms", body);
  }

  private void p4() throws Exception {
    int delay = options.p4DelaySeconds();
    String delayed = stack.createWorkflow(Graphs.delay(delay));
    double heapBefore = usedHeapMiB();
    double rssBefore = rssMiB();
    log("P4 starting " + options.p4Runs() + " runs that wait " + delay + " s");
    Load.Result submitted =
        Load.closed(options.p4Clients(), options.p4Runs(), () -> stack.execute(delayed));
    checkErrors("P4 submit", submitted);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (waiting(delayed) < submitted.latenciesMs().size() && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    int waiting = waiting(delayed);
    Thread.sleep(2000);
    double heap = usedHeapMiB();
    double rss = rssMiB();
    double maxHeap = Runtime.getRuntime().maxMemory() / 1048576.0;
    report.add("P4 runs waiting at once", waiting);
    report.add("P4 heap after GC MiB (whole JVM)", heap);
    report.add("P4 heap added by the waiting runs MiB", heap - heapBefore);
    report.add("P4 RSS MiB (whole JVM)", rss);
    report.add("P4 RSS added MiB", rss - rssBefore);
    report.add("P4 JVM threads", Thread.activeCount());
    log(
        String.format(
            Locale.ROOT,
            "P4 %d waiting: heap %.0f MiB (was %.0f; max %.0f), RSS %.0f MiB (was %.0f)",
            waiting,
            heap,
            heapBefore,
            maxHeap,
            rss,
            rssBefore));
    long t0 = System.nanoTime();
    if (options.timeSkipping()) {
      stack
          .testService
          .blockingStub()
          .unlockTimeSkipping(UnlockTimeSkippingRequest.getDefaultInstance());
      report.note(
          "P4: the port-bound test server skipped the "
              + delay
              + " s of the delay (TestService.unlockTimeSkipping until all completed); no real"
              + " waiting.");
    } else {
      report.note("P4: time skipping off, the runs waited " + delay + " s for real.");
    }
    deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (completed(delayed) < waiting && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    int done = completed(delayed);
    if (options.timeSkipping()) {
      stack
          .testService
          .blockingStub()
          .lockTimeSkipping(LockTimeSkippingRequest.getDefaultInstance());
    }
    double drainSeconds = (System.nanoTime() - t0) / 1e9;
    report.add("P4 runs completed after the delay", done);
    report.add("P4 seconds until all completed", drainSeconds);
    log("P4 " + done + " of " + waiting + " completed in " + drainSeconds + " s");

    String big = stack.createWorkflow(Graphs.chain(options.bigNodes() - 1));
    long b0 = System.nanoTime();
    String status;
    double interpreter = Double.NaN;
    try {
      JsonNode run = stack.execute(big);
      stack
          .client
          .newUntypedWorkflowStub(run.path("temporal_workflow_id").asText())
          .getResult(10, TimeUnit.MINUTES, RunResult.class);
      Run stored =
          stack
              .database
              .dao(RunDao.class)
              .find(BenchStack.TENANT, run.path("id").asText())
              .orElseThrow();
      status = stored.status().toString().toLowerCase(Locale.ROOT);
      interpreter = millisBetween(stored);
    } catch (Exception e) {
      status = "failed: " + e;
    }
    double e2e = (System.nanoTime() - b0) / 1e6;
    report.add("P4 " + options.bigNodes() + "-node graph end-to-end ms", e2e);
    report.add("P4 " + options.bigNodes() + "-node graph interpreter ms", interpreter);
    report.note("P4: the " + options.bigNodes() + "-node graph ended " + status);
    log("P4 big graph " + status + " in " + e2e + " ms");
  }

  /**
   * P5: one run whose iterator node runs a child workflow once per item (issue 4), started through
   * the API; checks that every result arrives in order and reads the histories of the parent and of
   * every iterator execution of the continue-as-new chain.
   */
  private void p5() throws Exception {
    int n = options.p5Items();
    String child = stack.createWorkflow(Graphs.iteratorChild());
    String parent =
        stack.createWorkflow(
            Graphs.iterator(child, options.p5Concurrency(), options.p5BatchSize()));
    ObjectNode body = Json.object();
    ArrayNode items = body.putObject("context").putArray("items");
    for (int k = 0; k < n; k++) {
      items.addObject().put("i", k);
    }
    log(
        "P5 iterating over "
            + n
            + " items, concurrency "
            + options.p5Concurrency()
            + ", batch size "
            + options.p5BatchSize());
    long t0 = System.nanoTime();
    JsonNode run = stack.execute(parent, Json.write(body));
    String temporalId = run.path("temporal_workflow_id").asText();
    WorkflowStub stub = stack.client.newUntypedWorkflowStub(temporalId);
    long deadline = t0 + TimeUnit.MINUTES.toNanos(P5_DEADLINE_MINUTES);
    RunResult result = null;
    String failure = null;
    while (result == null && failure == null) {
      try {
        result = stub.getResult(15, TimeUnit.SECONDS, RunResult.class);
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          failure = "not finished after " + P5_DEADLINE_MINUTES + " minutes";
        } else {
          log(
              String.format(
                  Locale.ROOT,
                  "P5 %d of %d child runs completed after %.0f s",
                  completed(child),
                  n,
                  (System.nanoTime() - t0) / 1e9));
        }
      } catch (RuntimeException e) {
        failure = e + (e.getCause() == null ? "" : ", caused by " + e.getCause());
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    int children = completed(child);

    int returned = 0;
    int inOrder = 0;
    if (result != null) {
      JsonNode results =
          new PayloadStore(stack.database)
              .resolve(BenchStack.TENANT, result.output())
              .path("results");
      returned = results.size();
      for (int k = 0; k < Math.min(returned, n); k++) {
        if (results.get(k).path("i").asText().equals(Integer.toString(k))) {
          inOrder++;
        }
      }
    }
    String status =
        stack
            .database
            .dao(RunDao.class)
            .find(BenchStack.TENANT, run.path("id").asText())
            .map(r -> r.status().toString().toLowerCase(Locale.ROOT))
            .orElse("missing");

    List<HistoryEvent> parentEvents = stack.client.fetchHistory(temporalId).getEvents();
    List<Integer> lengths = new ArrayList<>();
    long largestBytes = 0;
    WorkflowExecution iterator =
        parentEvents.stream()
            .filter(HistoryEvent::hasChildWorkflowExecutionStartedEventAttributes)
            .map(e -> e.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution())
            .findFirst()
            .orElse(null);
    String iteratorRun = iterator == null ? null : iterator.getRunId();
    while (iteratorRun != null) {
      List<HistoryEvent> events =
          stack.client.fetchHistory(iterator.getWorkflowId(), iteratorRun).getEvents();
      lengths.add(events.size());
      largestBytes =
          Math.max(largestBytes, events.stream().mapToLong(HistoryEvent::getSerializedSize).sum());
      HistoryEvent last = events.get(events.size() - 1);
      iteratorRun =
          last.hasWorkflowExecutionContinuedAsNewEventAttributes()
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    int largest = lengths.stream().mapToInt(Integer::intValue).max().orElse(0);

    report.add("P5 items", n);
    report.add("P5 results returned", returned);
    report.add("P5 results in order", inOrder);
    report.add("P5 child runs completed", children);
    report.add("P5 wall seconds (execute to parent completed)", wall);
    report.add("P5 child runs/s", children / wall);
    report.add("P5 iterator executions", lengths.size());
    report.add("P5 largest iterator history events", largest);
    report.add("P5 largest iterator history KiB", largestBytes / 1024.0);
    report.add("P5 parent GraphWorkflow history events", parentEvents.size());
    report.note(
        "P5: the parent run ended "
            + status
            + (failure == null ? "" : " (" + failure + ")")
            + "; iterator history lengths in events, in chain order: "
            + lengths);
    log(
        String.format(
            Locale.ROOT,
            "P5 %d items: %d results, %d in order, %d child runs in %.1f s (%.1f/s);"
                + " %d iterator executions, largest history %d events; parent %d events",
            n,
            returned,
            inOrder,
            children,
            wall,
            children / wall,
            lengths.size(),
            largest,
            parentEvents.size()));
  }

  private void summarize() {
    double flowdRate = report.median("P1 flowd accepted/s");
    double rawRate = report.median("P1 raw starts/s");
    report.row(
        "P1 execute: accepted req/s (" + options.clients() + " clients)",
        Report.fmt(flowdRate),
        Report.fmt(rawRate),
        Report.pct(flowdRate / rawRate),
        ">= 90 %");
    report.row(
        "P1 execute: p50 / p99 ms",
        report.medians("P1 flowd p50 ms", "P1 flowd p99 ms"),
        report.medians("P1 raw p50 ms", "P1 raw p99 ms"),
        "",
        "");
    double flowdCpu = report.median("JVM CPU ms per flowd run (accept + execute)");
    double rawCpu = report.median("JVM CPU ms per raw run (start + execute)");
    report.row(
        "JVM CPU ms per run, P1 (accept/start + execute; PostgreSQL not included)",
        Report.fmt(flowdCpu),
        Report.fmt(rawCpu),
        Report.pct(flowdCpu / rawCpu),
        "");
    report.row(
        "P1 execute at half the raw rate ("
            + Report.fmt(report.median("P1 half rate /s"))
            + "/s): p50 / p99 ms",
        report.medians("P1 flowd p50 ms at half rate", "P1 flowd p99 ms at half rate"),
        "",
        "",
        "p99 < 50 ms");
    double flowdRuns = report.median("P2 flowd runs/s");
    double rawRuns = report.median("P2 raw runs/s");
    report.row(
        "P2 6-node graph: completed runs/s (" + options.p2Clients() + " clients)",
        Report.fmt(flowdRuns),
        Report.fmt(rawRuns),
        Report.pct(flowdRuns / rawRuns),
        ">= 80 %");
    report.row(
        "P2 start-to-completion p50 / p99 ms",
        report.medians("P2 flowd p50 ms", "P2 flowd p99 ms"),
        report.medians("P2 raw p50 ms", "P2 raw p99 ms"),
        Report.pct(report.median("P2 flowd p50 ms") / report.median("P2 raw p50 ms")) + " (p50)",
        "");
    report.row(
        "P2 JVM CPU ms per run (PostgreSQL not included)",
        Report.fmt(report.median("P2 JVM CPU ms per flowd run")),
        Report.fmt(report.median("P2 JVM CPU ms per raw run")),
        Report.pct(
            report.median("P2 JVM CPU ms per flowd run")
                / report.median("P2 JVM CPU ms per raw run")),
        "");
    report.row(
        "P3 per node beyond the body, p50 ms (" + options.p3Nodes() + "-node chain)",
        Report.fmt(report.median("P3 per node beyond body ms")),
        "",
        "",
        "< 5 ms");
    if (options.phases().contains("p4")) {
      report.row(
          "P4 "
              + Report.fmt(report.median("P4 runs waiting at once"))
              + " runs in a delay: heap after GC / RSS MiB",
          report.medians("P4 heap after GC MiB (whole JVM)", "P4 RSS MiB (whole JVM)"),
          "",
          "",
          "heap <= 1024 MiB");
      report.row(
          "P4 completed after the delay / seconds to drain",
          report.medians("P4 runs completed after the delay", "P4 seconds until all completed"),
          "",
          "",
          "all");
      report.row(
          "P4 " + options.bigNodes() + "-node graph: end-to-end ms",
          Report.fmt(report.median("P4 " + options.bigNodes() + "-node graph end-to-end ms")),
          "",
          "",
          "completes");
    }
    if (options.phases().contains("p5")) {
      report.row(
          "P5 iterator over "
              + Report.count(options.p5Items())
              + " items (concurrency "
              + options.p5Concurrency()
              + ", batch "
              + options.p5BatchSize()
              + "): results in order / child runs completed",
          Report.count(report.median("P5 results in order"))
              + " / "
              + Report.count(report.median("P5 child runs completed")),
          "",
          "",
          "all " + Report.count(options.p5Items()));
      report.row(
          "P5 wall s (execute to parent completed) / child runs/s",
          report.medians("P5 wall seconds (execute to parent completed)", "P5 child runs/s"),
          "",
          "",
          "");
      report.row(
          "P5 iterator executions (continue-as-new chain) / largest history, events",
          Report.count(report.median("P5 iterator executions"))
              + " / "
              + Report.count(report.median("P5 largest iterator history events")),
          "",
          "",
          "< " + Report.count(HISTORY_EVENT_LIMIT) + " events each");
      report.row(
          "P5 parent GraphWorkflow history, events",
          Report.count(report.median("P5 parent GraphWorkflow history events")),
          "",
          "",
          "< " + Report.count(HISTORY_EVENT_LIMIT));
    }
    report.note(
        "webhook sink received "
            + stack.sink.hits()
            + " POSTs (one per completed standard run of either kind)");
  }

  private void startRaw() {
    String id = "bench-raw-" + UUID.randomUUID();
    RawWorkflow stub =
        stack.client.newWorkflowStub(
            RawWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(BenchStack.RAW_QUEUE)
                .build());
    WorkflowClient.start(stub::run, Graphs.rawInput(stack.sink.url()));
    rawStarted.add(id);
  }

  private void rawEndToEnd() throws Exception {
    RawWorkflow stub =
        stack.client.newWorkflowStub(
            RawWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("bench-raw-" + UUID.randomUUID())
                .setTaskQueue(BenchStack.RAW_QUEUE)
                .build());
    WorkflowClient.start(stub::run, Graphs.rawInput(stack.sink.url()));
    WorkflowStub.fromTyped(stub).getResult(2, TimeUnit.MINUTES, NodeResult.class);
  }

  private void flowdEndToEnd(String workflowId) throws Exception {
    JsonNode run = stack.execute(workflowId);
    stack
        .client
        .newUntypedWorkflowStub(run.path("temporal_workflow_id").asText())
        .getResult(2, TimeUnit.MINUTES, RunResult.class);
  }

  /** Runs the workflow once and returns its interpreter time: completed_at minus started_at. */
  private double interpreterMillis(String workflowId) throws Exception {
    JsonNode run = stack.execute(workflowId);
    stack
        .client
        .newUntypedWorkflowStub(run.path("temporal_workflow_id").asText())
        .getResult(2, TimeUnit.MINUTES, RunResult.class);
    Run stored =
        stack
            .database
            .dao(RunDao.class)
            .find(BenchStack.TENANT, run.path("id").asText())
            .orElseThrow();
    return millisBetween(stored);
  }

  private static double millisBetween(Run run) {
    return java.time.Duration.between(run.startedAt(), run.completedAt()).toNanos() / 1e6;
  }

  /** The data mapper's own work on one node: rendering its config and evaluating it. */
  private static double mapperBodyMillis() {
    ObjectNode data = Json.object().put("componentId", "data_mapper");
    data.putObject("mappings").put("user", "{{ node_1.user }}").put("step", 2);
    JsonNode previous = Json.object().put("user", "Ada").put("step", 1);
    DataMapperHandler handler = new DataMapperHandler();
    List<Double> samples = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        ObjectNode config = (ObjectNode) Templates.render(data, root -> previous);
        handler.evaluate(config, previous);
      }
      samples.add((System.nanoTime() - t0) / 1e6 / 1000);
    }
    return Stats.median(samples.subList(10, samples.size()));
  }

  /** Waits until no flowd run is pending or running and every raw start has completed. */
  private void drain() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (openRuns() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(openRuns() + " flowd runs did not finish in 10 minutes");
      }
      Thread.sleep(100);
    }
    List<String> ids;
    synchronized (rawStarted) {
      ids = new ArrayList<>(rawStarted);
      rawStarted.clear();
    }
    for (String id : ids) {
      stack.client.newUntypedWorkflowStub(id).getResult(10, TimeUnit.MINUTES, NodeResult.class);
    }
  }

  private int openRuns() {
    return stack
        .database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM runs WHERE tenant_id = :t"
                            + " AND status IN ('pending', 'running')")
                    .bind("t", BenchStack.TENANT)
                    .mapTo(Integer.class)
                    .one());
  }

  private int waiting(String workflowId) {
    return count(
        "SELECT count(*) FROM run_logs WHERE tenant_id = :t AND workflow_id = :w"
            + " AND node_id = 'node_1'",
        workflowId);
  }

  private int completed(String workflowId) {
    return count(
        "SELECT count(*) FROM runs WHERE tenant_id = :t AND workflow_id = :w"
            + " AND status = 'completed'",
        workflowId);
  }

  private int count(String sql, String workflowId) {
    return stack
        .database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(sql)
                    .bind("t", BenchStack.TENANT)
                    .bind("w", workflowId)
                    .mapTo(Integer.class)
                    .one());
  }

  private void checkErrors(String phase, Load.Result result) {
    if (result.errors() > 0) {
      report.note(
          phase + ": " + result.errors() + " operations failed, first: " + result.firstError());
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double usedHeapMiB() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  private static double rssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (Exception e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  private static String machine() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "Machine: %d cores, %.1f GiB RAM, JDK %s (%s), max heap %.0f MiB, load average %.2f",
        runtime.availableProcessors(),
        totalMemoryGiB(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        runtime.maxMemory() / 1048576.0,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static double totalMemoryGiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0;
        }
      }
    } catch (Exception e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  private static void log(String message) {
    System.out.println("[bench] " + message);
  }
}

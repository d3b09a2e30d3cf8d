package io.flowd.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crash recovery: a worker that dies while a run sleeps in a {@code delay} loses nothing. A fresh
 * worker picks the run up from Temporal's history, finishes it, and does not repeat the side effect
 * that happened before the delay.
 */
class WorkerRestartTest {
  private static final String TASK_QUEUE = "flowd-worker-restart";
  private static final Duration WAIT_LIMIT = Duration.ofSeconds(20);

  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private TestStore store;
  private TestWorkflowEnvironment env;
  private WorkerFactory first;
  private WorkerFactory second;

  @BeforeEach
  void setUp() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
    store = new TestStore("flowd_restart");
    // Time skipping: the server only skips time while the client blocks on a result (or in
    // env.sleep), so the one-hour timer cannot fire while this test polls between workers.
    env = TestWorkflowEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() {
    for (WorkerFactory factory : new WorkerFactory[] {first, second}) {
      if (factory != null) {
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
    if (env != null) {
      env.close();
    }
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  /**
   * A worker process of its own: its own factory on the shared test server and task queue.
   *
   * <p>Sticky execution is off. With it on, worker 1 tells the server to send the run's next
   * workflow task to worker 1's private sticky queue. A real Temporal server moves that task back
   * to the normal queue after the sticky schedule-to-start timeout (5 s by default) when nobody
   * polls the sticky queue. The in-memory test server never does that, so the task after the timer
   * would wait forever for the dead worker. A zero timeout makes the SDK leave out the sticky
   * attributes, so every workflow task goes to the normal queue, where worker 2 polls.
   */
  private WorkerFactory startWorker(String identity, NodeHandlerRegistry registry) {
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    Worker worker =
        factory.newWorker(
            TASK_QUEUE,
            WorkerOptions.newBuilder()
                .setIdentity(identity)
                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                .build());
    FlowdWorker.register(worker, store.database(), registry);
    factory.start();
    return factory;
  }

  private List<RunLog> logsOf(String runId, String nodeId) {
    return store.logs(runId).stream().filter(l -> l.nodeId().equals(nodeId)).toList();
  }

  private static void awaitTrue(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT_LIMIT + " waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void run_waiting_in_a_delay_survives_a_worker_restart_without_repeating_earlier_nodes()
      throws Exception {
    NodeHandlerRegistry registry = StandardComponents.registry(true);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "call",
                "{\"componentId\":\"webhook\",\"method\":\"POST\",\"url\":\""
                    + url
                    + "\",\"body\":{\"hello\":\"world\"}}")
            .action("wait", "{\"componentId\":\"delay\",\"duration\":1,\"unit\":\"hours\"}")
            .action(
                "after",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"ok\":\"{{ call.body.ok }}\"}}")
            .edge("n1", "call")
            .edge("call", "wait")
            .edge("wait", "after")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());
    String runId = input.run().runId();
    WorkflowClient client = env.getWorkflowClient();

    first = startWorker("worker-1", registry);
    GraphWorkflow workflow =
        client.newWorkflowStub(
            GraphWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(runId).build());
    WorkflowClient.start(workflow::run, input);

    // The webhook ran once and logged, and worker 1 has scheduled the timer: the run is asleep.
    awaitTrue("the call node logged success", () -> !logsOf(runId, "call").isEmpty());
    awaitTrue(
        "the delay's timer started",
        () ->
            client.fetchHistory(runId).getEvents().stream()
                .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED));
    assertThat(requests.get()).isEqualTo(1);
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.RUNNING);
    assertThat(logsOf(runId, "wait")).isEmpty();

    // The crash: worker 1 goes away for good while the run waits.
    first.shutdownNow();
    first.awaitTermination(10, TimeUnit.SECONDS);
    assertThat(first.isTerminated()).isTrue();
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.RUNNING);

    // A new factory and worker (sharing only the client connection, task queue, registry and
    // database with worker 1) replays the history; getResult lets the test server skip the hour.
    second = startWorker("worker-2", registry);
    RunResult result =
        client.newUntypedWorkflowStub(runId).getResult(20, TimeUnit.SECONDS, RunResult.class);

    assertThat(result.output()).isEqualTo(Json.parse("{\"ok\":true}"));
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(requests.get()).isEqualTo(1);
    assertThat(logsOf(runId, "call")).hasSize(1);
    assertThat(logsOf(runId, "wait")).extracting(RunLog::status).containsExactly("success");
    assertThat(logsOf(runId, "after")).extracting(RunLog::status).containsExactly("success");
    assertThat(store.logs(runId))
        .extracting(RunLog::nodeId)
        .containsExactly("n1", "call", "wait", "after");

    // Temporal's side of the story: one webhook activity, run by worker 1; everything after the
    // timer was decided by worker 2.
    List<HistoryEvent> history = client.fetchHistory(runId).getEvents();
    assertThat(history)
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .extracting(e -> e.getActivityTaskStartedEventAttributes().getIdentity())
        .containsExactly("worker-1");
    int fired = indexOf(history, EventType.EVENT_TYPE_TIMER_FIRED);
    assertThat(history.subList(0, fired))
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
        .extracting(e -> e.getWorkflowTaskStartedEventAttributes().getIdentity())
        .containsOnly("worker-1");
    assertThat(history.subList(fired, history.size()))
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
        .extracting(e -> e.getWorkflowTaskStartedEventAttributes().getIdentity())
        .isNotEmpty()
        .containsOnly("worker-2");
  }

  private static int indexOf(List<HistoryEvent> history, EventType type) {
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).getEventType() == type) {
        return i;
      }
    }
    throw new AssertionError("no " + type + " in the history");
  }
}

package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.NodeInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.model.RunWait;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.worker.GraphRuns;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a run shows of itself: its Temporal history names every node (activity ids and summaries of
 * activities, timers, waits and child runs), and PostgreSQL holds its result, its waits with
 * rendered prompts, and HTTP error details an error edge can branch on.
 */
class RunViewTest {
  private static final NodeHandlerRegistry REGISTRY = StandardComponents.registry(true);
  private static TestStore store;
  private static HttpServer http;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void start() throws Exception {
    store = new TestStore("flowd_runview");
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/ok", exchange -> answer(exchange, 200, "{\"id\":7}"));
    http.createContext("/gone", exchange -> answer(exchange, 404, "{\"reason\":\"no such user\"}"));
    http.start();
  }

  @AfterAll
  static void stop() {
    http.stop(0);
    store.close();
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + path;
  }

  private static RunResult result(TestWorkflowEnvironment env, GraphRunInput input)
      throws Exception {
    return env.getWorkflowClient()
        .newUntypedWorkflowStub(input.run().runId())
        .getResult(60, TimeUnit.SECONDS, RunResult.class);
  }

  private static String summary(HistoryEvent event) {
    Payload payload = event.getUserMetadata().getSummary();
    return DefaultDataConverter.newDefaultInstance()
        .fromPayload(payload, String.class, String.class);
  }

  private static String details(HistoryEvent event) {
    Payload payload = event.getUserMetadata().getDetails();
    return DefaultDataConverter.newDefaultInstance()
        .fromPayload(payload, String.class, String.class);
  }

  private static List<HistoryEvent> events(
      TestWorkflowEnvironment env, String workflowId, EventType type) {
    return env.getWorkflowClient().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == type)
        .toList();
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  /**
   * The graph of the committed replay history {@code graph-v3.json}: a webhook, a delay, a child
   * run, a wait for input with a prompt and a mapper.
   */
  static Graph namedGraph(String childWorkflowId, String webhookUrl) {
    return Graphs.manualTrigger("n1")
        .action(
            "post",
            "{\"componentId\":\"webhook\",\"method\":\"POST\",\"url\":\""
                + webhookUrl
                + "\",\"body\":{\"name\":\"{{ trigger.name }}\"}}")
        .action("pause", "{\"componentId\":\"delay\",\"duration\":5,\"unit\":\"seconds\"}")
        .action(
            "child",
            "{\"componentId\":\"trigger_workflow\",\"workflow_id\":\""
                + childWorkflowId
                + "\",\"context\":{\"name\":\"{{ trigger.name }}\"},\"wait\":true}")
        .action(
            "ask",
            "{\"componentId\":\"wait_for_input\",\"label\":\"Approval\","
                + "\"prompt\":\"Approve user {{ post.body.id }} ({{ child.greeting }})?\","
                + "\"wait_seconds\":3600}")
        .action(
            "done",
            "{\"componentId\":\"data_mapper\",\"mappings\":{\"approved\":\"{{ ask.ok }}\"}}")
        .edge("n1", "post")
        .edge("post", "pause")
        .edge("pause", "child")
        .edge("child", "ask")
        .edge("ask", "done")
        .build();
  }

  static Graph childGraph() {
    return new Graphs()
        .node("c1", "trigger", "{\"componentId\":\"workflow_trigger\"}")
        .action(
            "c2",
            "{\"componentId\":\"data_mapper\",\"mappings\":{\"greeting\":\"hello {{ trigger.name"
                + " }}\"}}")
        .edge("c1", "c2")
        .build();
  }

  @Test
  void history_names_the_webhook_activity_the_delay_timer_the_wait_and_the_child_run(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    String childId = Ids.next(Ids.WORKFLOW);
    store.saveWorkflow(childId, childGraph());
    GraphRunInput input =
        store.newRun(namedGraph(childId, url("/ok")), Json.parse("{\"name\":\"Ada\"}"));
    String runId = input.run().runId();

    GraphWorkflow workflow = GraphRuns.start(env, worker, options, store, REGISTRY, input);
    awaitTrue("the run waits", () -> store.run(runId).status() == RunStatus.WAITING);
    Run waiting = store.run(runId);
    workflow.deliverInput(new NodeInput("ask", Json.parse("{\"ok\":true}")));
    RunResult result = result(env, input);

    List<HistoryEvent> activities =
        events(env, runId, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    HistoryEvent post =
        activities.stream()
            .filter(
                e ->
                    e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals("RunNode"))
            .findFirst()
            .orElseThrow();
    assertThat(post.getActivityTaskScheduledEventAttributes().getActivityId()).isEqualTo("post");
    assertThat(summary(post)).isEqualTo("post · webhook");
    assertThat(activities)
        .filteredOn(e -> e != post)
        .extracting(RunViewTest::summary)
        .anySatisfy(s -> assertThat(s).startsWith("child · trigger_workflow (records run fl_run_"));

    List<String> timers =
        events(env, runId, EventType.EVENT_TYPE_TIMER_STARTED).stream()
            .map(RunViewTest::summary)
            .toList();
    assertThat(timers)
        .containsExactly("pause · delay", "Approval · wait_for_input (waits for input)");

    List<HistoryEvent> children =
        events(env, runId, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
    assertThat(children).hasSize(1);
    String childWorkflowId =
        children.get(0).getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId();
    // The test server keeps a child's metadata on the child's start, not on the parent's event.
    HistoryEvent childStart =
        events(env, childWorkflowId, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED).get(0);
    HistoryEvent named = children.get(0).hasUserMetadata() ? children.get(0) : childStart;
    // The summary is every run's (RunLaunch); the details name the parent's node.
    assertThat(summary(named)).isEqualTo("test v1 · workflow");
    assertThat(details(named))
        .isEqualTo(
            "child · trigger_workflow: run "
                + childWorkflowId.substring(childWorkflowId.lastIndexOf(':') + 1)
                + " of "
                + childId
                + " v1");

    List<String> logBatches =
        events(env, runId, EventType.EVENT_TYPE_MARKER_RECORDED).stream()
            .filter(HistoryEvent::hasUserMetadata)
            .map(RunViewTest::summary)
            .toList();
    // The webhook activity carries the run's first write (flowd-run), and the last batch ends it.
    assertThat(logBatches)
        .contains(
            "logs: pause · delay",
            "run " + runId + " completed; logs: ask · wait_for_input, done · data_mapper")
        .noneMatch(batch -> batch.startsWith("run " + runId + " starts"));
    assertThat(store.logs(runId).get(0).nodeId()).isEqualTo("n1");

    assertThat(waiting.waitingFor())
        .extracting(RunWait::nodeId, RunWait::prompt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ask", "Approve user 7 (hello Ada)?"));
    assertThat(waiting.waitingFor().get(0).expiresAt())
        .isAfter(Instant.now().plus(Duration.ofMinutes(50)));
    Run done = store.run(runId);
    assertThat(done.waitingFor()).isEmpty();
    assertThat(done.output()).isEqualTo(Json.parse("{\"approved\":true}"));
    assertThat(result.output()).isEqualTo(done.output());

    String recordTo = System.getProperty("flowd.recordHistoryV3");
    if (recordTo != null) {
      Files.writeString(
          Path.of(recordTo), env.getWorkflowClient().fetchHistory(runId).toJson(true));
    }
  }

  @Test
  void http_error_output_carries_status_and_body_for_the_error_edge(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "lookup",
                "{\"componentId\":\"webhook\",\"method\":\"GET\",\"url\":\""
                    + url("/gone")
                    + "\",\"continue_on_error\":true,\"retry\":{\"max_attempts\":1}}")
            .condition(
                "missing",
                "{\"componentId\":\"number_condition\",\"left\":\"{{ lookup.error.status }}\","
                    + "\"operator\":\"equals\",\"right\":404}")
            .action(
                "explain",
                "{\"componentId\":\"data_mapper\",\"mappings\":"
                    + "{\"why\":\"{{ lookup.error.body.reason }}\"}}")
            .edge("n1", "lookup")
            .edge("lookup", "missing", "error")
            .edge("missing", "explain", "true")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    RunResult result = GraphRuns.execute(env, worker, options, store, REGISTRY, input);

    assertThat(result.output()).isEqualTo(Json.parse("{\"why\":\"no such user\"}"));
    JsonNode error =
        store.logs(input.run().runId()).stream()
            .filter(l -> l.nodeId().equals("lookup"))
            .map(RunLog::output)
            .findFirst()
            .orElseThrow()
            .path("error");
    assertThat(error.path("type").asText()).isEqualTo("http_status");
    assertThat(error.path("message").asText()).contains("HTTP 404");
    assertThat(error.path("status").asInt()).isEqualTo(404);
    assertThat(error.path("body")).isEqualTo(Json.parse("{\"reason\":\"no such user\"}"));
  }

  @Test
  void a_failed_run_has_no_output_and_a_completed_one_keeps_its_last_output(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "lookup",
                "{\"componentId\":\"webhook\",\"method\":\"GET\",\"url\":\""
                    + url("/gone")
                    + "\",\"retry\":{\"max_attempts\":1}}")
            .edge("n1", "lookup")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    GraphRuns.start(env, worker, options, store, REGISTRY, input);
    awaitTrue("the run fails", () -> store.run(input.run().runId()).status() == RunStatus.FAILED);

    assertThat(store.run(input.run().runId()).output()).isNull();
  }

  @Test
  void a_large_result_shows_itself_up_to_one_mebibyte_and_its_reference_beyond(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    String big = "x".repeat(250 * 1024);
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "two",
                "{\"componentId\":\"data_mapper\",\"mappings\":"
                    + "{\"a\":\"{{ trigger.big }}\",\"b\":\"{{ trigger.big }}\"}}")
            .edge("n1", "two")
            .build();
    Graph fiveOnly =
        Graphs.manualTrigger("n1")
            .action(
                "five",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"a\":\"{{ trigger.big }}\","
                    + "\"b\":\"{{ trigger.big }}\",\"c\":\"{{ trigger.big }}\","
                    + "\"d\":\"{{ trigger.big }}\",\"e\":\"{{ trigger.big }}\"}}")
            .edge("n1", "five")
            .build();
    JsonNode payload = Json.object().put("big", big);
    GraphRunInput small = store.newRun(graph, payload);
    GraphRunInput large = store.newRun(fiveOnly, payload);

    GraphRuns.execute(env, worker, options, store, REGISTRY, small);
    env.getWorkflowClient()
        .newWorkflowStub(
            GraphWorkflow.class, options.toBuilder().setWorkflowId(large.run().runId()).build())
        .run(large);

    assertThat(store.run(small.run().runId()).output().path("b").asText()).isEqualTo(big);
    JsonNode reference = store.run(large.run().runId()).output();
    assertThat(reference.size()).isEqualTo(1);
    assertThat(reference.path("$ref").asText()).startsWith("pl_");
  }

  @Test
  void a_vault_template_in_a_prompt_shows_as_stars_and_a_second_wait_is_listed_in_order(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "first",
                "{\"componentId\":\"wait_for_input\","
                    + "\"prompt\":\"Key {{ vault.API_KEY }} for {{ trigger.user }}?\"}")
            .action("second", "{\"componentId\":\"wait_for_input\"}")
            .edge("n1", "first")
            .edge("n1", "second")
            .build();
    GraphRunInput input = store.newRun(graph, Json.parse("{\"user\":\"ada\"}"));
    String runId = input.run().runId();

    GraphWorkflow workflow = GraphRuns.start(env, worker, options, store, REGISTRY, input);
    awaitTrue("both nodes wait", () -> store.run(runId).waitingFor().size() == 2);

    assertThat(store.run(runId).waitingFor())
        .extracting(RunWait::nodeId, RunWait::prompt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("first", "Key *** for ada?"),
            org.assertj.core.groups.Tuple.tuple("second", null));
    workflow.deliverInput(new NodeInput("first", Json.object()));
    assertThat(store.run(runId).waitingFor()).extracting(RunWait::nodeId).containsExactly("second");
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.WAITING);
    workflow.deliverInput(new NodeInput("second", Json.object()));
    result(env, input);
    assertThat(store.run(runId).waitingFor()).isEmpty();
  }
}

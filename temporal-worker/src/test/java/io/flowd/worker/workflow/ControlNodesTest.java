package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.engine.TemporalIds;
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
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.store.NewWorkflow;
import io.flowd.store.RunDao;
import io.flowd.store.WorkflowDao;
import io.flowd.store.WorkflowVersion;
import io.flowd.worker.GraphRuns;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** terminate, wait_for_input and trigger_workflow on Temporal's time-skipping test server. */
class ControlNodesTest {
  private static final NodeHandlerRegistry REGISTRY = StandardComponents.registry(true);
  private static TestStore store;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_control");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  private static GraphWorkflow start(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options, GraphRunInput input) {
    return GraphRuns.start(env, worker, options, store, REGISTRY, input);
  }

  private static RunResult result(TestWorkflowEnvironment env, GraphRunInput input)
      throws Exception {
    return env.getWorkflowClient()
        .newUntypedWorkflowStub(input.run().runId())
        .getResult(60, TimeUnit.SECONDS, RunResult.class);
  }

  private static List<String> loggedNodes(String runId) {
    return store.logs(runId).stream().map(RunLog::nodeId).toList();
  }

  private static RunLog log(String runId, String nodeId) {
    return store.logs(runId).stream()
        .filter(l -> l.nodeId().equals(nodeId))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no log of " + nodeId));
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

  private static Graph waitGraph(String waitData) {
    return Graphs.manualTrigger("n1")
        .action("ask", "{\"componentId\":\"wait_for_input\",\"prompt\":\"ok?\"" + waitData + "}")
        .action(
            "after",
            "{\"componentId\":\"data_mapper\",\"mappings\":{\"answer\":\"{{ ask.answer }}\"}}")
        .edge("n1", "ask")
        .edge("ask", "after")
        .build();
  }

  @Test
  void terminate_completed_ends_the_run_at_once_and_cancels_open_branches(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action("sleep", "{\"componentId\":\"delay\",\"duration\":1,\"unit\":\"days\"}")
            .action("after_sleep", "{\"componentId\":\"data_mapper\",\"mappings\":{}}")
            .action(
                "stop",
                "{\"componentId\":\"terminate\",\"status\":\"completed\",\"message\":\"enough\"}")
            .action("never", "{\"componentId\":\"data_mapper\",\"mappings\":{}}")
            .edge("n1", "sleep")
            .edge("sleep", "after_sleep")
            .edge("n1", "stop")
            .edge("stop", "never")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    start(env, worker, options, input);
    RunResult result = result(env, input);

    assertThat(result.status()).isEqualTo("completed");
    assertThat(result.output())
        .isEqualTo(Json.parse("{\"status\":\"completed\",\"message\":\"enough\"}"));
    Run run = store.run(input.run().runId());
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.errorMessage()).isNull();
    assertThat(loggedNodes(input.run().runId())).containsExactly("n1", "stop");
    assertThat(env.getWorkflowClient().fetchHistory(input.run().runId()).getEvents())
        .noneMatch(e -> e.hasTimerFiredEventAttributes());
  }

  @Test
  void terminate_failed_fails_the_run_with_its_message(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "stop",
                "{\"componentId\":\"terminate\",\"status\":\"failed\","
                    + "\"message\":\"order {{ trigger.order }} is invalid\"}")
            .edge("n1", "stop")
            .build();
    GraphRunInput input = store.newRun(graph, Json.parse("{\"order\":7}"));

    start(env, worker, options, input);

    assertThatThrownBy(() -> result(env, input)).isInstanceOf(WorkflowFailedException.class);
    Run run = store.run(input.run().runId());
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorMessage()).isEqualTo("order 7 is invalid");
  }

  @Test
  void wait_for_input_answered_after_two_days_completes_with_the_payload(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    GraphRunInput input = store.newRun(waitGraph(""), Json.object());
    String runId = input.run().runId();

    GraphWorkflow workflow = start(env, worker, options, input);
    awaitTrue("the run waits", () -> store.run(runId).status() == RunStatus.WAITING);
    env.sleep(Duration.ofDays(2));
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.WAITING);
    workflow.deliverInput(new NodeInput("ask", Json.parse("{\"answer\":\"yes\"}")));
    assertThat(store.run(runId).status()).isIn(RunStatus.RUNNING, RunStatus.COMPLETED);
    RunResult result = result(env, input);

    assertThat(result.output()).isEqualTo(Json.parse("{\"answer\":\"yes\"}"));
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(loggedNodes(runId)).containsExactly("n1", "ask", "after");
    RunLog ask = log(runId, "ask");
    assertThat(ask.output()).isEqualTo(Json.parse("{\"answer\":\"yes\"}"));
    assertThat(ask.durationMs()).isGreaterThanOrEqualTo(Duration.ofDays(2).toMillis());
  }

  @Test
  void input_for_a_node_that_does_not_wait_is_rejected(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action("ask", "{\"componentId\":\"wait_for_input\"}")
            .action("ask2", "{\"componentId\":\"wait_for_input\"}")
            .edge("n1", "ask")
            .edge("ask", "ask2")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());
    String runId = input.run().runId();

    GraphWorkflow workflow = start(env, worker, options, input);
    awaitTrue("the run waits", () -> store.run(runId).status() == RunStatus.WAITING);

    assertThatThrownBy(() -> workflow.deliverInput(new NodeInput("ask2", Json.object())))
        .isInstanceOf(WorkflowUpdateException.class);
    workflow.deliverInput(new NodeInput("ask", Json.parse("{\"answer\":1}")));
    awaitTrue("the run waits again", () -> store.run(runId).status() == RunStatus.WAITING);
    assertThatThrownBy(() -> workflow.deliverInput(new NodeInput("ask", Json.object())))
        .isInstanceOf(WorkflowUpdateException.class);
    workflow.deliverInput(new NodeInput("ask2", Json.parse("{\"answer\":2}")));
    assertThat(result(env, input).output()).isEqualTo(Json.parse("{\"answer\":2}"));
    assertThat(log(runId, "ask").output()).isEqualTo(Json.parse("{\"answer\":1}"));
  }

  @Test
  void wait_for_input_never_answered_times_out_and_fails_the_node(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    GraphRunInput input = store.newRun(waitGraph(",\"wait_seconds\":3600"), Json.object());
    String runId = input.run().runId();

    start(env, worker, options, input);

    assertThatThrownBy(() -> result(env, input)).isInstanceOf(WorkflowFailedException.class);
    Run run = store.run(runId);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorMessage()).contains("ask").contains("no input arrived within 3600 seconds");
    RunLog ask = log(runId, "ask");
    assertThat(ask.status()).isEqualTo("error");
    assertThat(ask.output().path("error").path("type").asText()).isEqualTo("timeout");
    assertThat(loggedNodes(runId)).doesNotContain("after");
  }

  private static Graph childGraph() {
    return new Graphs()
        .node("c1", "trigger", "{\"componentId\":\"workflow_trigger\"}")
        .action(
            "c2",
            "{\"componentId\":\"data_mapper\",\"mappings\":"
                + "{\"greeting\":\"hello {{ trigger.name }}\",\"run\":\"{{ run.id }}\"}}")
        .edge("c1", "c2")
        .build();
  }

  @Test
  void trigger_workflow_with_wait_returns_the_child_runs_last_output(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    String childId = Ids.next(Ids.WORKFLOW);
    store.saveWorkflow(childId, childGraph());
    Graph parent =
        Graphs.manualTrigger("n1")
            .action(
                "call",
                "{\"componentId\":\"trigger_workflow\",\"workflow_id\":\""
                    + childId
                    + "\",\"context\":{\"name\":\"{{ trigger.name }}\"},\"wait\":true}")
            .action(
                "use",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"said\":\"{{ call.greeting }}\"}}")
            .edge("n1", "call")
            .edge("call", "use")
            .build();
    GraphRunInput input = store.newRun(parent, Json.parse("{\"name\":\"Ada\"}"));

    start(env, worker, options, input);
    RunResult result = result(env, input);

    assertThat(result.output()).isEqualTo(Json.parse("{\"said\":\"hello Ada\"}"));
    List<Run> children = store.database().dao(RunDao.class).latest(TestStore.TENANT, childId, 10);
    assertThat(children).hasSize(1);
    Run child = children.get(0);
    assertThat(child.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(child.triggerType()).isEqualTo("workflow");
    assertThat(child.triggerPayload()).isEqualTo(Json.parse("{\"name\":\"Ada\"}"));
    assertThat(child.temporalWorkflowId())
        .isEqualTo(TemporalIds.forRun(TestStore.TENANT, childId, child.id()));
    assertThat(log(input.run().runId(), "call").output().path("run").asText())
        .isEqualTo(child.id());
    assertThat(loggedNodes(child.id())).containsExactly("c1", "c2");
  }

  @Test
  void trigger_workflow_without_wait_returns_the_child_run_id(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    String childId = Ids.next(Ids.WORKFLOW);
    store.saveWorkflow(childId, childGraph());
    Graph parent =
        Graphs.manualTrigger("n1")
            .action(
                "call",
                "{\"componentId\":\"trigger_workflow\",\"workflow_id\":\""
                    + childId
                    + "\",\"context\":{\"name\":\"Bo\"},\"wait\":false}")
            .edge("n1", "call")
            .build();
    GraphRunInput input = store.newRun(parent, Json.object());

    start(env, worker, options, input);
    RunResult result = result(env, input);

    String childRunId = result.output().path("run_id").asText();
    assertThat(childRunId).matches("fl_run_[0-9a-z]{16}");
    awaitTrue(
        "the child run completes", () -> store.run(childRunId).status() == RunStatus.COMPLETED);
    assertThat(store.run(childRunId).triggerType()).isEqualTo("workflow");
  }

  @Test
  void trigger_workflow_of_another_tenants_workflow_fails_the_node_as_not_found(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    String foreignId = Ids.next(Ids.WORKFLOW);
    WorkflowDao workflows = store.database().dao(WorkflowDao.class);
    workflows.insert(
        "other_tenant",
        new NewWorkflow(foreignId, "theirs", null, "manual", null, "UTC", true, null, "auth_x"));
    workflows.insertVersion(
        "other_tenant",
        new WorkflowVersion(
            foreignId,
            1,
            "theirs",
            null,
            childGraph().nodes(),
            childGraph().edges(),
            "manual",
            null,
            "UTC",
            null));
    Graph parent =
        Graphs.manualTrigger("n1")
            .action(
                "call",
                "{\"componentId\":\"trigger_workflow\",\"workflow_id\":\""
                    + foreignId
                    + "\",\"wait\":true}")
            .edge("n1", "call")
            .build();
    GraphRunInput input = store.newRun(parent, Json.object());

    start(env, worker, options, input);

    assertThatThrownBy(() -> result(env, input)).isInstanceOf(WorkflowFailedException.class);
    assertThat(store.run(input.run().runId()).errorMessage())
        .contains("workflow " + foreignId + " was not found");
    assertThat(store.database().dao(RunDao.class).latest("other_tenant", foreignId, 5)).isEmpty();
  }

  @Test
  void trigger_workflow_of_a_missing_workflow_fails_the_node_clearly(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph parent =
        Graphs.manualTrigger("n1")
            .action(
                "call",
                "{\"componentId\":\"trigger_workflow\",\"workflow_id\":\"fl_0000000000000000\","
                    + "\"wait\":true}")
            .edge("n1", "call")
            .build();
    GraphRunInput input = store.newRun(parent, Json.object());

    start(env, worker, options, input);

    assertThatThrownBy(() -> result(env, input)).isInstanceOf(WorkflowFailedException.class);
    Run run = store.run(input.run().runId());
    assertThat(run.errorMessage())
        .contains("call")
        .contains("workflow fl_0000000000000000 was not found");
    assertThat(log(input.run().runId(), "call").status()).isEqualTo("error");
  }

  @Test
  void self_recursion_deeper_than_ten_levels_is_refused(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    String workflowId = Ids.next(Ids.WORKFLOW);
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "again",
                "{\"componentId\":\"trigger_workflow\",\"workflow_id\":\"{{ workflow.id }}\","
                    + "\"wait\":true}")
            .edge("n1", "again")
            .build();
    store.saveWorkflow(workflowId, graph);
    GraphRunInput input = store.newRun(workflowId, graph, Json.object());

    start(env, worker, options, input);

    assertThatThrownBy(() -> result(env, input)).isInstanceOf(WorkflowFailedException.class);
    List<Run> runs = store.database().dao(RunDao.class).latest(TestStore.TENANT, workflowId, 50);
    assertThat(runs).hasSize(11);
    assertThat(runs).allMatch(r -> r.status() == RunStatus.FAILED);
    assertThat(store.run(input.run().runId()).errorMessage()).contains("at most 10 levels deep");
  }

  /**
   * The graph of the committed replay history {@code graph-v2.json}: a condition, a child run, a
   * wait for input and a terminate.
   */
  static Graph replayGraph(String childWorkflowId) {
    return Graphs.manualTrigger("n1")
        .condition(
            "check",
            "{\"componentId\":\"string_condition\",\"left\":\"{{ trigger.kind }}\","
                + "\"operator\":\"equals\",\"right\":\"vip\"}")
        .action(
            "child",
            "{\"componentId\":\"trigger_workflow\",\"workflow_id\":\""
                + childWorkflowId
                + "\",\"context\":{\"name\":\"{{ trigger.name }}\"},\"wait\":true}")
        .action("other", "{\"componentId\":\"data_mapper\",\"mappings\":{}}")
        .action("ask", "{\"componentId\":\"wait_for_input\",\"wait_seconds\":86400}")
        .action(
            "done",
            "{\"componentId\":\"terminate\",\"status\":\"completed\","
                + "\"message\":\"{{ child.greeting }} / {{ ask.answer }}\"}")
        .edge("n1", "check")
        .edge("check", "child", "true")
        .edge("check", "other", "false")
        .edge("child", "ask")
        .edge("ask", "done")
        .build();
  }

  @Test
  void condition_child_run_wait_and_terminate_graph_completes(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    String childId = Ids.next(Ids.WORKFLOW);
    store.saveWorkflow(childId, childGraph());
    GraphRunInput input =
        store.newRun(replayGraph(childId), Json.parse("{\"kind\":\"vip\",\"name\":\"Ada\"}"));
    String runId = input.run().runId();

    GraphWorkflow workflow = start(env, worker, options, input);
    awaitTrue("the run waits", () -> store.run(runId).status() == RunStatus.WAITING);
    env.sleep(Duration.ofHours(1));
    workflow.deliverInput(new NodeInput("ask", Json.parse("{\"answer\":\"ok\"}")));
    RunResult result = result(env, input);

    assertThat(result.output().path("message").asText()).isEqualTo("hello Ada / ok");
    assertThat(loggedNodes(runId)).containsExactly("n1", "check", "child", "ask", "done");
    String recordTo = System.getProperty("flowd.recordHistoryV2");
    if (recordTo != null) {
      Files.writeString(
          Path.of(recordTo), env.getWorkflowClient().fetchHistory(runId).toJson(true));
    }
  }

  @Test
  void cancelling_a_parent_waiting_on_a_child_cancels_both_runs(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    String childId = Ids.next(Ids.WORKFLOW);
    store.saveWorkflow(childId, waitGraph(""));
    Graph parent =
        Graphs.manualTrigger("n1")
            .action(
                "call",
                "{\"componentId\":\"trigger_workflow\",\"workflow_id\":\""
                    + childId
                    + "\",\"wait\":true}")
            .edge("n1", "call")
            .build();
    GraphRunInput input = store.newRun(parent, Json.object());
    String runId = input.run().runId();
    RunDao runs = store.database().dao(RunDao.class);

    start(env, worker, options, input);
    awaitTrue(
        "the child run waits",
        () ->
            runs.latest(TestStore.TENANT, childId, 1).stream()
                .anyMatch(r -> r.status() == RunStatus.WAITING));
    env.getWorkflowClient().newUntypedWorkflowStub(runId).cancel();

    awaitTrue("the parent is cancelled", () -> store.run(runId).status() == RunStatus.CANCELLED);
    String childRunId = runs.latest(TestStore.TENANT, childId, 1).get(0).id();
    awaitTrue(
        "the child is cancelled", () -> store.run(childRunId).status() == RunStatus.CANCELLED);
  }

  @Test
  void iterator_fails_the_node_naming_the_item_whose_child_run_failed(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    String childId = Ids.next(Ids.WORKFLOW);
    store.saveWorkflow(
        childId,
        new Graphs()
            .node("c1", "trigger", "{\"componentId\":\"workflow_trigger\"}")
            .condition(
                "bad",
                "{\"componentId\":\"number_condition\",\"left\":\"{{ trigger.n }}\","
                    + "\"operator\":\"equals\",\"right\":2}")
            .action(
                "stop",
                "{\"componentId\":\"terminate\",\"status\":\"failed\","
                    + "\"message\":\"two is not allowed\"}")
            .edge("c1", "bad")
            .edge("bad", "stop", "true")
            .build());
    Graph parent =
        Graphs.manualTrigger("n1")
            .action(
                "each",
                "{\"componentId\":\"iterator\",\"items\":[{\"n\":1},{\"n\":2},{\"n\":3}],"
                    + "\"workflow_id\":\""
                    + childId
                    + "\",\"concurrency\":1}")
            .edge("n1", "each")
            .build();
    GraphRunInput input = store.newRun(parent, Json.object());

    start(env, worker, options, input);

    assertThatThrownBy(() -> result(env, input)).isInstanceOf(WorkflowFailedException.class);
    assertThat(store.run(input.run().runId()).errorMessage())
        .contains("each")
        .contains("item 1 (run fl_run_")
        .contains("two is not allowed");
  }
}

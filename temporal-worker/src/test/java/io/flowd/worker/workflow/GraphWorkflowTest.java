package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.worker.GraphRuns;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestHandlers;
import io.flowd.worker.TestStore;
import io.flowd.worker.activity.LogEntry;
import io.flowd.worker.activity.LogWriter;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GraphWorkflowTest {
  private static final TestHandlers.Flaky FLAKY = new TestHandlers.Flaky();
  private static final TestHandlers.Sleepy SLEEPY = new TestHandlers.Sleepy();
  private static final NodeHandlerRegistry REGISTRY =
      StandardComponents.registry(true, FLAKY, SLEEPY, new TestHandlers.Buggy());
  private static TestStore store;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_interpreter");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  private static RunResult execute(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options, GraphRunInput input) {
    return GraphRuns.execute(env, worker, options, store, REGISTRY, input);
  }

  private static List<String> loggedNodes(String runId) {
    return store.logs(runId).stream().map(RunLog::nodeId).toList();
  }

  @Test
  void diamond_join_after_condition_runs_and_untaken_branch_is_skipped(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .condition(
                "n2",
                "{\"componentId\":\"string_condition\",\"left\":\"{{ trigger.kind }}\","
                    + "\"operator\":\"equals\",\"right\":\"a\"}")
            .action("n3", "{\"componentId\":\"data_mapper\",\"mappings\":{\"branch\":\"a\"}}")
            .action("n4", "{\"componentId\":\"data_mapper\",\"mappings\":{\"branch\":\"b\"}}")
            .action(
                "n5",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"from\":\"{{ n3.branch }}\"}}")
            .edge("n1", "n2")
            .edge("n2", "n3", "true")
            .edge("n2", "n4", "false")
            .edge("n3", "n5")
            .edge("n4", "n5")
            .build();
    GraphRunInput input = store.newRun(graph, Json.parse("{\"kind\":\"a\"}"));

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output()).isEqualTo(Json.parse("{\"from\":\"a\"}"));
    assertThat(loggedNodes(input.run().runId())).containsExactly("n1", "n2", "n3", "n5");
    assertThat(store.logs(input.run().runId()))
        .extracting(RunLog::handle)
        .containsExactly(null, "true", null, null);
    Run run = store.run(input.run().runId());
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.startedAt()).isNotNull();
    assertThat(run.completedAt()).isAfterOrEqualTo(run.startedAt());
    assertThat(run.durationInSeconds()).isNotNull();
  }

  @Test
  void parallel_branches_overlap_in_time(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    SLEEPY.intervals.clear();
    Graph graph =
        Graphs.manualTrigger("n1")
            .action("a", "{\"componentId\":\"sleepy\",\"millis\":700}")
            .action("b", "{\"componentId\":\"sleepy\",\"millis\":700}")
            .edge("n1", "a")
            .edge("n1", "b")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    execute(env, worker, options, input);

    assertThat(SLEEPY.intervals).hasSize(2);
    long[] first = SLEEPY.intervals.get(0);
    long[] second = SLEEPY.intervals.get(1);
    assertThat(Math.max(first[0], second[0])).isLessThan(Math.min(first[1], second[1]));
  }

  /**
   * The run's first write travels with its first node activity: the run records one version marker
   * and one local activity (its terminal write), and still ends with every log and its start time.
   */
  @Test
  void first_write_travels_with_the_first_node_activity(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action("map", "{\"componentId\":\"data_mapper\",\"mappings\":{\"k\":\"v\"}}")
            .action("n2", "{\"componentId\":\"flaky\",\"key\":\"lean\",\"fail_times\":0}")
            .action(
                "done",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"call\":\"{{ n2.call }}\"}}")
            .edge("n1", "map")
            .edge("map", "n2")
            .edge("n2", "done")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output()).isEqualTo(Json.parse("{\"call\":1}"));
    assertThat(loggedNodes(input.run().runId())).containsExactly("n1", "map", "n2", "done");
    Run run = store.run(input.run().runId());
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.startedAt()).isNotNull();
    assertThat(markers(env, input.run().runId(), "Version")).isEqualTo(1);
    assertThat(markers(env, input.run().runId(), "LocalActivity")).isEqualTo(1);
  }

  /**
   * The activity that carried the run's first write failed: the run's terminal write writes those
   * logs again, once each.
   */
  @Test
  void first_write_of_a_failed_carrier_lands_once_with_the_terminal_write(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action("map", "{\"componentId\":\"data_mapper\",\"mappings\":{\"k\":\"v\"}}")
            .action(
                "n2",
                "{\"componentId\":\"flaky\",\"key\":\"lean-fails\",\"fail_times\":5,"
                    + "\"retry\":{\"max_attempts\":1}}")
            .edge("n1", "map")
            .edge("map", "n2")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    assertThatThrownBy(() -> execute(env, worker, options, input))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(loggedNodes(input.run().runId())).containsExactly("n1", "map", "n2");
    Run run = store.run(input.run().runId());
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.startedAt()).isNotNull();
  }

  private static long markers(TestWorkflowEnvironment env, String runId, String name) {
    return env.getWorkflowClient().fetchHistory(runId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .map(HistoryEvent::getMarkerRecordedEventAttributes)
        .filter(m -> m.getMarkerName().equals(name))
        .count();
  }

  @Test
  void node_failing_twice_then_succeeding_logs_every_attempt(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "n2",
                "{\"componentId\":\"flaky\",\"key\":\"twice\",\"fail_times\":2,"
                    + "\"retry\":{\"max_attempts\":3,\"initial_interval_seconds\":0.1}}")
            .edge("n1", "n2")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output().path("call").asInt()).isEqualTo(3);
    List<RunLog> logs =
        store.logs(input.run().runId()).stream().filter(l -> l.nodeId().equals("n2")).toList();
    assertThat(logs).extracting(RunLog::attempt).containsExactly(1, 2, 3);
    assertThat(logs).extracting(RunLog::status).containsExactly("warning", "warning", "success");
    assertThat(logs.get(0).output().path("error").path("message").asText())
        .isEqualTo("planned failure 1");
  }

  /**
   * An earlier attempt's call succeeded and was logged, but its result never reached Temporal (its
   * worker died): the retry returns the logged output instead of calling again.
   */
  @Test
  void a_retried_attempt_returns_the_logged_success_instead_of_calling_again(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "n2",
                "{\"componentId\":\"flaky\",\"key\":\"logged\",\"fail_times\":10,"
                    + "\"retry\":{\"max_attempts\":3,\"initial_interval_seconds\":0.1}}")
            .edge("n1", "n2")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());
    new LogWriter(store.database())
        .write(
            input.run(),
            new LogEntry("n2", "flaky", "success", Json.parse("{\"call\":\"logged\"}"), 9, 5));

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output()).isEqualTo(Json.parse("{\"call\":\"logged\"}"));
    assertThat(FLAKY.calls.get("logged").get()).as("calls made").isEqualTo(1);
  }

  @Test
  void pure_handler_throwing_unexpectedly_fails_the_run_instead_of_retrying_the_task(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action("n2", "{\"componentId\":\"buggy\"}")
            .edge("n1", "n2")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    assertThatThrownBy(() -> execute(env, worker, options, input))
        .isInstanceOf(WorkflowFailedException.class);
    Run run = store.run(input.run().runId());
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorMessage()).contains("n2").contains("handler bug");
    assertThat(store.logs(input.run().runId()).get(1).status()).isEqualTo("error");
  }

  @Test
  void node_exhausting_retries_fails_the_run_naming_the_node(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "n2",
                "{\"componentId\":\"flaky\",\"key\":\"always\",\"fail_times\":100,"
                    + "\"retry\":{\"max_attempts\":2,\"initial_interval_seconds\":0.1}}")
            .action("n3", "{\"componentId\":\"data_mapper\",\"mappings\":{}}")
            .edge("n1", "n2")
            .edge("n2", "n3")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    assertThatThrownBy(() -> execute(env, worker, options, input))
        .isInstanceOf(WorkflowFailedException.class);

    Run run = store.run(input.run().runId());
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorMessage()).contains("n2").contains("flaky").contains("planned failure 2");
    assertThat(run.completedAt()).isNotNull();
    assertThat(store.logs(input.run().runId()))
        .filteredOn(l -> l.nodeId().equals("n2"))
        .extracting(RunLog::status)
        .containsExactly("warning", "error");
    assertThat(store.logs(input.run().runId())).extracting(RunLog::handle).containsOnlyNulls();
    assertThat(loggedNodes(input.run().runId())).doesNotContain("n3");
  }

  @Test
  void continue_on_error_takes_the_error_edge(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "n2",
                "{\"componentId\":\"flaky\",\"key\":\"coe\",\"fail_times\":100,"
                    + "\"continue_on_error\":true,\"retry\":{\"max_attempts\":1}}")
            .action(
                "handled",
                "{\"componentId\":\"data_mapper\",\"mappings\":"
                    + "{\"why\":\"{{ n2.error.message }}\"}}")
            .action("happy", "{\"componentId\":\"data_mapper\",\"mappings\":{}}")
            .edge("n1", "n2")
            .edge("n2", "handled", "error")
            .edge("n2", "happy")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output().path("why").asText()).isEqualTo("planned failure 1");
    assertThat(loggedNodes(input.run().runId())).containsExactly("n1", "n2", "handled");
    assertThat(store.logs(input.run().runId()))
        .extracting(RunLog::handle)
        .containsExactly(null, "error", null);
    assertThat(store.run(input.run().runId()).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void three_day_delay_finishes_under_time_skipping(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action("wait", "{\"componentId\":\"delay\",\"duration\":3,\"unit\":\"days\"}")
            .action(
                "after",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"run\":\"{{ run.id }}\"}}")
            .edge("n1", "wait")
            .edge("wait", "after")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output().path("run").asText()).isEqualTo(input.run().runId());
    JsonNode waited =
        store.logs(input.run().runId()).stream()
            .filter(l -> l.nodeId().equals("wait"))
            .findFirst()
            .orElseThrow()
            .output();
    assertThat(waited.path("waited_seconds").asDouble()).isEqualTo(259_200.0);
  }

  /**
   * Nodes declared against the order they run in, with parallel activities, a timer, pure nodes, a
   * condition whose false branch is skipped before a join, and an activity failing with {@code
   * continue_on_error}. {@code a} becomes ready behind the pass that runs {@code p}, so it starts
   * in the next pass, after {@code b} and {@code bad}; its committed history pins that order.
   */
  static Graph mixedGraph() {
    return Graphs.manualTrigger("n1")
        .action(
            "join",
            "{\"componentId\":\"data_mapper\",\"mappings\":{\"a\":\"{{ a.slept }}\","
                + "\"t\":\"{{ t.waited_seconds }}\",\"h\":\"{{ handled.why }}\"}}")
        .action(
            "handled",
            "{\"componentId\":\"data_mapper\",\"mappings\":"
                + "{\"why\":\"{{ bad.error.message }}\"}}")
        .action("no", "{\"componentId\":\"data_mapper\",\"mappings\":{\"no\":true}}")
        .condition(
            "check",
            "{\"componentId\":\"number_condition\",\"left\":\"{{ trigger.amount }}\","
                + "\"operator\":\"gt\",\"right\":10}")
        .action("a", "{\"componentId\":\"sleepy\",\"millis\":10}")
        .action("t", "{\"componentId\":\"delay\",\"duration\":1,\"unit\":\"minutes\"}")
        .action("p", "{\"componentId\":\"data_mapper\",\"mappings\":{\"p\":1}}")
        .action("b", "{\"componentId\":\"sleepy\",\"millis\":50}")
        .action(
            "bad",
            "{\"componentId\":\"flaky\",\"key\":\"mixed\",\"fail_times\":100,"
                + "\"continue_on_error\":true,\"retry\":{\"max_attempts\":1}}")
        .edge("n1", "p")
        .edge("p", "a")
        .edge("n1", "b")
        .edge("n1", "check")
        .edge("check", "t", "true")
        .edge("check", "no", "false")
        .edge("n1", "bad")
        .edge("bad", "handled", "error")
        .edge("a", "join")
        .edge("b", "join")
        .edge("t", "join")
        .edge("no", "join")
        .edge("handled", "join")
        .build();
  }

  @Test
  void mixed_graph_declared_out_of_order_runs_every_branch_once(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    GraphRunInput input = store.newRun(mixedGraph(), Json.parse("{\"amount\":42}"));

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output().path("a").asBoolean()).isTrue();
    assertThat(result.output().path("t").asDouble()).isEqualTo(60.0);
    assertThat(result.output().path("h").asText()).isEqualTo("planned failure 1");
    assertThat(loggedNodes(input.run().runId()))
        .containsExactlyInAnyOrder("n1", "p", "a", "b", "check", "t", "bad", "handled", "join");
  }

  /** The graph of the committed replay history: a condition, an activity and a timer. */
  static Graph replayGraph() {
    return Graphs.manualTrigger("n1")
        .condition(
            "check",
            "{\"componentId\":\"number_condition\",\"left\":\"{{ trigger.amount }}\","
                + "\"operator\":\"gt\",\"right\":10}")
        .action("call", "{\"componentId\":\"flaky\",\"key\":\"replay\",\"fail_times\":0}")
        .action("small", "{\"componentId\":\"data_mapper\",\"mappings\":{\"size\":\"small\"}}")
        .action("wait", "{\"componentId\":\"delay\",\"duration\":1,\"unit\":\"hours\"}")
        .action(
            "done", "{\"componentId\":\"data_mapper\",\"mappings\":{\"call\":\"{{ call.call }}\"}}")
        .edge("n1", "check")
        .edge("check", "call", "true")
        .edge("check", "small", "false")
        .edge("call", "wait")
        .edge("wait", "done")
        .build();
  }

  @Test
  void condition_activity_and_timer_graph_completes(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    GraphRunInput input = store.newRun(replayGraph(), Json.parse("{\"amount\":42}"));

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output()).isEqualTo(Json.parse("{\"call\":1}"));
    assertThat(loggedNodes(input.run().runId()))
        .containsExactly("n1", "check", "call", "wait", "done");
    String recordTo = System.getProperty("flowd.recordHistory");
    if (recordTo != null) {
      Files.writeString(
          Path.of(recordTo),
          env.getWorkflowClient().fetchHistory(input.run().runId()).toJson(true));
    }
  }
}

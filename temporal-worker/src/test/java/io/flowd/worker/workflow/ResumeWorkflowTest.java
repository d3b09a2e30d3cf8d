package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.ResumePlanner;
import io.flowd.engine.workflow.ResumeState;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.ComponentCatalog;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.RunLog;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.worker.FlowdWorker;
import io.flowd.worker.GraphRuns;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resuming a run at a node: planning from the old run's logs, and the interpreter's start. */
class ResumeWorkflowTest {
  private static TestStore store;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_resume");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  /** n1 → n2 (condition) → n3 (true) / n4 (false) → n5 (join); n1 → s1 is a side branch. */
  private static Graph diamondWithSideBranch() {
    return Graphs.manualTrigger("n1")
        .condition(
            "n2",
            "{\"componentId\":\"string_condition\",\"left\":\"{{ trigger.kind }}\","
                + "\"operator\":\"equals\",\"right\":\"a\"}")
        .action("n3", "{\"componentId\":\"data_mapper\",\"mappings\":{\"branch\":\"a\"}}")
        .action("n4", "{\"componentId\":\"data_mapper\",\"mappings\":{\"branch\":\"b\"}}")
        .action(
            "n5",
            "{\"componentId\":\"data_mapper\",\"mappings\":{\"from\":\"{{ n3.branch }}\","
                + "\"kind\":\"{{ trigger.kind }}\"}}")
        .action("s1", "{\"componentId\":\"data_mapper\",\"mappings\":{\"side\":true}}")
        .edge("n1", "n2")
        .edge("n2", "n3", "true")
        .edge("n2", "n4", "false")
        .edge("n3", "n5")
        .edge("n4", "n5")
        .edge("n1", "s1")
        .build();
  }

  private static ResumePlanner.LoggedResult ok(String node, String output) {
    return new ResumePlanner.LoggedResult(node, "success", Json.parse(output));
  }

  private static final ComponentCatalog COMPONENTS = StandardComponents.registry(true);

  private static final List<ResumePlanner.LoggedResult> OLD_LOGS =
      List.of(
          ok("n1", "{\"kind\":\"a\"}"),
          ok("n2", "{\"result\":true}"),
          ok("n3", "{\"branch\":\"a\"}"),
          ok("s1", "{\"side\":true}"),
          new ResumePlanner.LoggedResult("n5", "error", Json.parse("{\"error\":{}}")));

  @Test
  void a_join_after_an_untaken_branch_resumes_with_only_the_taken_upstream_state() {
    ResumeState state = ResumePlanner.plan(diamondWithSideBranch(), "n5", OLD_LOGS, COMPONENTS);

    assertThat(state.fromNodeId()).isEqualTo("n5");
    assertThat(state.restored())
        .extracting(ResumeState.RestoredNode::nodeId)
        .containsExactly("n2", "n3");
    assertThat(state.restored().get(0).handle()).isEqualTo("true");
  }

  @Test
  void the_logged_handle_decides_over_the_shape_of_the_output() {
    List<ResumePlanner.LoggedResult> logs =
        List.of(
            OLD_LOGS.get(0),
            new ResumePlanner.LoggedResult(
                "n2", "success", Json.parse("{\"result\":true}"), "false"),
            ok("n4", "{\"branch\":\"b\"}"));

    ResumeState state = ResumePlanner.plan(diamondWithSideBranch(), "n5", logs, COMPONENTS);

    assertThat(state.restored())
        .extracting(ResumeState.RestoredNode::nodeId)
        .containsExactly("n2", "n4");
    assertThat(state.restored().get(0).handle()).isEqualTo("false");
  }

  @Test
  void a_logged_error_handle_resumes_after_a_continue_on_error_failure() {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "call",
                "{\"componentId\":\"data_mapper\",\"mappings\":{},\"continue_on_error\":true}")
            .action("handled", "{\"componentId\":\"data_mapper\",\"mappings\":{}}")
            .action("happy", "{\"componentId\":\"data_mapper\",\"mappings\":{}}")
            .edge("n1", "call")
            .edge("call", "handled", "error")
            .edge("call", "happy")
            .build();
    List<ResumePlanner.LoggedResult> logs =
        List.of(
            ok("n1", "{}"),
            new ResumePlanner.LoggedResult("call", "error", Json.parse("{\"error\":{}}"), "error"));

    ResumeState state = ResumePlanner.plan(graph, "handled", logs, COMPONENTS);

    assertThat(state.restored())
        .extracting(ResumeState.RestoredNode::handle)
        .containsExactly("error");
    assertThatThrownBy(() -> ResumePlanner.plan(graph, "happy", logs, COMPONENTS))
        .isInstanceOf(ResumePlanner.NoUpstreamState.class)
        .hasMessageContaining("happy");
  }

  @Test
  void an_upstream_node_that_ran_without_success_or_an_untaken_start_is_refused() {
    List<ResumePlanner.LoggedResult> noN3 = List.of(OLD_LOGS.get(0), OLD_LOGS.get(1));

    assertThatThrownBy(() -> ResumePlanner.plan(diamondWithSideBranch(), "n5", noN3, COMPONENTS))
        .isInstanceOf(ResumePlanner.NoUpstreamState.class)
        .hasMessageContaining("n3");
    assertThatThrownBy(
            () -> ResumePlanner.plan(diamondWithSideBranch(), "n4", OLD_LOGS, COMPONENTS))
        .isInstanceOf(ResumePlanner.NoUpstreamState.class)
        .hasMessageContaining("n4");
  }

  @Test
  void the_resumed_run_runs_only_the_start_node_and_what_follows_it(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph = diamondWithSideBranch();
    GraphRunInput fresh = store.newRun(graph, Json.parse("{\"kind\":\"a\"}"));
    GraphRunInput input =
        new GraphRunInput(
            fresh.run(),
            graph,
            fresh.triggerPayload(),
            ResumePlanner.plan(graph, "n5", OLD_LOGS, COMPONENTS));
    FlowdWorker.register(worker, store.database(), StandardComponents.registry(true));
    env.start();

    RunResult result =
        env.getWorkflowClient()
            .newWorkflowStub(
                GraphWorkflow.class, options.toBuilder().setWorkflowId(fresh.run().runId()).build())
            .run(input);
    GraphRuns.recordHistory(env, fresh.run().runId());

    assertThat(result.output()).isEqualTo(Json.parse("{\"from\":\"a\",\"kind\":\"a\"}"));
    assertThat(store.logs(fresh.run().runId()).stream().map(RunLog::nodeId)).containsExactly("n5");
  }
}

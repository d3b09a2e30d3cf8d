package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.worker.TestHandlers;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Replays committed histories, so a change to the interpreter that breaks running workflows fails
 * here. {@code graph-v1.json} (recorded before {@code Workflow.getVersion} guards existed) has a
 * condition, an activity and a timer; regenerate it with {@code mvn -pl temporal-worker test
 * -Dtest=GraphWorkflowTest#condition_activity_and_timer_graph_completes
 * -Dflowd.recordHistory=$PWD/temporal-worker/src/test/resources/histories/graph-v1.json}. {@code
 * graph-v2.json} has a condition, a child run, a wait for input answered by an update and a
 * terminate; regenerate it with {@code
 * -Dtest=ControlNodesTest#condition_child_run_wait_and_terminate_graph_completes
 * -Dflowd.recordHistoryV2=$PWD/temporal-worker/src/test/resources/histories/graph-v2.json}.
 */
class GraphWorkflowReplayTest {

  @Test
  void committed_history_replays_without_nondeterminism() throws Exception {
    replay("/histories/graph-v1.json");
  }

  @Test
  void committed_history_with_control_nodes_replays_without_nondeterminism() throws Exception {
    replay("/histories/graph-v2.json");
  }

  private void replay(String resource) throws Exception {
    String history =
        new String(
            Objects.requireNonNull(getClass().getResourceAsStream(resource)).readAllBytes(),
            StandardCharsets.UTF_8);
    NodeHandlerRegistry registry =
        StandardComponents.registry(true, new TestHandlers.Flaky(), new TestHandlers.Sleepy());
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      // A cold JVM on a busy machine may load classes for over a second in the first replay.
      Worker worker =
          env.newWorker(
              "replay",
              WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(30_000).build());
      worker.registerWorkflowImplementationFactory(
          GraphWorkflow.class, () -> new GraphWorkflowImpl(registry));
      assertThatCode(
              () ->
                  WorkflowReplayer.replayWorkflowExecution(
                      WorkflowExecutionHistory.fromJson(history), worker))
          .doesNotThrowAnyException();
    }
  }
}

package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.flowd.worker.TestHandlers;
import io.flowd.worker.components.StandardComponents;
import io.flowd.worker.node.NodeHandlerRegistry;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Replays a committed history of a run with a condition, an activity and a timer, so a change to
 * the interpreter that breaks running workflows fails here. Regenerate it with {@code mvn -pl
 * temporal-worker test -Dtest=GraphWorkflowTest#condition_activity_and_timer_graph_completes
 * -Dflowd.recordHistory=$PWD/temporal-worker/src/test/resources/histories/graph-v1.json}.
 */
class GraphWorkflowReplayTest {

  @Test
  void committed_history_replays_without_nondeterminism() throws Exception {
    String history =
        new String(
            Objects.requireNonNull(getClass().getResourceAsStream("/histories/graph-v1.json"))
                .readAllBytes(),
            StandardCharsets.UTF_8);
    NodeHandlerRegistry registry =
        StandardComponents.registry(true, new TestHandlers.Flaky(), new TestHandlers.Sleepy());
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("replay");
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

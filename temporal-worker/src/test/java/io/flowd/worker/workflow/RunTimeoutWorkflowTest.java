package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.worker.GraphRuns;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run timeout ({@code timeout_seconds} of the workflow), under time skipping. */
class RunTimeoutWorkflowTest {
  private static final NodeHandlerRegistry REGISTRY = StandardComponents.registry(true);
  private static final int THREE_DAYS = 3 * 24 * 3600;
  private static TestStore store;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_run_timeout");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  private static Graph delay(int days) {
    return Graphs.manualTrigger("n1")
        .action("n2", "{\"componentId\":\"delay\",\"duration\":" + days + ",\"unit\":\"days\"}")
        .action("n3", "{\"componentId\":\"data_mapper\",\"mappings\":{\"after\":\"delay\"}}")
        .edge("n1", "n2")
        .edge("n2", "n3")
        .build();
  }

  @Test
  void a_run_past_a_three_day_timeout_in_a_seven_day_delay_fails_with_the_timeout_message(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    GraphRunInput input = store.newRun(delay(7), Json.object()).withTimeout(THREE_DAYS);

    assertThatThrownBy(() -> GraphRuns.execute(env, worker, options, store, REGISTRY, input))
        .isInstanceOf(WorkflowFailedException.class);

    Run run = store.run(input.run().runId());
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorMessage()).isEqualTo("run timed out after " + THREE_DAYS + " s");
    var events = env.getWorkflowClient().fetchHistory(input.run().runId()).getEvents();
    Duration lasted =
        Duration.ofSeconds(
            events.get(events.size() - 1).getEventTime().getSeconds()
                - events.get(0).getEventTime().getSeconds());
    assertThat(lasted).isBetween(Duration.ofDays(3), Duration.ofDays(3).plusHours(1));
    assertThat(store.logs(input.run().runId())).extracting(l -> l.nodeId()).doesNotContain("n3");
    String recordTo = System.getProperty("flowd.recordHistoryTimeout");
    if (recordTo != null) {
      Files.writeString(
          Path.of(recordTo),
          env.getWorkflowClient().fetchHistory(input.run().runId()).toJson(true));
    }
  }

  @Test
  void a_run_that_ends_before_its_timeout_completes(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    GraphRunInput input = store.newRun(delay(2), Json.object()).withTimeout(THREE_DAYS);

    RunResult result = GraphRuns.execute(env, worker, options, store, REGISTRY, input);

    assertThat(result.status()).isEqualTo("completed");
    assertThat(store.run(input.run().runId()).status()).isEqualTo(RunStatus.COMPLETED);
  }
}

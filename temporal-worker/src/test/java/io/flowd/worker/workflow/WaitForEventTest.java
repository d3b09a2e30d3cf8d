package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.NodeInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.store.EventDao;
import io.flowd.store.EventWait;
import io.flowd.worker.GraphRuns;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** wait_for_event on Temporal's time-skipping test server, against a real PostgreSQL. */
class WaitForEventTest {
  private static final NodeHandlerRegistry REGISTRY = StandardComponents.registry(true);
  private static TestStore store;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_events");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  private static Graph eventGraph(String waitData) {
    return Graphs.manualTrigger("n1")
        .action(
            "hear",
            "{\"componentId\":\"wait_for_event\",\"key\":\"order-{{ trigger.order }}\""
                + waitData
                + "}")
        .action(
            "after",
            "{\"componentId\":\"data_mapper\",\"mappings\":{\"paid\":\"{{ hear.paid }}\"}}")
        .edge("n1", "hear")
        .edge("hear", "after")
        .build();
  }

  private static List<EventWait> waits(String key) {
    return store.database().dao(EventDao.class).waiting(TestStore.TENANT, key);
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

  private static RunLog log(String runId, String nodeId) {
    return store.logs(runId).stream()
        .filter(l -> l.nodeId().equals(nodeId))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void a_run_waits_on_its_rendered_key_and_an_event_delivered_days_later_becomes_the_output(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    GraphRunInput input = store.newRun(eventGraph(""), Json.parse("{\"order\": 7}"));
    String runId = input.run().runId();

    GraphWorkflow workflow = GraphRuns.start(env, worker, options, store, REGISTRY, input);
    awaitTrue("the run waits", () -> store.run(runId).status() == RunStatus.WAITING);
    awaitTrue("the wait is recorded", () -> !waits("order-7").isEmpty());
    assertThat(waits("order-7")).extracting(EventWait::nodeId).containsExactly("hear");
    env.sleep(Duration.ofDays(2));
    assertThatThrownBy(() -> workflow.deliverInput(new NodeInput("hear", Json.object())))
        .as("input is for wait_for_input nodes only")
        .isInstanceOf(WorkflowUpdateException.class);

    workflow.deliverEvent(new NodeInput("hear", Json.parse("{\"paid\": true}")));
    RunResult result =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(runId)
            .getResult(60, TimeUnit.SECONDS, RunResult.class);

    assertThat(result.output()).isEqualTo(Json.parse("{\"paid\": true}"));
    assertThat(log(runId, "hear").output()).isEqualTo(Json.parse("{\"paid\": true}"));
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(waits("order-7")).isEmpty();
    assertThatThrownBy(() -> workflow.deliverEvent(new NodeInput("hear", Json.object())))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void an_event_that_never_comes_times_out_and_fails_the_node_like_wait_for_input(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    GraphRunInput input =
        store.newRun(eventGraph(",\"wait_seconds\": 3600"), Json.parse("{\"order\": 8}"));
    String runId = input.run().runId();

    GraphRuns.start(env, worker, options, store, REGISTRY, input);

    assertThatThrownBy(
            () ->
                env.getWorkflowClient()
                    .newUntypedWorkflowStub(runId)
                    .getResult(60, TimeUnit.SECONDS, RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    Run run = store.run(runId);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorMessage())
        .contains("hear")
        .contains("no event arrived within 3600 seconds");
    RunLog hear = log(runId, "hear");
    assertThat(hear.status()).isEqualTo("error");
    assertThat(hear.output().path("error").path("type").asText()).isEqualTo("timeout");
    assertThat(waits("order-8")).isEmpty();
  }
}

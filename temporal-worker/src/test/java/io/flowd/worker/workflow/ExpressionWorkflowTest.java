package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.RunLog;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code {{= }}} expressions, {@code transform} and {@code expression_condition} in workflow code.
 */
class ExpressionWorkflowTest {
  private static final NodeHandlerRegistry REGISTRY = StandardComponents.registry(true);
  private static TestStore store;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_expressions");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  /** trigger → transform (total) → expression_condition (big) → true: notify | false: small. */
  static Graph orderGraph() {
    return Graphs.manualTrigger("n1")
        .action(
            "total",
            "{\"componentId\":\"transform\",\"expression\":"
                + "\"{'total': $sum(trigger.items.(price * qty)), 'at': $millis()}\"}")
        .condition(
            "big", "{\"componentId\":\"expression_condition\",\"expression\":\"total.total > 12\"}")
        .action(
            "notify",
            "{\"componentId\":\"data_mapper\",\"mappings\":{"
                + "\"text\":\"{{= 'Order of ' & $uppercase(trigger.customer) & ': '"
                + " & $string(total.total) }}\","
                + "\"count\":\"{{= $count(trigger.items) }}\","
                + "\"same_time\":\"{{= total.at = $millis() }}\","
                + "\"plain\":\"{{ trigger.customer }}\"}}")
        .action("small", "{\"componentId\":\"data_mapper\",\"mappings\":{\"small\":true}}")
        .edge("n1", "total")
        .edge("total", "big")
        .edge("big", "notify", "true")
        .edge("big", "small", "false")
        .build();
  }

  static final String ORDER =
      "{\"customer\":\"ada\",\"items\":[{\"sku\":\"a\",\"price\":2.5,\"qty\":2},"
          + "{\"sku\":\"b\",\"price\":10,\"qty\":1}]}";

  @Test
  void expressions_transform_and_expression_condition_compute_the_run(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    GraphRunInput input = store.newRun(orderGraph(), Json.parse(ORDER));

    RunResult result = GraphRuns.execute(env, worker, options, store, REGISTRY, input);

    assertThat(result.status()).isEqualTo("completed");
    assertThat(result.output())
        .isEqualTo(
            Json.parse(
                "{\"text\":\"Order of ADA: 15\",\"count\":2,\"same_time\":true,\"plain\":\"ada\"}"));
    assertThat(store.logs(input.run().runId()))
        .extracting(RunLog::nodeId)
        .contains("total", "big", "notify")
        .doesNotContain("small");
    String recordTo = System.getProperty("flowd.recordHistoryExpressions");
    if (recordTo != null) {
      Files.writeString(
          Path.of(recordTo),
          env.getWorkflowClient().fetchHistory(input.run().runId()).toJson(true));
    }
  }

  @Test
  void a_runaway_expression_fails_its_node_with_a_clear_message_and_the_worker_runs_on(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph runaway =
        Graphs.manualTrigger("n1")
            .action(
                "spin",
                "{\"componentId\":\"transform\",\"expression\":"
                    + "\"$count([1..90000].($ * 2 + 1))\"}")
            .edge("n1", "spin")
            .build();
    GraphRunInput bad = store.newRun(runaway, Json.object());

    assertThatThrownBy(() -> GraphRuns.execute(env, worker, options, store, REGISTRY, bad))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(store.run(bad.run().runId()).status()).isEqualTo(RunStatus.FAILED);
    RunLog log =
        store.logs(bad.run().runId()).stream()
            .filter(l -> l.nodeId().equals("spin"))
            .findFirst()
            .orElseThrow();
    assertThat(log.status()).isEqualTo("error");
    assertThat(log.output().at("/error/type").asText()).isEqualTo("expression_error");
    assertThat(log.output().at("/error/message").asText())
        .contains("more than 100000 evaluation steps");

    GraphRunInput good = store.newRun(orderGraph(), Json.parse(ORDER));
    RunResult result =
        env.getWorkflowClient()
            .newWorkflowStub(
                GraphWorkflow.class, options.toBuilder().setWorkflowId(good.run().runId()).build())
            .run(good);
    assertThat(result.status()).isEqualTo("completed");
  }
}

package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.store.RunDao;
import io.flowd.worker.FlowdWorker;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The iterator runs one child run per item in batches that continue as new. */
class IteratorTest {
  private static final Logger LOG = LoggerFactory.getLogger(IteratorTest.class);
  private static final int HISTORY_LIMIT = 51_200;
  private static TestStore store;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_iterator");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  @Test
  void thousand_items_complete_in_order_in_batches_with_small_histories(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    String childId = Ids.next(Ids.WORKFLOW);
    store.saveWorkflow(
        childId,
        new Graphs()
            .node("c1", "trigger", "{\"componentId\":\"workflow_trigger\"}")
            .action(
                "c2",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"item\":\"{{ trigger.n }}\"}}")
            .edge("c1", "c2")
            .build());
    Graph parent =
        Graphs.manualTrigger("n1")
            .action(
                "each",
                "{\"componentId\":\"iterator\",\"items\":\"{{ trigger.items }}\",\"workflow_id\":\""
                    + childId
                    + "\",\"concurrency\":50,\"batch_size\":100}")
            .edge("n1", "each")
            .build();
    ObjectNode payload = Json.object();
    ArrayNode items = payload.putArray("items");
    for (int n = 0; n < 1_000; n++) {
      items.addObject().put("n", n);
    }
    GraphRunInput input = store.newRun(parent, payload);
    String runId = input.run().runId();
    FlowdWorker.register(worker, store.database(), StandardComponents.registry(true));
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    GraphWorkflow workflow =
        client.newWorkflowStub(
            GraphWorkflow.class, options.toBuilder().setWorkflowId(runId).build());
    WorkflowClient.start(workflow::run, input);

    RunResult result =
        client.newUntypedWorkflowStub(runId).getResult(10, TimeUnit.MINUTES, RunResult.class);

    JsonNode results = result.output().path("results");
    assertThat(results).hasSize(1_000);
    for (int n = 0; n < 1_000; n++) {
      assertThat(results.get(n).path("item").asInt()).isEqualTo(n);
    }
    List<Run> children =
        store.database().dao(RunDao.class).latest(TestStore.TENANT, childId, 2_000);
    assertThat(children).hasSize(1_000).allMatch(r -> r.status() == RunStatus.COMPLETED);

    List<Integer> lengths = iteratorHistoryLengths(client, runId);
    LOG.info("iterator executions: {}, history lengths: {}", lengths.size(), lengths);
    assertThat(lengths).hasSize(10);
    assertThat(lengths).allMatch(length -> length < HISTORY_LIMIT / 10);
    assertThat(client.fetchHistory(runId).getEvents()).hasSizeLessThan(100);
  }

  @Test
  void an_item_that_fails_leaves_no_child_run_pending(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    String childId = Ids.next(Ids.WORKFLOW);
    store.saveWorkflow(
        childId,
        new Graphs()
            .node("c1", "trigger", "{\"componentId\":\"workflow_trigger\"}")
            .condition(
                "is7",
                "{\"componentId\":\"string_condition\",\"left\":\"{{ trigger.n }}\","
                    + "\"operator\":\"equals\",\"right\":\"7\"}")
            .action(
                "fail",
                "{\"componentId\":\"terminate\",\"status\":\"failed\",\"message\":\"seven\"}")
            .action(
                "ok",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"item\":\"{{ trigger.n }}\"}}")
            .edge("c1", "is7")
            .edge("is7", "fail", "true")
            .edge("is7", "ok", "false")
            .build());
    Graph parent =
        Graphs.manualTrigger("n1")
            .action(
                "each",
                "{\"componentId\":\"iterator\",\"items\":\"{{ trigger.items }}\",\"workflow_id\":\""
                    + childId
                    + "\",\"concurrency\":3}")
            .edge("n1", "each")
            .build();
    ObjectNode payload = Json.object();
    ArrayNode items = payload.putArray("items");
    for (int n = 0; n < 20; n++) {
      items.addObject().put("n", Integer.toString(n));
    }
    GraphRunInput input = store.newRun(parent, payload);
    String runId = input.run().runId();
    FlowdWorker.register(worker, store.database(), StandardComponents.registry(true));
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    WorkflowClient.start(
        client.newWorkflowStub(
                GraphWorkflow.class, options.toBuilder().setWorkflowId(runId).build())
            ::run,
        input);
    try {
      client.newUntypedWorkflowStub(runId).getResult(2, TimeUnit.MINUTES, RunResult.class);
    } catch (RuntimeException expected) {
      // The run fails with item 7.
    }
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.FAILED);

    List<Run> children = List.of();
    for (int i = 0; i < 300; i++) {
      children = store.database().dao(RunDao.class).latest(TestStore.TENANT, childId, 100);
      if (children.stream().allMatch(r -> r.status().isTerminal())) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(children).hasSize(20);
    assertThat(children)
        .as("every child run is finished or cancelled, none left pending")
        .allMatch(r -> r.status().isTerminal(), "is terminal");
    assertThat(children).anyMatch(r -> r.status() == RunStatus.FAILED);
    assertThat(children).anyMatch(r -> r.status() == RunStatus.CANCELLED);
  }

  /** Follows the iterator's continue-as-new chain and returns each execution's event count. */
  private static List<Integer> iteratorHistoryLengths(WorkflowClient client, String parentId) {
    WorkflowExecution execution =
        client.fetchHistory(parentId).getEvents().stream()
            .filter(HistoryEvent::hasChildWorkflowExecutionStartedEventAttributes)
            .findFirst()
            .orElseThrow()
            .getChildWorkflowExecutionStartedEventAttributes()
            .getWorkflowExecution();
    List<Integer> lengths = new ArrayList<>();
    String runId = execution.getRunId();
    while (runId != null) {
      List<HistoryEvent> events = client.fetchHistory(execution.getWorkflowId(), runId).getEvents();
      lengths.add(events.size());
      HistoryEvent last = events.get(events.size() - 1);
      runId =
          last.hasWorkflowExecutionContinuedAsNewEventAttributes()
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return lengths;
  }
}

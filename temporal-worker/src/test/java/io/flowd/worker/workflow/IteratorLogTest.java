package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.IteratorLog;
import io.flowd.engine.workflow.ResumePlanner;
import io.flowd.engine.workflow.ResumeState;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.RunLog;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.payload.ClaimCheck;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.worker.FlowdWorker;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An iterator's node log holds a summary (items, child runs by status, the link to the child runs)
 * instead of every child's output, while the node's output, which later nodes and a resume read,
 * keeps every result.
 */
class IteratorLogTest {
  private static TestStore store;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_iterator_log");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  @Test
  void the_iterator_logs_a_summary_and_later_nodes_still_read_every_result(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    String childId = Ids.next(Ids.WORKFLOW);
    store.saveWorkflow(
        childId,
        new Graphs()
            .node("c1", "trigger", "{\"componentId\":\"workflow_trigger\"}")
            .action(
                "c2",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"item\":\"{{ trigger.n }}\","
                    + "\"headers\":\"{{ trigger.bulk }}\"}}")
            .edge("c1", "c2")
            .build());
    Graph parent =
        Graphs.manualTrigger("n1")
            .action(
                "each",
                "{\"componentId\":\"iterator\",\"items\":\"{{ trigger.items }}\",\"workflow_id\":\""
                    + childId
                    + "\",\"concurrency\":3}")
            .action(
                "count",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"last\":\"{{ each.results.2.item }}\"}}")
            .edge("n1", "each")
            .edge("each", "count")
            .build();
    ObjectNode payload = Json.object();
    ArrayNode items = payload.putArray("items");
    for (int n = 0; n < 3; n++) {
      items.addObject().put("n", n).put("bulk", "x".repeat(2_000));
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

    RunResult result =
        client.newUntypedWorkflowStub(runId).getResult(2, TimeUnit.MINUTES, RunResult.class);
    String recordTo = System.getProperty("flowd.recordHistoryIterator");
    if (recordTo != null) {
      Files.writeString(Path.of(recordTo), client.fetchHistory(runId).toJson(true));
    }

    assertThat(result.output().path("last").asInt()).isEqualTo(2);
    RunLog each =
        store.logs(runId).stream().filter(l -> l.nodeId().equals("each")).findFirst().orElseThrow();
    JsonNode logged = each.output();
    String text = Json.write(logged);
    assertThat(text.length()).as("the log's size").isLessThan(1_000);
    assertThat(text.contains("xxxxxxxx")).as("the log holds a child's output").isFalse();
    assertThat(logged.path("items").asInt()).isEqualTo(3);
    assertThat(logged.path("child_runs").path("completed").asInt()).isEqualTo(3);
    assertThat(logged.path("child_runs_url").asText())
        .isEqualTo("/workflows/runs?parent_run_id=" + runId + "&workflow_id=" + childId);
    assertThat(logged.path("summary").asText()).isEqualTo("3 items, 3 child runs: 3 completed");
    assertThat(IteratorLog.isSummary(logged)).isTrue();
    JsonNode restored = IteratorLog.outputOf(logged);
    assertThat(ClaimCheck.isRef(restored)).as(restored.toString()).isTrue();
    JsonNode results =
        new PayloadStore(store.database()).resolve(TestStore.TENANT, restored).path("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(1).path("item").asInt()).isEqualTo(1);

    List<ResumePlanner.LoggedResult> old =
        store.logs(runId).stream()
            .map(
                l -> new ResumePlanner.LoggedResult(l.nodeId(), l.status(), l.output(), l.handle()))
            .toList();
    GraphRunInput fresh = store.newRun(parent, payload);
    ResumeState resume =
        ResumePlanner.plan(parent, "count", old, StandardComponents.registry(true));
    RunResult resumed =
        client
            .newWorkflowStub(
                GraphWorkflow.class, options.toBuilder().setWorkflowId(fresh.run().runId()).build())
            .run(new GraphRunInput(fresh.run(), parent, fresh.triggerPayload(), resume));
    assertThat(resumed.output().path("last").asInt())
        .as("a run resumed after the iterator reads its results")
        .isEqualTo(2);
  }
}

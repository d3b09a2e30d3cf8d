package io.flowd.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.model.FlowControl;
import io.flowd.model.Graph;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.runs.RunClosing;
import io.flowd.store.WorkflowDao;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.flowd.worker.activity.RunBookkeepingImpl;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The failure run of a failed run is recorded with the terminal status write, once: a status write
 * retried after a worker died (the local activity runs again on another worker) adds nothing.
 */
class FailureRunsTest {
  private static final Graph GRAPH =
      Graphs.manualTrigger("n1")
          .action("n2", "{\"componentId\":\"data_mapper\",\"mappings\":{}}")
          .edge("n1", "n2")
          .build();
  private static TestStore store;

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_failure_runs");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  private static String workflow(String onFailure) {
    String id = Ids.next(Ids.WORKFLOW);
    store.saveWorkflow(id, GRAPH);
    if (onFailure != null) {
      store
          .database()
          .dao(WorkflowDao.class)
          .setFlowControl(
              TestStore.TENANT,
              id,
              1,
              Json.write(new FlowControl(null, null, new FlowControl.OnFailure(onFailure))));
    }
    return id;
  }

  private static List<Run> runsOf(String workflowId) {
    return store
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT id FROM runs WHERE workflow_id = :w ORDER BY created_at")
                    .bind("w", workflowId)
                    .mapTo(String.class)
                    .list())
        .stream()
        .map(store::run)
        .toList();
  }

  @Test
  void a_failed_status_written_twice_records_exactly_one_failure_run_with_the_payload() {
    String handler = workflow(null);
    String failing = workflow(handler);
    GraphRunInput input = store.newRun(failing, GRAPH, Json.object());
    RunBookkeepingImpl bookkeeping = new RunBookkeepingImpl(store.database());

    bookkeeping.finish(input.run(), "failed", "Node n2 (data_mapper) failed: boom");
    bookkeeping.finish(input.run(), "failed", "Node n2 (data_mapper) failed: boom");

    List<Run> failureRuns = runsOf(handler);
    assertThat(failureRuns).hasSize(1);
    Run failureRun = failureRuns.get(0);
    assertThat(failureRun.id()).isEqualTo(RunClosing.failureRunId(input.run().runId()));
    assertThat(failureRun.triggerType()).isEqualTo("failure");
    assertThat(failureRun.status()).isEqualTo(RunStatus.PENDING);
    assertThat(failureRun.triggerPayload().path("run_id").asText()).isEqualTo(input.run().runId());
    assertThat(failureRun.triggerPayload().path("workflow_id").asText()).isEqualTo(failing);
    assertThat(failureRun.triggerPayload().path("workflow_name").asText()).isEqualTo("test");
    assertThat(failureRun.triggerPayload().path("error_message").asText())
        .isEqualTo("Node n2 (data_mapper) failed: boom");
    assertThat(failureRun.triggerPayload().has("node_id")).isTrue();
  }

  @Test
  void a_completed_or_cancelled_run_and_a_failed_failure_run_start_nothing() {
    String first = workflow(null);
    String second = workflow(first);
    // The two workflows point at each other.
    store
        .database()
        .dao(WorkflowDao.class)
        .setFlowControl(
            TestStore.TENANT,
            first,
            1,
            Json.write(new FlowControl(null, null, new FlowControl.OnFailure(second))));
    RunBookkeepingImpl bookkeeping = new RunBookkeepingImpl(store.database());
    GraphRunInput completed = store.newRun(first, GRAPH, Json.object());
    bookkeeping.finish(completed.run(), "completed", null);
    GraphRunInput cancelled = store.newRun(first, GRAPH, Json.object());
    bookkeeping.finish(cancelled.run(), "cancelled", "Run was cancelled");
    assertThat(runsOf(second)).isEmpty();

    GraphRunInput failed = store.newRun(first, GRAPH, Json.object());
    bookkeeping.finish(failed.run(), "failed", "boom");
    List<Run> failureRuns = runsOf(second);
    assertThat(failureRuns).hasSize(1);
    Run failureRun = failureRuns.get(0);
    bookkeeping.finish(
        new io.flowd.model.RunRef(TestStore.TENANT, second, 1, failureRun.id()),
        "failed",
        "the handler failed too");

    assertThat(store.run(failureRun.id()).status()).isEqualTo(RunStatus.FAILED);
    assertThat(runsOf(first)).hasSize(3);
  }
}

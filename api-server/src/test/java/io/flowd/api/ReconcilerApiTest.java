package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.run.RunReconciler;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The continuous reconciler brings open rows in line with their Temporal executions. */
class ReconcilerApiTest {
  private static final String TOKEN = FlowdHarness.token("reconcile");
  private static final Map<String, String> FAST =
      Map.of(
          "FLOWD_RECONCILE_INTERVAL_MS", "300",
          "FLOWD_RECONCILE_MIN_AGE_SECONDS", "0",
          "FLOWD_CANCEL_GRACE_SECONDS", "1");
  private static final String GRAPH =
      """
      {"name": "Reconciled",
       "nodes": [
         {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
         {"id": "n2", "type": "action",
          "data": {"componentId": "data_mapper", "mappings": {"ok": true}}}],
       "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}
      """;

  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start(FAST);
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  @Test
  void an_open_row_whose_execution_completed_gets_the_status_temporal_holds() throws Exception {
    String runId = execute(flowd, create(flowd));
    assertThat(flowd.awaitRun(TOKEN, runId, "completed").path("status").asText())
        .isEqualTo("completed");
    // As if the interpreter's final status write had never landed.
    sql("UPDATE runs SET status = 'running', completed_at = NULL WHERE id = '" + runId + "'");

    JsonNode run = flowd.awaitRun(TOKEN, runId, "completed");

    assertThat(run.path("status").asText()).isEqualTo("completed");
  }

  @Test
  void a_child_run_whose_parent_ended_before_starting_it_is_cancelled_not_started()
      throws Exception {
    String workflowId = create(flowd);
    String parentId = execute(flowd, workflowId);
    flowd.awaitRun(TOKEN, parentId, "completed");
    String childId = io.flowd.model.Ids.next(io.flowd.model.Ids.RUN);
    sql(
        "INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, status, trigger_type,"
            + " trigger_payload, temporal_workflow_id, dispatched_at, parent_run_id) VALUES ('"
            + childId
            + "', 'reconcile', '"
            + workflowId
            + "', 1, 'pending', 'workflow', '{}', 'flowd:reconcile:"
            + workflowId
            + ":"
            + childId
            + "', clock_timestamp(), '"
            + parentId
            + "')");

    JsonNode child = flowd.awaitRun(TOKEN, childId, "cancelled");

    assertThat(child.path("status").asText()).isEqualTo("cancelled");
    assertThat(child.path("error_message").asText()).isEqualTo(RunReconciler.PARENT_CLOSED_MESSAGE);
    assertThat(child.path("logs")).isEmpty();
  }

  /**
   * No worker polls the run's task queue, so its workflow task never runs and it never sees the
   * cancel: past the grace period the execution is terminated and the run recorded cancelled.
   */
  @Test
  void cancel_ends_a_run_whose_workflow_task_cannot_make_progress() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(FAST);
    env.put("FLOWD_TASK_QUEUE", "no-worker-polls-this");
    try (FlowdHarness stuck = FlowdHarness.start(env)) {
      String runId = execute(stuck, create(stuck));
      Thread.sleep(1_500);
      assertThat(awaitRun(stuck, runId, "cancelled", 1).path("status").asText())
          .as("nothing runs it")
          .isEqualTo("pending");

      HttpResponse<String> cancel =
          stuck.request("POST", "/workflows/runs/" + runId + "/cancel", TOKEN, null);
      assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);

      JsonNode run = awaitRun(stuck, runId, "cancelled", 300);
      assertThat(run.path("status").asText()).isEqualTo("cancelled");
      assertThat(stuck.temporalStatus(temporalId(stuck, runId)))
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    }
  }

  private static String temporalId(FlowdHarness harness, String runId) {
    return harness
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT temporal_workflow_id FROM runs WHERE id = :id")
                    .bind("id", runId)
                    .mapTo(String.class)
                    .one());
  }

  private static JsonNode awaitRun(FlowdHarness harness, String runId, String status, int polls)
      throws InterruptedException {
    JsonNode run = null;
    for (int i = 0; i < polls; i++) {
      run = FlowdHarness.json(harness.request("GET", "/workflows/runs/" + runId, TOKEN, null));
      if (status.equals(run.path("status").asText())) {
        return run;
      }
      Thread.sleep(100);
    }
    return run;
  }

  private static String create(FlowdHarness harness) {
    HttpResponse<String> created = harness.request("POST", "/workflows", TOKEN, GRAPH);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  private static String execute(FlowdHarness harness, String workflowId) {
    HttpResponse<String> started =
        harness.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, "{}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return FlowdHarness.json(started).path("id").asText();
  }

  private static void sql(String statement) {
    flowd.database().jdbi().useHandle(h -> h.execute(statement));
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Deleting a workflow whose run was accepted while Temporal was down: the run never starts. */
class DeletePendingRunApiTest {

  @Test
  void a_pending_run_never_dispatched_is_cancelled_and_the_outbox_never_starts_it()
      throws Exception {
    try (FlowdHarness flowd = FlowdHarness.startWithoutTemporal()) {
      String token = FlowdHarness.token("quitter");
      String id = WorkflowApiTest.create(flowd, token, WorkflowApiTest.MAPPER_GRAPH);
      JsonNode run =
          FlowdHarness.json(flowd.request("POST", "/workflows/" + id + "/execute", token, "{}"));
      assertThat(run.path("status").asText()).isEqualTo("pending");

      int deleted = flowd.request("DELETE", "/workflows/" + id, token, null).statusCode();
      flowd.startTemporal();
      // Give the outbox (every 300 ms) many chances to start the run if it still could.
      Thread.sleep(3_000);

      assertThat(deleted).isEqualTo(204);
      assertThat(flowd.temporalStatus(run.path("temporal_workflow_id").asText())).isNull();
      // The run stays readable until its retention ends, closed as cancelled.
      JsonNode kept =
          FlowdHarness.json(
              flowd.request("GET", "/workflows/runs/" + run.path("id").asText(), token, null));
      assertThat(kept.path("status").asText()).isEqualTo("cancelled");
    }
  }
}

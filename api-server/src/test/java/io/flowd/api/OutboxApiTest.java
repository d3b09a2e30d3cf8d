package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Runs are accepted while Temporal is down and start once it is back. */
class OutboxApiTest {

  @Test
  void execute_while_temporal_is_down_answers_pending_and_completes_once_it_is_back()
      throws Exception {
    String token = FlowdHarness.token("carol");
    try (FlowdHarness flowd = FlowdHarness.startWithoutTemporal()) {
      String graph =
          """
          {"name": "Outbox",
           "nodes": [
             {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
             {"id": "n2", "type": "action",
              "data": {"componentId": "data_mapper", "mappings": {"ok": true}}}],
           "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}
          """;
      String workflowId =
          FlowdHarness.json(flowd.request("POST", "/workflows", token, graph)).path("id").asText();

      HttpResponse<String> accepted =
          flowd.request("POST", "/workflows/" + workflowId + "/execute", token, "{}");

      assertThat(accepted.statusCode()).isEqualTo(202);
      JsonNode run = FlowdHarness.json(accepted);
      assertThat(run.path("status").asText()).isEqualTo("pending");
      Thread.sleep(1_000);
      String runId = run.path("id").asText();
      assertThat(
              FlowdHarness.json(flowd.request("GET", "/workflows/runs/" + runId, token, null))
                  .path("status")
                  .asText())
          .isEqualTo("pending");

      flowd.startTemporal();

      assertThat(flowd.awaitRun(token, runId, "completed").path("status").asText())
          .isEqualTo("completed");
    }
  }

  @Test
  void a_pending_run_that_cannot_start_does_not_hold_back_the_ones_after_it() throws Exception {
    String token = FlowdHarness.token("dave");
    try (FlowdHarness flowd = FlowdHarness.startWithoutTemporal()) {
      String graph =
          """
          {"name": "Outbox order",
           "nodes": [
             {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
             {"id": "n2", "type": "action",
              "data": {"componentId": "data_mapper", "mappings": {"ok": true}}}],
           "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}
          """;
      String workflowId =
          FlowdHarness.json(flowd.request("POST", "/workflows", token, graph)).path("id").asText();
      String broken =
          FlowdHarness.json(
                  flowd.request("POST", "/workflows/" + workflowId + "/execute", token, "{}"))
              .path("id")
              .asText();
      String fine =
          FlowdHarness.json(
                  flowd.request("POST", "/workflows/" + workflowId + "/execute", token, "{}"))
              .path("id")
              .asText();
      // The older run's snapshot is gone, so the outbox cannot start it.
      flowd
          .database()
          .jdbi()
          .useHandle(h -> h.execute("UPDATE runs SET workflow_version = 999 WHERE id = ?", broken));

      flowd.startTemporal();

      assertThat(flowd.awaitRun(token, fine, "completed").path("status").asText())
          .isEqualTo("completed");
    }
  }
}

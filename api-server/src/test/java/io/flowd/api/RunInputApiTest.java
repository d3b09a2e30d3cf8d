package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Black-box: a run with a condition, a child run ({@code trigger_workflow} with wait) and a {@code
 * wait_for_input} answered over HTTP completes, and its logs tell the story in order.
 */
class RunInputApiTest {
  private static final String TOKEN = FlowdHarness.token("carol");
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static String create(String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  private static String childWorkflow() {
    return create(
        """
        {"name": "Price check",
         "nodes": [
           {"id": "c1", "type": "trigger", "data": {"componentId": "workflow_trigger"}},
           {"id": "c2", "type": "action", "data": {"componentId": "data_mapper",
             "mappings": {"approved_amount": "{{ trigger.amount }}", "by": "child"}}}
         ],
         "edges": [{"id": "ce1", "source": "c1", "target": "c2"}]}
        """);
  }

  /**
   * The story graph: trigger → condition → child run (wait) → wait_for_input → summary; the
   * condition's false branch is skipped. Nodes and edges are listed in the order they run.
   */
  static String storyGraph(String childWorkflowId) {
    List<String> nodes = new ArrayList<>();
    List<String> edges = new ArrayList<>();
    nodes.add(
        """
        {"id": "start", "type": "trigger", "data": {"componentId": "manual_trigger"}}""");
    nodes.add(
        """
        {"id": "eligible", "type": "condition", "data": {"componentId": "logical_group",
          "combinator": "and", "conditions": [
            {"componentId": "number_condition", "left": "{{ trigger.amount }}",
             "operator": "gt", "right": 0},
            {"componentId": "logical_group", "combinator": "or", "conditions": [
              {"componentId": "string_condition", "left": "{{ trigger.customer }}",
               "operator": "is_not_empty"},
              {"componentId": "boolean_condition", "left": "{{ trigger.guest }}",
               "operator": "equals", "right": true}]}]}}""");
    nodes.add(
        """
        {"id": "big_order", "type": "condition", "data": {"componentId": "switch_condition",
          "value": "{{ trigger.amount }}",
          "cases": [{"handle": "big", "operator": "gt", "right": 100},
                    {"handle": "medium", "operator": "gt", "right": 10}]}}""");
    nodes.add(
        """
        {"id": "rejected", "type": "action", "data": {"componentId": "data_mapper",
          "mappings": {"rejected": true}}}""");
    nodes.add(
        """
        {"id": "price_check", "type": "action", "data": {"componentId": "trigger_workflow",
          "workflow_id": "%s", "context": {"amount": "{{ trigger.amount }}"}, "wait": true}}"""
            .formatted(childWorkflowId));
    nodes.add(
        """
        {"id": "approval", "type": "action", "data": {"componentId": "wait_for_input",
          "prompt": "Approve {{ trigger.amount }}?"}}""");
    nodes.add(
        """
        {"id": "summary", "type": "action", "data": {"componentId": "data_mapper",
          "mappings": {"amount": "{{ price_check.approved_amount }}",
                       "approved": "{{ approval.approved }}", "by": "{{ approval.by }}"}}}""");
    nodes.add(
        """
        {"id": "small_order", "type": "action", "data": {"componentId": "data_mapper",
          "mappings": {"small": true}}}""");
    edges.add("{\"id\": \"e0\", \"source\": \"start\", \"target\": \"eligible\"}");
    edges.add(
        "{\"id\": \"e1\", \"source\": \"eligible\", \"target\": \"big_order\","
            + " \"sourceHandle\": \"true\"}");
    edges.add(
        "{\"id\": \"e1f\", \"source\": \"eligible\", \"target\": \"rejected\","
            + " \"sourceHandle\": \"false\"}");
    edges.add(
        "{\"id\": \"e2\", \"source\": \"big_order\", \"target\": \"price_check\","
            + " \"sourceHandle\": \"big\"}");
    edges.add(
        "{\"id\": \"e3\", \"source\": \"big_order\", \"target\": \"small_order\","
            + " \"sourceHandle\": \"medium\"}");
    edges.add(
        "{\"id\": \"e3d\", \"source\": \"big_order\", \"target\": \"rejected\","
            + " \"sourceHandle\": \"default\"}");
    edges.add("{\"id\": \"e4\", \"source\": \"price_check\", \"target\": \"approval\"}");
    edges.add("{\"id\": \"e5\", \"source\": \"approval\", \"target\": \"summary\"}");
    return "{\"name\": \"Approval story\", \"nodes\": ["
        + String.join(",", nodes)
        + "], \"edges\": ["
        + String.join(",", edges)
        + "]}";
  }

  private static JsonNode waitingFor(String runId) {
    return FlowdHarness.json(flowd.request("GET", "/workflows/runs/" + runId, TOKEN, null))
        .path("waiting_for");
  }

  private static HttpResponse<String> input(String token, String runId, String body) {
    return flowd.request("POST", "/workflows/runs/" + runId + "/input", token, body);
  }

  @Test
  void condition_child_run_and_input_answered_over_http_complete_with_logs_in_order()
      throws Exception {
    String childId = childWorkflow();
    String workflowId = create(storyGraph(childId));

    HttpResponse<String> executed =
        flowd.request(
            "POST",
            "/workflows/" + workflowId + "/execute",
            TOKEN,
            "{\"context\": {\"amount\": 250, \"customer\": \"ada\"}}");
    assertThat(executed.statusCode()).as(executed.body()).isEqualTo(202);
    String runId = FlowdHarness.json(executed).path("id").asText();
    JsonNode waiting = flowd.awaitRun(TOKEN, runId, "waiting");
    assertThat(waiting.path("status").asText()).as(waiting.toString()).isEqualTo("waiting");
    JsonNode waitingFor = waitingFor(runId);
    assertThat(waitingFor).as(waitingFor.toString()).hasSize(1);
    assertThat(waitingFor.get(0).path("node_id").asText()).isEqualTo("approval");
    assertThat(waitingFor.get(0).path("prompt").asText()).isEqualTo("Approve 250?");
    Instant expires = Instant.parse(waitingFor.get(0).path("expires_at").asText());
    assertThat(expires).isAfter(Instant.now().plus(Duration.ofDays(6)));
    assertThat(waiting.path("output").isNull()).isTrue();

    HttpResponse<String> wrongNode =
        input(TOKEN, runId, "{\"node_id\": \"summary\", \"payload\": {}}");
    assertThat(wrongNode.statusCode()).isEqualTo(409);
    assertThat(FlowdHarness.json(wrongNode).path("type").asText()).isEqualTo("conflict_error");
    assertThat(FlowdHarness.json(wrongNode).path("code").asText()).isEqualTo("not_waiting");
    assertThat(FlowdHarness.json(wrongNode).path("message").asText())
        .contains("summary")
        .contains("Waiting for input now: approval.");
    HttpResponse<String> otherTenant =
        input(
            FlowdHarness.token("mallory"),
            runId,
            "{\"node_id\": \"approval\", \"payload\": {\"approved\": true}}");
    assertThat(otherTenant.statusCode()).isEqualTo(404);
    HttpResponse<String> invalid = input(TOKEN, runId, "{\"payload\": {}}");
    assertThat(invalid.statusCode()).isEqualTo(422);

    HttpResponse<String> answered =
        input(
            TOKEN,
            runId,
            "{\"node_id\": \"approval\", \"payload\": {\"approved\": true, \"by\": \"carol\"}}");
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
    JsonNode answeredRun = FlowdHarness.json(answered);
    assertThat(answeredRun.path("id").asText()).isEqualTo(runId);
    assertThat(answeredRun.path("status").asText()).isIn("running", "completed");

    JsonNode run = flowd.awaitRun(TOKEN, runId, "completed");
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
    List<String> story = new ArrayList<>();
    run.path("logs").forEach(log -> story.add(log.path("node_id").asText()));
    assertThat(story)
        .containsExactly("start", "eligible", "big_order", "price_check", "approval", "summary");
    assertThat(run.path("logs").get(1).path("output").path("result").asBoolean()).isTrue();
    assertThat(run.path("logs").get(2).path("output").path("handle").asText()).isEqualTo("big");
    JsonNode summary = run.path("logs").get(5).path("output");
    assertThat(summary)
        .isEqualTo(Json.parse("{\"amount\": 250, \"approved\": true, \"by\": \"carol\"}"));
    assertThat(run.path("output")).isEqualTo(summary);
    assertThat(run.path("waiting_for")).isEmpty();
    JsonNode listed =
        FlowdHarness.json(
                flowd.request("GET", "/workflows/" + workflowId + "/executions", TOKEN, null))
            .path("data")
            .get(0);
    assertThat(listed.path("output")).isEqualTo(summary);
    assertThat(listed.path("waiting_for").isArray()).isTrue();

    JsonNode child = FlowdHarness.json(flowd.request("GET", "/workflows/" + childId, TOKEN, null));
    assertThat(child.path("runs")).hasSize(1);
    assertThat(child.path("runs").get(0).path("trigger_type").asText()).isEqualTo("workflow");
    assertThat(child.path("runs").get(0).path("status").asText()).isEqualTo("completed");
    assertThat(child.path("runs").get(0).path("trigger_payload"))
        .isEqualTo(Json.parse("{\"amount\": 250}"));

    HttpResponse<String> late = input(TOKEN, runId, "{\"node_id\": \"approval\", \"payload\": {}}");
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(FlowdHarness.json(late).path("code").asText()).isEqualTo("run_ended");
    assertThat(FlowdHarness.json(late).path("message").asText())
        .isEqualTo("Run " + runId + " has ended (completed); it no longer takes input.");
  }
}

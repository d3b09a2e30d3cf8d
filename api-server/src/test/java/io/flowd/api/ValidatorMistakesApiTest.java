package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mistakes a new user makes, each answered with a 422 that names the field (and a did-you-mean
 * where a known name is close), never accepted and never explained with parser internals.
 */
class ValidatorMistakesApiTest {
  private static final String TOKEN = FlowdHarness.token("validator-user");
  private static final String OTHER_TENANT = FlowdHarness.token("validator-other");

  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.startWithoutTemporal();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  /** A trigger and one action node with {@code data}; {@code extra} goes into the action node. */
  private static String workflow(String data, String nodeExtra, String workflowExtra) {
    return """
        {"name": "Mistakes"%s,
         "nodes": [
           {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "a", "type": "action"%s, "data": %s}],
         "edges": [{"id": "e1", "source": "t", "target": "a"}]}
        """
        .formatted(workflowExtra, nodeExtra, data);
  }

  private static JsonNode refused(String body) {
    HttpResponse<String> response = flowd.request("POST", "/workflows", TOKEN, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    JsonNode validated =
        FlowdHarness.json(flowd.request("POST", "/workflows/validate", TOKEN, body));
    assertThat(validated.path("valid").asBoolean()).isFalse();
    return FlowdHarness.json(response);
  }

  private static List<String> errors(JsonNode error) {
    List<String> out = new ArrayList<>();
    error
        .path("errors")
        .forEach(
            e ->
                out.add(
                    e.path("code").asText()
                        + " "
                        + e.path("path").asText()
                        + ": "
                        + e.path("message").asText()));
    return out;
  }

  private static String create(String token, String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", token, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  @Test
  void a_misspelled_config_field_is_named_with_the_field_it_probably_means() {
    JsonNode error =
        refused(
            workflow(
                """
                {"componentId": "webhook", "url": "https://example.com", "methd": "POST",
                 "retries": 5}""",
                "",
                ""));

    assertThat(errors(error))
        .contains(
            "unknown_field nodes[1].data.methd: unknown field 'methd'; did you mean 'method'?",
            "unknown_field nodes[1].data.retries: unknown field 'retries'; did you mean 'retry'?");
  }

  @Test
  void an_unknown_field_inside_retry_or_a_header_is_named() {
    JsonNode error =
        refused(
            workflow(
                """
                {"componentId": "webhook", "url": "https://example.com",
                 "headers": [{"key": "X-A", "valeu": "1"}], "retry": {"max_attempt": 2}}""",
                "",
                ""));

    assertThat(errors(error))
        .contains(
            "unknown_field nodes[1].data.headers[0].valeu: unknown field 'valeu'; did you mean"
                + " 'value'?",
            "unknown_field nodes[1].data.retry.max_attempt: unknown field 'max_attempt'; did you"
                + " mean 'max_attempts'?");
  }

  @Test
  void a_top_level_timeout_on_a_node_or_the_workflow_is_named_and_pointed_to_the_real_field() {
    JsonNode error =
        refused(
            workflow(
                "{\"componentId\": \"data_mapper\", \"mappings\": {}}",
                ", \"timeout\": 30",
                ", \"timeout\": 30"));

    assertThat(errors(error))
        .contains(
            "unknown_field timeout: unknown field 'timeout'; did you mean 'timeout_seconds'?",
            "unknown_field nodes[1].timeout: unknown field 'timeout'; did you mean"
                + " data.timeout_seconds?");
  }

  @Test
  void documented_settings_and_fields_still_validate() {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows/validate",
            TOKEN,
            workflow(
                """
                {"componentId": "webhook", "url": "https://example.com", "method": "POST",
                 "headers": [{"key": "X-A", "value": 1}], "body": {"a": 1},
                 "fail_on_status": false, "timeout_seconds": 5, "label": "Call",
                 "continue_on_error": true, "retry": {"max_attempts": 2}}""",
                ", \"position\": {\"x\": 1, \"y\": 2}",
                ", \"description\": null, \"timeout_seconds\": 60"));

    assertThat(FlowdHarness.json(response).path("errors")).isEmpty();
  }

  @Test
  void an_unknown_component_lists_the_valid_ids_and_suggests_the_closest() {
    JsonNode error = refused(workflow("{\"componentId\": \"http_request\"}", "", ""));

    String message = error.path("errors").get(0).path("message").asText();
    assertThat(error.path("errors").get(0).path("path").asText())
        .isEqualTo("nodes[1].data.componentId");
    assertThat(message)
        .startsWith("unknown component 'http_request'; did you mean 'webhook'?")
        .contains("Known components: ")
        .contains("data_mapper", "iterator", "wait_for_input", "webhook_trigger");
  }

  @Test
  void a_cron_reports_every_bad_field() {
    JsonNode error =
        refused(
            """
            {"name": "Cron", "schedule_type": "cron", "schedule_value": "61 25 * * *",
             "nodes": [{"id": "t", "type": "trigger", "data": {"componentId": "scheduled_trigger"}}],
             "edges": []}
            """);

    assertThat(error.path("errors").get(0).path("path").asText()).isEqualTo("schedule_value");
    assertThat(error.path("errors").get(0).path("message").asText())
        .contains("minute '61'")
        .contains("hour '25'");
  }

  @Test
  void trigger_workflow_to_a_missing_or_other_tenants_workflow_is_refused_at_save() {
    String theirs =
        create(
            OTHER_TENANT, workflow("{\"componentId\": \"data_mapper\", \"mappings\": {}}", "", ""));
    String missing = "fl_0000000000000000";
    String body =
        """
        {"name": "Caller",
         "nodes": [
           {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "a", "type": "action",
            "data": {"componentId": "trigger_workflow", "workflow_id": "%s"}},
           {"id": "b", "type": "action",
            "data": {"componentId": "iterator", "workflow_id": "%s", "items": "{{ trigger.x }}"}},
           {"id": "c", "type": "action",
            "data": {"componentId": "trigger_workflow", "workflow_id": "{{ trigger.target }}"}}],
         "edges": [{"id": "e1", "source": "t", "target": "a"},
                   {"id": "e2", "source": "a", "target": "b"},
                   {"id": "e3", "source": "b", "target": "c"}]}
        """;

    JsonNode error = refused(body.formatted(missing, theirs));

    assertThat(errors(error))
        .containsExactly(
            "invalid_value nodes[1].data.workflow_id: workflow "
                + missing
                + " was not found in this tenant",
            "invalid_value nodes[2].data.workflow_id: workflow "
                + theirs
                + " was not found in this tenant");
    String mine =
        create(TOKEN, workflow("{\"componentId\": \"data_mapper\", \"mappings\": {}}", "", ""));
    create(TOKEN, body.formatted(mine, mine));
  }

  @Test
  void a_truncated_body_is_one_sentence_with_line_and_column() {
    HttpResponse<String> response =
        flowd.request(
            "POST", "/workflows", TOKEN, "{\n  \"name\": \"x\",\n  \"nodes\": [{\"id\": \"t\"");

    assertThat(response.statusCode()).isEqualTo(400);
    String message = FlowdHarness.json(response).path("message").asText();
    assertThat(message)
        .startsWith("The request body is not valid JSON: it ends before the JSON is complete")
        .contains("at line 3, column ")
        .doesNotContain("StreamReadFeature", "Source", "REDACTED", "\n");
  }

  @Test
  void an_input_schema_that_is_not_a_schema_is_refused() {
    JsonNode error =
        refused(
            workflow(
                """
                {"componentId": "wait_for_input",
                 "input_schema": {"$ref": "https://example.com/schema.json"}}""",
                "",
                ""));

    assertThat(errors(error))
        .contains(
            "invalid_config nodes[1].data.input_schema: input_schema every $ref must point inside"
                + " the schema (start with #)");
  }
}

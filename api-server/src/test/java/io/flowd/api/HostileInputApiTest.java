package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input classes of issue 12 through the real API: regular expressions that would backtrack,
 * vault templates where they cannot resolve, lossy JSON, and tokens with odd claims.
 */
class HostileInputApiTest {
  private static final String TOKEN = FlowdHarness.token("hostile");
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static String conditionWorkflow(String pattern) {
    return """
        {"name": "Regex", "nodes": [
          {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
          {"id": "c", "type": "condition", "data": {"componentId": "string_condition",
            "left": "{{ trigger.text }}", "operator": "matches", "right": %s}}],
         "edges": [{"id": "e1", "source": "t", "target": "c"}]}
        """
        .formatted(Json.write(TextNode.valueOf(pattern)));
  }

  private static List<String> errorPaths(HttpResponse<String> response) {
    List<String> paths = new ArrayList<>();
    FlowdHarness.json(response).path("errors").forEach(e -> paths.add(e.path("path").asText()));
    return paths;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void a_catastrophic_empty_alternatives_pattern_finishes_its_condition_in_a_run()
      throws Exception {
    HttpResponse<String> created =
        flowd.request("POST", "/workflows", TOKEN, conditionWorkflow("(|)*".repeat(30) + "x"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = FlowdHarness.json(created).path("id").asText();

    HttpResponse<String> started =
        flowd.request(
            "POST",
            "/workflows/" + id + "/execute",
            TOKEN,
            "{\"context\": {\"text\": \"" + "y".repeat(200) + "\"}}");
    JsonNode run =
        flowd.awaitRun(TOKEN, FlowdHarness.json(started).path("id").asText(), "completed");

    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(run.path("logs").findValuesAsText("status")).containsExactly("success", "success");
  }

  @Test
  void a_pattern_re2_cannot_compile_is_refused_at_save_naming_node_path_and_construct() {
    HttpResponse<String> created =
        flowd.request("POST", "/workflows", TOKEN, conditionWorkflow("(?<=a)b"));

    assertThat(created.statusCode()).isEqualTo(422);
    assertThat(errorPaths(created)).contains("nodes[1].data.right");
    assertThat(created.body()).contains("(?<");

    HttpResponse<String> validated =
        flowd.request("POST", "/workflows/validate", TOKEN, conditionWorkflow("(a)\\1"));
    assertThat(FlowdHarness.json(validated).path("valid").asBoolean()).isFalse();
    assertThat(validated.body()).contains("\\\\1");
  }

  @Test
  void vault_templates_in_nodes_that_run_in_workflow_code_are_refused_at_save() {
    String workflow =
        """
        {"name": "Vault in a delay", "nodes": [
          {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
          {"id": "d", "type": "action", "data": {"componentId": "delay",
            "duration": "{{ vault.WAIT }}"}},
          {"id": "x", "type": "action", "data": {"componentId": "terminate",
            "status": "failed", "message": "key {{ vault.KEY }}"}}],
         "edges": [{"id": "e1", "source": "t", "target": "d"},
                   {"id": "e2", "source": "d", "target": "x"}]}
        """;

    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, workflow);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(422);
    JsonNode errors = FlowdHarness.json(created).path("errors");
    assertThat(errors.findValuesAsText("code")).contains("vault_not_allowed");
    assertThat(errorPaths(created)).contains("nodes[1].data.duration");
    assertThat(created.body()).contains("run as activities");
  }

  @Test
  void numbers_beyond_a_double_are_refused_not_stored_as_infinity() {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            "{\"name\": \"big\", \"nodes\": [], \"edges\": [], \"x\": 1e400}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(response).path("code").asText()).isEqualTo("number_out_of_range");
    assertThat(errorPaths(response)).containsExactly("x");
  }

  @Test
  void duplicate_keys_are_refused_naming_the_key() {
    HttpResponse<String> response =
        flowd.request("POST", "/workflows", TOKEN, "{\"name\": \"a\", \"name\": \"b\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(FlowdHarness.json(response).path("code").asText()).isEqualTo("duplicate_key");
    assertThat(response.body()).contains("name");
  }

  @Test
  void lone_surrogates_are_refused() {
    HttpResponse<String> response =
        flowd.request("POST", "/workflows", TOKEN, "{\"name\": \"bad \\ud800 text\"}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(response).path("code").asText()).isEqualTo("invalid_string");
    assertThat(errorPaths(response)).containsExactly("name");
  }

  static String signed(String header, String payload) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String unsigned =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(FlowdHarness.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return unsigned
        + "."
        + b64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
  }

  private static String claims(String extra) {
    long exp = System.currentTimeMillis() / 1000 + 3600;
    return "{\"exp\": " + exp + ", " + extra + "}";
  }

  @Test
  void a_well_formed_hand_signed_token_is_accepted() throws Exception {
    String token = signed("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims("\"sub\": \"hand\""));

    assertThat(flowd.request("GET", "/workflows", token, null).statusCode()).isEqualTo(200);
  }

  @Test
  void tokens_with_unknown_crit_duplicate_claims_or_nul_in_sub_or_team_are_refused_401()
      throws Exception {
    List<String> tokens =
        List.of(
            signed(
                "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"crit\":[\"x-unknown\"],\"x-unknown\":1}",
                claims("\"sub\": \"hand\"")),
            signed("{\"alg\":\"HS256\"}", claims("\"sub\": \"a\", \"sub\": \"b\"")),
            signed("{\"alg\":\"HS256\"}", claims("\"sub\": \"nul\\u0000user\"")),
            signed("{\"alg\":\"HS256\"}", claims("\"sub\": \"u\", \"team_id\": \"t\\u0000x\"")));

    for (String token : tokens) {
      HttpResponse<String> response = flowd.request("GET", "/workflows", token, null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    }
  }
}

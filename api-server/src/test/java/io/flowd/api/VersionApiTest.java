package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Black-box tests of version history, diff and restore, workflow files by key and their schema. */
class VersionApiTest {
  private static final String ALICE = FlowdHarness.token("alice");
  private static final String MALLORY = FlowdHarness.token("mallory");

  /** Version 1 of the diff test: a trigger, a mapper and a delay in a line. */
  private static final String V1 =
      """
      {"key": "%s", "name": "Orders",
       "nodes": [
         {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
         {"id": "n2", "type": "action",
          "data": {"componentId": "data_mapper", "mappings": {"ok": true}}},
         {"id": "n3", "type": "action",
          "data": {"componentId": "delay", "duration": 2, "unit": "hours"}}],
       "edges": [{"id": "e1", "source": "n1", "target": "n2"},
                 {"id": "e2", "source": "n2", "target": "n3"}]}
      """;

  /** Version 2: n2 modified, n3 removed, n4 added, the edge to n3 replaced, settings changed. */
  private static final String V2 =
      """
      {"key": "%s", "name": "Orders v2", "timeout_seconds": 60,
       "nodes": [
         {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
         {"id": "n2", "type": "action",
          "data": {"componentId": "data_mapper", "mappings": {"ok": false}}},
         {"id": "n4", "type": "action",
          "data": {"componentId": "data_mapper", "mappings": {"done": true}}}],
       "edges": [{"id": "e1", "source": "n1", "target": "n2"},
                 {"id": "e3", "source": "n2", "target": "n4"}]}
      """;

  private static final String CONSOLE_TOKEN = FlowdHarness.token("versions-user");
  private static final String CONSOLE_FILE =
      """
      {"name": "Versioned", "managed_by": "files",
       "nodes": [
         {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
         {"id": "n2", "type": "action",
          "data": {"componentId": "data_mapper", "mappings": {"ok": %s}}}],
       "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}
      """;

  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static HttpResponse<String> put(String token, String key, String file) {
    return flowd.request("PUT", "/workflows/by-key/" + key, token, file);
  }

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
    return FlowdHarness.json(response);
  }

  private static JsonNode get(String token, String path) {
    return ok(flowd.request("GET", path, token, null));
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.path(field).asText()));
    return out;
  }

  @Test
  void a_put_by_key_creates_then_an_unchanged_file_writes_no_version() {
    HttpResponse<String> created = put(ALICE, "same", V1.formatted("same"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode first = FlowdHarness.json(created);
    assertThat(first.path("created").asBoolean()).isTrue();
    String id = first.path("id").asText();

    HttpResponse<String> again = put(ALICE, "same", V1.formatted("same"));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(FlowdHarness.json(again).path("changed").asBoolean()).isFalse();
    assertThat(FlowdHarness.json(again).path("id").asText()).isEqualTo(id);
    assertThat(get(ALICE, "/workflows/" + id + "/versions").path("meta").path("total").asLong())
        .isEqualTo(1);

    // The exported file applies back with no change either, even with managed_by added.
    JsonNode exported = get(ALICE, "/workflows/" + id + "/file").path("file");
    ((ObjectNode) exported).put("managed_by", "files");
    JsonNode applied = ok(put(ALICE, "same", Json.write(exported)));
    assertThat(applied.path("changed").asBoolean()).isFalse();
    assertThat(applied.path("managed_by").asText()).isEqualTo("files");
    assertThat(get(ALICE, "/workflows/by-key/same").path("id").asText()).isEqualTo(id);
  }

  @Test
  void two_first_puts_of_a_new_key_at_once_create_exactly_one_workflow() throws Exception {
    for (int round = 0; round < 8; round++) {
      String key = "race-" + round + "-" + UUID.randomUUID().toString().substring(0, 8);
      CyclicBarrier together = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (String file : List.of(V1.formatted(key), V2.formatted(key))) {
          answers.add(
              pool.submit(
                  () -> {
                    together.await();
                    return put(ALICE, key, file);
                  }));
        }
        List<Integer> statuses = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
          HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
          statuses.add(response.statusCode());
          assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
          ids.add(FlowdHarness.json(response).path("id").asText());
        }
        assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 201);
        assertThat(ids.get(0)).isEqualTo(ids.get(1));
        assertThat(get(ALICE, "/workflows/by-key/" + key).path("id").asText())
            .isEqualTo(ids.get(0));
        long rows =
            flowd
                .database()
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT count(*) FROM workflows WHERE workflow_key = :k")
                            .bind("k", key)
                            .mapTo(Long.class)
                            .one());
        assertThat(rows).as("workflows named " + key).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void a_key_is_unique_per_tenant_and_invalid_files_list_every_problem() {
    String mine = ok(put(ALICE, "shared-key", V1.formatted("shared-key"))).path("id").asText();
    JsonNode theirs = ok(put(MALLORY, "shared-key", V1.formatted("shared-key")));
    assertThat(theirs.path("created").asBoolean()).isTrue();
    assertThat(theirs.path("id").asText()).isNotEqualTo(mine);

    HttpResponse<String> bad =
        put(
            ALICE,
            "broken",
            """
            {"key": "other", "name": "",
             "nodes": [{"id": "n1", "type": "trigger", "data": {"componentId": "nope"}}],
             "edges": []}
            """);
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
    assertThat(texts(FlowdHarness.json(bad).path("errors"), "path")).contains("key");
    HttpResponse<String> badBody =
        put(ALICE, "broken", "{\"name\": \"\", \"nodes\": [], \"edges\": []}");
    assertThat(badBody.statusCode()).isEqualTo(422);
    assertThat(flowd.request("GET", "/workflows/by-key/broken", ALICE, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void the_diff_lists_every_kind_of_change_and_versions_page() {
    String id = ok(put(ALICE, "orders", V1.formatted("orders"))).path("id").asText();
    ok(put(ALICE, "orders", V2.formatted("orders")));
    ok(put(ALICE, "orders", V1.formatted("orders")));

    JsonNode diff = get(ALICE, "/workflows/" + id + "/versions/1/diff/2");
    assertThat(texts(diff.path("nodes").path("added"), "id")).containsExactly("n4");
    assertThat(texts(diff.path("nodes").path("removed"), "id")).containsExactly("n3");
    JsonNode modified = diff.path("nodes").path("modified");
    assertThat(texts(modified, "id")).containsExactly("n2");
    JsonNode change = modified.get(0).path("changes").get(0);
    assertThat(change.path("path").asText()).isEqualTo("/data/mappings/ok");
    assertThat(change.path("old").asBoolean()).isTrue();
    assertThat(change.path("new").asBoolean()).isFalse();
    assertThat(texts(diff.path("edges").path("added"), "target")).containsExactly("n4");
    assertThat(texts(diff.path("edges").path("removed"), "target")).containsExactly("n3");
    assertThat(texts(diff.path("settings"), "path")).contains("/name", "/timeout_seconds");
    assertThat(diff.path("summary").asText()).contains("nodes: 1 added, 1 removed, 1 modified");

    JsonNode first = get(ALICE, "/workflows/" + id + "/versions?per_page=2");
    assertThat(first.path("meta").path("total").asLong()).isEqualTo(3);
    assertThat(first.path("meta").path("last_page").asInt()).isEqualTo(2);
    assertThat(texts(first.path("data"), "version")).containsExactly("3", "2");
    assertThat(first.path("data").get(0).path("created_by").asText()).isEqualTo("alice");
    assertThat(first.path("data").get(0).path("current").asBoolean()).isTrue();
    assertThat(first.path("data").get(1).path("change_summary").asText()).contains("n", "name");
    JsonNode second = get(ALICE, first.path("links").path("next").asText());
    assertThat(texts(second.path("data"), "version")).containsExactly("1");
    assertThat(second.path("data").get(0).path("change_summary").asText()).isEqualTo("created");

    JsonNode v2 = get(ALICE, "/workflows/" + id + "/versions/2");
    assertThat(v2.path("name").asText()).isEqualTo("Orders v2");
    assertThat(texts(v2.path("nodes"), "id")).containsExactly("n1", "n2", "n4");
    assertThat(flowd.request("GET", "/workflows/" + id + "/versions/9", ALICE, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void another_tenant_gets_404_on_every_version_route() {
    String id = ok(put(ALICE, "private", V1.formatted("private"))).path("id").asText();
    for (String path :
        List.of(
            "/workflows/" + id + "/versions",
            "/workflows/" + id + "/versions/1",
            "/workflows/" + id + "/versions/1/diff/1",
            "/workflows/" + id + "/file",
            "/workflows/by-key/private")) {
      assertThat(flowd.request("GET", path, MALLORY, null).statusCode()).as(path).isEqualTo(404);
    }
    assertThat(
            flowd
                .request("POST", "/workflows/" + id + "/versions/1/restore", MALLORY, null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void a_restore_makes_a_new_version_while_open_runs_keep_theirs() throws Exception {
    String token =
        JwtAuthenticator.issueToken(
            FlowdHarness.SECRET, "bob", "team-r", null, Duration.ofHours(1));
    String id = ok(put(token, "slow", V1.formatted("slow"))).path("id").asText();
    HttpResponse<String> started =
        flowd.request(
            "POST",
            "/workflows/" + id + "/execute",
            token,
            "{}",
            "Idempotency-Key",
            UUID.randomUUID().toString());
    String runId = ok(started).path("id").asText();
    assertThat(flowd.awaitRun(token, runId, "running").path("status").asText())
        .isEqualTo("running");
    ok(put(token, "slow", V2.formatted("slow")));

    JsonNode restored =
        ok(flowd.request("POST", "/workflows/" + id + "/versions/1/restore", token, null));
    assertThat(restored.path("changed").asBoolean()).isTrue();
    assertThat(restored.path("version").asInt()).isEqualTo(3);
    assertThat(texts(restored.path("workflow").path("nodes"), "id"))
        .containsExactly("n1", "n2", "n3");
    JsonNode run = get(token, "/workflows/runs/" + runId);
    assertThat(run.path("workflow_version").asInt()).isEqualTo(1);
    assertThat(run.path("status").asText()).isEqualTo("running");

    JsonNode page = get(token, "/workflows/" + id + "/versions");
    assertThat(page.path("data").get(0).path("change_summary").asText())
        .isEqualTo("restored version 1");
    assertThat(page.path("data").get(2).path("runs_count").asLong()).isEqualTo(1);
    assertThat(get(token, "/workflows/" + id + "/versions/1/diff/3").path("summary").asText())
        .isEqualTo("no change");
    flowd.request("DELETE", "/workflows/" + id, token, null);
  }

  @Test
  void the_workflow_file_schema_is_public_and_checks_files() {
    HttpResponse<String> response = flowd.request("GET", "/schemas/workflow.json", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(response.body());
    assertThat(schema.validate(Json.parse(V1.formatted("ok-key")))).isEmpty();
    assertThat(
            schema.validate(
                Json.parse(
                    """
                    {"key": "bad key", "name": "x", "nodes": [
                      {"id": "n1", "type": "trigger", "data": {"componentId": "nope"}}],
                     "edges": []}
                    """)))
        .isNotEmpty();
  }

  @Test
  void the_console_lists_versions_diffs_two_and_restores_after_confirmation() {
    assertThat(Browser.available()).as("chromium and chromedriver are installed").isTrue();
    String id =
        FlowdHarness.json(
                flowd.request(
                    "PUT",
                    "/workflows/by-key/versioned",
                    CONSOLE_TOKEN,
                    CONSOLE_FILE.formatted("true")))
            .path("id")
            .asText();
    flowd.request(
        "PUT", "/workflows/by-key/versioned", CONSOLE_TOKEN, CONSOLE_FILE.formatted("false"));

    try (Browser browser = Browser.open(flowd.baseUrl())) {
      inConsole(browser, id);
    }
  }

  private static void inConsole(Browser browser, String id) {
    browser.signIn(CONSOLE_TOKEN);
    browser.go("/ui/workflows/" + id);
    browser.await(By.cssSelector("#version-list tr[data-version='2']"));
    assertThat(browser.await(By.id("managed-by")).getText()).contains("Managed by files");
    assertThat(browser.driver.findElements(By.cssSelector("#version-list tbody tr"))).hasSize(2);

    browser.await(By.id("diff-button")).click();
    assertThat(browser.await(By.id("diff-lines")).getText())
        .contains("~ node n2 /data/mappings/ok: true → false");

    browser.await(By.cssSelector("button.restore[data-version='1']")).click();
    Alert confirm = browser.until(ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).contains("managed by files");
    confirm.accept();
    browser.await(By.cssSelector("#version-list tr[data-version='3']"));
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("#version-list tr[data-version='3'] .change-summary"))
                .getText())
        .isEqualTo("restored version 1");
    browser.screenshot("versions");
    assertThat(
            FlowdHarness.json(flowd.request("GET", "/workflows/" + id, CONSOLE_TOKEN, null))
                .path("version")
                .asInt())
        .isEqualTo(3);
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box tests of the vault routes. */
class VaultApiTest {
  private static FlowdHarness flowd;
  private static final String TOKEN = FlowdHarness.token("vault-owner");

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static JsonNode create(String token, String name, String secret) {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows/vault",
            token,
            "{\"name\": \"" + name + "\", \"secret\": \"" + secret + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return FlowdHarness.json(response);
  }

  @Test
  void create_answers_metadata_only_and_stores_the_secret_encrypted() {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows/vault",
            TOKEN,
            "{\"name\": \"API_KEY\", \"secret\": \"plain-secret-value\","
                + " \"expires_at\": \"2030-01-01T00:00:00Z\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode item = FlowdHarness.json(response);
    assertThat(item.path("id").asText()).matches("vlt_[0-9a-z]{16}");
    assertThat(item.path("name").asText()).isEqualTo("API_KEY");
    assertThat(item.path("expires_at").asText()).isEqualTo("2030-01-01T00:00:00.000000Z");
    assertThat(response.body()).doesNotContain("plain-secret-value");
    List<byte[]> stored =
        flowd
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT secret FROM vault_items WHERE id = :id")
                        .bind("id", item.path("id").asText())
                        .mapTo(byte[].class)
                        .list());
    assertThat(new String(stored.get(0), StandardCharsets.ISO_8859_1))
        .doesNotContain("plain-secret-value");
  }

  @Test
  void a_duplicate_name_in_the_tenant_is_409_but_another_tenant_may_use_it() {
    create(TOKEN, "SHARED_NAME", "one");

    HttpResponse<String> again =
        flowd.request(
            "POST", "/workflows/vault", TOKEN, "{\"name\": \"SHARED_NAME\", \"secret\": \"two\"}");

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(FlowdHarness.json(again).path("type").asText()).isEqualTo("conflict_error");
    create(FlowdHarness.token("someone-else"), "SHARED_NAME", "three");
  }

  @Test
  void invalid_input_lists_every_problem() {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows/vault",
            TOKEN,
            "{\"name\": \"no spaces!\", \"secret\": \"\", \"expires_at\": \"tomorrow\"}");

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode body = FlowdHarness.json(response);
    assertThat(body.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(body.path("errors").findValuesAsText("path"))
        .containsExactly("name", "secret", "expires_at");
  }

  @Test
  void get_update_and_delete_work_on_metadata_and_never_return_the_secret() {
    String id = create(TOKEN, "ROTATING", "first-secret").path("id").asText();

    HttpResponse<String> updated =
        flowd.request(
            "PUT",
            "/workflows/vault/" + id,
            TOKEN,
            "{\"name\": \"ROTATED\", \"secret\": \"second-secret\","
                + " \"expires_at\": \"2031-05-06T07:08:09.123456Z\"}");
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(FlowdHarness.json(updated).path("name").asText()).isEqualTo("ROTATED");
    assertThat(updated.body()).doesNotContain("second-secret");

    HttpResponse<String> cleared =
        flowd.request("PUT", "/workflows/vault/" + id, TOKEN, "{\"expires_at\": null}");
    assertThat(FlowdHarness.json(cleared).path("expires_at").isNull()).isTrue();

    HttpResponse<String> read = flowd.request("GET", "/workflows/vault/" + id, TOKEN, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(FlowdHarness.json(read).path("name").asText()).isEqualTo("ROTATED");
    assertThat(
            flowd
                .request("GET", "/workflows/vault/" + id, FlowdHarness.token("x"), null)
                .statusCode())
        .isEqualTo(404);

    assertThat(flowd.request("DELETE", "/workflows/vault/" + id, TOKEN, null).statusCode())
        .isEqualTo(204);
    assertThat(flowd.request("GET", "/workflows/vault/" + id, TOKEN, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void renaming_onto_an_existing_name_is_409() {
    create(TOKEN, "TAKEN_NAME", "a");
    String id = create(TOKEN, "FREE_NAME", "b").path("id").asText();

    HttpResponse<String> response =
        flowd.request("PUT", "/workflows/vault/" + id, TOKEN, "{\"name\": \"TAKEN_NAME\"}");

    assertThat(response.statusCode()).isEqualTo(409);
  }

  @Test
  void list_is_a_page_newest_first() {
    String token = FlowdHarness.token("lister");
    create(token, "FIRST_ONE", "1");
    create(token, "SECOND_ONE", "2");
    create(token, "THIRD_ONE", "3");

    HttpResponse<String> response =
        flowd.request("GET", "/workflows/vault?page=1&per_page=2", token, null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode page = FlowdHarness.json(response);
    assertThat(page.path("data").findValuesAsText("name"))
        .containsExactly("THIRD_ONE", "SECOND_ONE");
    assertThat(page.path("meta").path("total").asInt()).isEqualTo(3);
    assertThat(page.path("meta").path("last_page").asInt()).isEqualTo(2);
    assertThat(page.path("links").path("next").asText())
        .isEqualTo("/workflows/vault?page=2&per_page=2");
    assertThat(page.path("links").path("prev").isNull()).isTrue();
    assertThat(flowd.request("GET", "/workflows/vault?per_page=101", token, null).statusCode())
        .isEqualTo(400);
  }
}

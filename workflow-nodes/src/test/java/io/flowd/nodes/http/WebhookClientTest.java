package io.flowd.nodes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.vault.SecretMask;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookClientTest {
  private LocalServer server;
  private final WebhookClient client = new WebhookClient(new NetworkGuard(true));

  @BeforeEach
  void startServer() throws IOException {
    server =
        LocalServer.start("127.0.0.1")
            .on(
                "/echo",
                (exchange, request) ->
                    LocalServer.send(exchange, 200, "application/json", request.body()))
            .on(
                "/text",
                (exchange, request) -> {
                  exchange.getResponseHeaders().add("X-Multi", "a");
                  exchange.getResponseHeaders().add("X-Multi", "b");
                  LocalServer.send(exchange, 200, "text/plain; charset=utf-8", "hello");
                })
            .on(
                "/status/",
                (exchange, request) -> {
                  int status = Integer.parseInt(request.path().substring("/status/".length()));
                  LocalServer.send(exchange, status, "text/plain", "boom " + status);
                })
            .on("/empty", (exchange, request) -> LocalServer.send(exchange, 204, null, ""));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void post_with_object_body_sends_json_and_parses_json_response() {
    ObjectNode config = config("POST", server.url("/echo"));
    config.set("body", Json.parse("{\"user\": {\"id\": 7, \"tags\": [\"a\", \"b\"]}}"));

    JsonNode output = client.call(config, 5);

    assertThat(output.get("status").intValue()).isEqualTo(200);
    assertThat(output.get("body"))
        .isEqualTo(Json.parse("{\"user\": {\"id\": 7, \"tags\": [\"a\", \"b\"]}}"));
    assertThat(output.at("/headers/content-type").textValue()).isEqualTo("application/json");
    LocalServer.Recorded request = server.requests.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void array_body_is_sent_as_json() {
    ObjectNode config = config("PUT", server.url("/echo"));
    config.set("body", Json.parse("[1, 2, 3]"));

    JsonNode output = client.call(config, 5);

    assertThat(output.get("body")).isEqualTo(Json.parse("[1,2,3]"));
    assertThat(server.requests.get(0).method()).isEqualTo("PUT");
  }

  @Test
  void custom_headers_are_sent() {
    ObjectNode config = config("GET", server.url("/echo"));
    config.set(
        "headers",
        Json.parse(
            "[{\"key\": \"X-Api-Key\", \"value\": \"abc\"},"
                + " {\"key\": \"Authorization\", \"value\": \"Bearer t0k\"},"
                + " {\"key\": \"X-Count\", \"value\": 3}]"));

    client.call(config, 5);

    LocalServer.Recorded request = server.requests.get(0);
    assertThat(request.headers().getFirst("X-Api-Key")).isEqualTo("abc");
    assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer t0k");
    assertThat(request.headers().getFirst("X-Count")).isEqualTo("3");
  }

  @Test
  void content_type_from_headers_wins_over_json_default() {
    ObjectNode config = config("POST", server.url("/echo"));
    config.set(
        "headers",
        Json.parse("[{\"key\": \"content-type\", \"value\": \"application/vnd.api+json\"}]"));
    config.set("body", Json.parse("{\"a\": 1}"));

    client.call(config, 5);

    assertThat(server.requests.get(0).headers().get("Content-Type"))
        .containsExactly("application/vnd.api+json");
  }

  @Test
  void string_body_is_sent_as_is_without_json_content_type() {
    ObjectNode config = config("POST", server.url("/echo"));
    config.put("body", "plain words");

    client.call(config, 5);

    LocalServer.Recorded request = server.requests.get(0);
    assertThat(request.body()).isEqualTo("plain words");
    assertThat(request.headers().getFirst("Content-Type")).isNull();
  }

  @Test
  void get_is_the_default_method_and_sends_no_body() {
    ObjectNode config = Json.object().put("url", server.url("/echo"));

    JsonNode output = client.call(config, 5);

    assertThat(server.requests.get(0).method()).isEqualTo("GET");
    assertThat(server.requests.get(0).body()).isEmpty();
    assertThat(output.get("body").isNull()).isTrue();
  }

  @Test
  void get_with_text_response_returns_text_and_lowercase_joined_headers() {
    JsonNode output = client.call(config("GET", server.url("/text")), 5);

    assertThat(output.get("status").intValue()).isEqualTo(200);
    assertThat(output.get("body").isTextual()).isTrue();
    assertThat(output.get("body").textValue()).isEqualTo("hello");
    assertThat(output.at("/headers/x-multi").textValue()).isEqualTo("a, b");
    assertThat(output.get("headers").fieldNames())
        .toIterable()
        .allMatch(name -> name.equals(name.toLowerCase()));
  }

  @Test
  void empty_response_body_is_null() {
    JsonNode output = client.call(config("DELETE", server.url("/empty")), 5);

    assertThat(output.get("status").intValue()).isEqualTo(204);
    assertThat(output.get("body").isNull()).isTrue();
  }

  @Test
  void json_text_without_content_type_is_parsed() {
    server.on(
        "/untyped", (exchange, request) -> LocalServer.send(exchange, 200, null, "{\"ok\": true}"));

    JsonNode output = client.call(config("GET", server.url("/untyped")), 5);

    assertThat(output.at("/body/ok").booleanValue()).isTrue();
  }

  @Test
  void malformed_json_response_is_returned_as_text() {
    server.on(
        "/broken",
        (exchange, request) -> LocalServer.send(exchange, 200, "application/json", "{not json"));

    JsonNode output = client.call(config("GET", server.url("/broken")), 5);

    assertThat(output.get("body").textValue()).isEqualTo("{not json");
  }

  @Test
  void server_error_fails_retryable_with_status_and_body_in_message() {
    NodeFailure failure = callFailing(config("POST", server.url("/status/500")));

    assertThat(failure.type()).isEqualTo("http_status");
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage())
        .isEqualTo("HTTP 500 from POST " + server.url("/status/500") + ": boom 500");
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 502, 503})
  void transient_statuses_are_retryable(int status) {
    NodeFailure failure = callFailing(config("GET", server.url("/status/" + status)));

    assertThat(failure.type()).isEqualTo("http_status");
    assertThat(failure.retryable()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 422})
  void client_errors_fail_without_retry(int status) {
    NodeFailure failure = callFailing(config("GET", server.url("/status/" + status)));

    assertThat(failure.type()).isEqualTo("http_status");
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).startsWith("HTTP " + status + " from GET ");
  }

  @Test
  void error_message_keeps_only_the_first_200_characters_of_the_body() {
    String longBody = "x".repeat(500);
    server.on(
        "/long", (exchange, request) -> LocalServer.send(exchange, 500, "text/plain", longBody));

    NodeFailure failure = callFailing(config("GET", server.url("/long")));

    assertThat(failure.getMessage()).endsWith(": " + "x".repeat(200));
  }

  @Test
  void error_message_leaves_out_the_query_string() {
    NodeFailure failure = callFailing(config("GET", server.url("/status/500") + "?api_key=s3cret"));

    assertThat(failure.getMessage()).doesNotContain("s3cret").contains("/status/500");
  }

  @Test
  void fail_on_status_false_returns_the_error_response() {
    ObjectNode config = config("GET", server.url("/status/500"));
    config.put("fail_on_status", false);

    JsonNode output = client.call(config, 5);

    assertThat(output.get("status").intValue()).isEqualTo(500);
    assertThat(output.get("body").textValue()).isEqualTo("boom 500");
  }

  @Test
  void slow_server_fails_with_retryable_timeout() {
    server.on(
        "/slow",
        (exchange, request) -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    long started = System.nanoTime();

    NodeFailure failure = callFailing(config("GET", server.url("/slow")), 1);

    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(failure.type()).isEqualTo("timeout");
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage()).contains("timed out after 1 seconds");
    assertThat(elapsedMillis).isBetween(900L, 2_500L);
  }

  @Test
  void slowly_streamed_body_counts_against_the_timeout() {
    server.on(
        "/trickle",
        (exchange, request) -> {
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 30; i++) {
              out.write('x');
              out.flush();
              Thread.sleep(100);
            }
          } catch (InterruptedException | IOException e) {
            // The client gave up.
          }
        });

    NodeFailure failure = callFailing(config("GET", server.url("/trickle")), 1);

    assertThat(failure.type()).isEqualTo("timeout");
  }

  @Test
  void refused_connection_fails_with_retryable_http_error() throws IOException {
    String url;
    try (LocalServer closed = LocalServer.start("127.0.0.1")) {
      url = closed.url("/gone");
    }

    NodeFailure failure = callFailing(config("GET", url));

    assertThat(failure.type()).isEqualTo("http_error");
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage()).startsWith("GET " + url + " failed: ");
  }

  @Test
  void response_over_10_mib_fails_without_retry() {
    server.on(
        "/huge",
        (exchange, request) -> {
          exchange.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) 'x');
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 11 * 16; i++) {
              out.write(chunk);
            }
          } catch (IOException e) {
            // The client stopped reading.
          }
        });

    NodeFailure failure = callFailing(config("GET", server.url("/huge")), 10);

    assertThat(failure.type()).isEqualTo("response_too_large");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void response_of_exactly_10_mib_is_read() {
    server.on(
        "/limit",
        (exchange, request) -> {
          exchange.sendResponseHeaders(200, WebhookClient.MAX_RESPONSE_BYTES);
          byte[] chunk = new byte[1024 * 1024];
          Arrays.fill(chunk, (byte) 'x');
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 10; i++) {
              out.write(chunk);
            }
          }
        });

    JsonNode output = client.call(config("GET", server.url("/limit")), 10);

    assertThat(output.get("body").textValue()).hasSize((int) WebhookClient.MAX_RESPONSE_BYTES);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"method\": \"TRACE\", \"url\": \"http://example.com/\"}",
        "{\"method\": 5, \"url\": \"http://example.com/\"}",
        "{\"url\": \"ftp://example.com/file\"}",
        "{\"url\": \"/relative/path\"}",
        "{\"url\": \"http://exa mple.com/\"}",
        "{\"url\": null}",
        "{}",
        "{\"url\": \"http://example.com/\", \"headers\": {\"X\": \"y\"}}",
        "{\"url\": \"http://example.com/\", \"headers\": [{\"value\": \"y\"}]}",
        "{\"url\": \"http://example.com/\", \"headers\": [{\"key\": \"X\", \"value\": \"a\\nb\"}]}",
        "{\"url\": \"http://example.com/\", \"fail_on_status\": \"sometimes\"}"
      })
  void invalid_config_fails_without_retry_and_without_a_request(String json) {
    NodeFailure failure = callFailing((ObjectNode) Json.parse(json));

    assertThat(failure.type()).isEqualTo("invalid_config");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void method_is_case_insensitive() {
    client.call(config("post", server.url("/echo")), 5);

    assertThat(server.requests.get(0).method()).isEqualTo("POST");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost"})
  void loopback_url_is_refused_before_connecting_when_private_networks_are_blocked(String host) {
    WebhookClient strict = new WebhookClient(new NetworkGuard(false));
    String url = server.url("/echo").replace("127.0.0.1", host);

    NodeFailure failure =
        catchThrowableOfType(NodeFailure.class, () -> strict.call(config("GET", url), 5));

    assertThat(failure).isNotNull();
    assertThat(failure.type()).isEqualTo("blocked_address");
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).contains("of host " + host + " is blocked");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void redirect_is_followed_and_the_final_response_returned() {
    server.on(
        "/start", (exchange, request) -> LocalServer.redirect(exchange, 302, "/text?from=start"));

    JsonNode output = client.call(config("GET", server.url("/start")), 5);

    assertThat(output.get("status").intValue()).isEqualTo(200);
    assertThat(output.get("body").textValue()).isEqualTo("hello");
    assertThat(server.hits("/text")).isEqualTo(1);
  }

  @Test
  void temporary_redirect_keeps_method_and_body() {
    server.on("/moved", (exchange, request) -> LocalServer.redirect(exchange, 307, "/echo"));
    ObjectNode config = config("POST", server.url("/moved"));
    config.set("body", Json.parse("{\"kept\": true}"));

    JsonNode output = client.call(config, 5);

    assertThat(output.at("/body/kept").booleanValue()).isTrue();
    assertThat(server.requests.get(1).method()).isEqualTo("POST");
  }

  @Test
  void see_other_turns_post_into_get_without_body() {
    server.on("/created", (exchange, request) -> LocalServer.redirect(exchange, 303, "/echo"));
    ObjectNode config = config("POST", server.url("/created"));
    config.set("body", Json.parse("{\"dropped\": true}"));

    client.call(config, 5);

    LocalServer.Recorded followed = server.requests.get(1);
    assertThat(followed.method()).isEqualTo("GET");
    assertThat(followed.body()).isEmpty();
    assertThat(followed.headers().getFirst("Content-Type")).isNull();
  }

  @Test
  void redirect_loop_fails_after_five_redirects() {
    server.on("/loop", (exchange, request) -> LocalServer.redirect(exchange, 302, "/loop"));

    NodeFailure failure = callFailing(config("GET", server.url("/loop")));

    assertThat(failure.type()).isEqualTo("too_many_redirects");
    assertThat(failure.retryable()).isFalse();
    assertThat(server.hits("/loop")).isEqualTo(1 + WebhookClient.MAX_REDIRECTS);
  }

  @Test
  void redirect_to_a_non_http_scheme_is_refused() {
    server.on(
        "/file", (exchange, request) -> LocalServer.redirect(exchange, 302, "file:///etc/passwd"));

    NodeFailure failure = callFailing(config("GET", server.url("/file")));

    assertThat(failure.type()).isEqualTo("invalid_redirect");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void redirect_to_another_local_address_is_followed_when_private_networks_are_allowed()
      throws IOException {
    try (LocalServer second = startSecondLoopback()) {
      second.on(
          "/target",
          (exchange, request) -> LocalServer.send(exchange, 200, "application/json", "[42]"));
      server.on(
          "/away",
          (exchange, request) -> LocalServer.redirect(exchange, 302, second.url("/target")));

      JsonNode output = client.call(config("GET", server.url("/away")), 5);

      assertThat(output.get("body")).isEqualTo(Json.parse("[42]"));
      assertThat(second.hits("/target")).isEqualTo(1);
    }
  }

  @Test
  void redirect_to_blocked_address_is_refused() throws IOException {
    InetAddress blocked = InetAddress.getByName("127.0.0.2");
    WebhookClient guarded = new WebhookClient(new NetworkGuard(true, blocked::equals));
    try (LocalServer second = startSecondLoopback()) {
      second.on(
          "/internal", (exchange, request) -> LocalServer.send(exchange, 200, null, "secret"));
      server.on(
          "/away",
          (exchange, request) -> LocalServer.redirect(exchange, 302, second.url("/internal")));

      NodeFailure failure =
          catchThrowableOfType(
              NodeFailure.class, () -> guarded.call(config("GET", server.url("/away")), 5));

      assertThat(failure).isNotNull();
      assertThat(failure.type()).isEqualTo("blocked_address");
      assertThat(failure.retryable()).isFalse();
      assertThat(failure.getMessage()).contains("address 127.0.0.2 of host 127.0.0.2");
      assertThat(server.hits("/away")).isEqualTo(1);
      assertThat(second.requests).isEmpty();
    }
  }

  @Test
  void credentials_are_dropped_when_a_redirect_changes_origin() throws IOException {
    try (LocalServer second = startSecondLoopback()) {
      second.on("/landing", (exchange, request) -> LocalServer.send(exchange, 200, null, "ok"));
      server.on("/same", (exchange, request) -> LocalServer.redirect(exchange, 302, "/cross"));
      server.on(
          "/cross",
          (exchange, request) -> LocalServer.redirect(exchange, 302, second.url("/landing")));
      ObjectNode config = config("GET", server.url("/same"));
      config.set(
          "headers",
          Json.parse(
              "[{\"key\": \"Authorization\", \"value\": \"Bearer t0k\"},"
                  + " {\"key\": \"X-Trace\", \"value\": \"1\"}]"));

      client.call(config, 5);

      LocalServer.Recorded sameOrigin = server.requests.get(1);
      assertThat(sameOrigin.path()).isEqualTo("/cross");
      assertThat(sameOrigin.headers().getFirst("Authorization")).isEqualTo("Bearer t0k");
      LocalServer.Recorded crossOrigin = second.requests.get(0);
      assertThat(crossOrigin.headers().getFirst("Authorization")).isNull();
      assertThat(crossOrigin.headers().getFirst("X-Trace")).isEqualTo("1");
    }
  }

  private static final String SECRET = "s3cr3t-Value-0f-24-chars";

  @ParameterizedTest
  @ValueSource(ints = {302, 303, 307, 308})
  void headers_and_body_holding_a_secret_do_not_follow_a_redirect_to_another_port(int status)
      throws IOException {
    try (LocalServer other = LocalServer.start("127.0.0.1")) {
      other.on("/landing", (exchange, request) -> LocalServer.send(exchange, 200, null, "ok"));
      server.on(
          "/hop",
          (exchange, request) -> LocalServer.redirect(exchange, status, other.url("/landing")));
      ObjectNode config = config("POST", server.url("/hop"));
      String basic =
          Base64.getEncoder().encodeToString(("user:" + SECRET).getBytes(StandardCharsets.UTF_8));
      config.set(
          "headers",
          Json.object()
              .arrayNode()
              .add(Json.object().put("key", "X-Api-Key").put("value", "key " + SECRET))
              .add(Json.object().put("key", "X-Basic").put("value", "Basic " + basic))
              .add(Json.object().put("key", "X-Trace").put("value", "1")));
      config.set("body", Json.object().put("token", SECRET));

      client.call(config, 5, new SecretMask(List.of(SECRET)));

      LocalServer.Recorded first = server.requests.get(0);
      assertThat(first.headers().getFirst("X-Api-Key")).isEqualTo("key " + SECRET);
      assertThat(first.body()).contains(SECRET);
      LocalServer.Recorded landed = other.requests.get(0);
      assertThat(landed.headers().getFirst("X-Api-Key")).isNull();
      assertThat(landed.headers().getFirst("X-Basic")).isNull();
      assertThat(landed.headers().getFirst("X-Trace")).isEqualTo("1");
      assertThat(landed.body()).doesNotContain(SECRET).isEmpty();
    }
  }

  @Test
  void a_same_origin_redirect_keeps_headers_holding_a_secret() {
    server.on("/back", (exchange, request) -> LocalServer.redirect(exchange, 307, "/echo"));
    ObjectNode config = config("POST", server.url("/back"));
    config.set(
        "headers",
        Json.object().arrayNode().add(Json.object().put("key", "X-Api-Key").put("value", SECRET)));
    config.put("body", SECRET);

    client.call(config, 5, new SecretMask(List.of(SECRET)));

    assertThat(server.requests.get(1).headers().getFirst("X-Api-Key")).isEqualTo(SECRET);
    assertThat(server.requests.get(1).body()).isEqualTo(SECRET);
  }

  @Test
  void a_redirect_from_https_to_http_is_a_downgrade() {
    assertThat(
            WebhookClient.isDowngrade(
                URI.create("https://a.example/x"), URI.create("http://a.example/x")))
        .isTrue();
    assertThat(
            WebhookClient.isDowngrade(
                URI.create("http://a.example/x"), URI.create("https://b.example/")))
        .isFalse();
    assertThat(
            WebhookClient.isDowngrade(
                URI.create("HTTPS://a.example/x"), URI.create("https://b.example/")))
        .isFalse();
  }

  @Test
  void an_error_snippet_is_masked_before_it_is_cut() {
    server.on(
        "/fail",
        (exchange, request) ->
            LocalServer.send(exchange, 400, "text/plain", "x".repeat(190) + SECRET));

    NodeFailure failure =
        catchThrowableOfType(
            NodeFailure.class,
            () ->
                client.call(
                    config("GET", server.url("/fail")), 5, new SecretMask(List.of(SECRET))));

    assertThat(failure.getMessage()).endsWith("x***").doesNotContain(SECRET.substring(0, 6));
  }

  @Test
  void the_connection_goes_to_the_address_the_guard_checked_without_a_second_lookup()
      throws IOException {
    try (LocalServer pinned = startSecondLoopback()) {
      pinned.on("/pinned", (exchange, request) -> LocalServer.send(exchange, 200, null, "here"));
      AtomicInteger lookups = new AtomicInteger();
      InetAddress checked = InetAddress.getByName("127.0.0.2");
      InetAddress rebound = InetAddress.getByName("127.0.0.1");
      NetworkGuard guard =
          new NetworkGuard(
              true,
              rebound::equals,
              host -> new InetAddress[] {lookups.getAndIncrement() == 0 ? checked : rebound});
      String url = pinned.url("/pinned").replace("127.0.0.2", "rebinding.test");

      JsonNode output = new WebhookClient(guard).call(config("GET", url), 5);

      assertThat(output.path("body").asText()).isEqualTo("here");
      assertThat(lookups.get()).isEqualTo(1);
      assertThat(pinned.requests.get(0).headers().getFirst("Host")).startsWith("rebinding.test:");
    }
  }

  private static LocalServer startSecondLoopback() throws IOException {
    // Linux routes all of 127.0.0.0/8 to the loopback interface; other systems may not.
    try {
      return LocalServer.start("127.0.0.2");
    } catch (IOException e) {
      Assumptions.abort("cannot bind 127.0.0.2: " + e.getMessage());
      throw e;
    }
  }

  private static ObjectNode config(String method, String url) {
    return Json.object().put("method", method).put("url", url);
  }

  private NodeFailure callFailing(ObjectNode config) {
    return callFailing(config, 5);
  }

  private NodeFailure callFailing(ObjectNode config, int timeoutSeconds) {
    NodeFailure failure =
        catchThrowableOfType(NodeFailure.class, () -> client.call(config, timeoutSeconds));
    assertThat(failure).as("expected a NodeFailure").isNotNull();
    return failure;
  }
}

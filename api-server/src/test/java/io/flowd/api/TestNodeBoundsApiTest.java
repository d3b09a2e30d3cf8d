package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /workflows/test-node} is bounded: a short maximum timeout, a per-tenant concurrency
 * limit answered 429 with {@code Retry-After}, and a pool of its own, so {@code /health} answers
 * while hundreds of calls wait on a slow target.
 */
class TestNodeBoundsApiTest {
  private static FlowdHarness flowd;
  private static EchoServer slow;
  private static final CountDownLatch release = new CountDownLatch(1);

  @BeforeAll
  static void start() throws Exception {
    flowd = FlowdHarness.start();
    slow =
        EchoServer.start()
            .on(
                "/slow",
                (exchange, seen) -> {
                  try {
                    release.await(60, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  EchoServer.send(exchange, 200, "{\"ok\": true}");
                });
  }

  @AfterAll
  static void stop() {
    release.countDown();
    slow.close();
    flowd.close();
  }

  private static String webhook(String url, int timeoutSeconds) {
    return "{\"node\": {\"id\": \"n\", \"type\": \"action\", \"data\": {\"componentId\": \"webhook\","
        + " \"url\": \""
        + url
        + "\", \"timeout_seconds\": "
        + timeoutSeconds
        + "}}}";
  }

  @Test
  void a_timeout_over_the_test_node_maximum_is_refused() {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows/test-node",
            FlowdHarness.token("bounds-timeout"),
            webhook(slow.url("/fast"), 86_400));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("node.data.timeout_seconds", "30");
  }

  @Test
  void health_answers_while_hundreds_of_test_node_calls_wait_and_a_tenant_over_its_limit_gets_429()
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String body = webhook(slow.url("/slow"), 30);
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int tenant = 0; tenant < 60; tenant++) {
      String token = FlowdHarness.token("bounds-" + tenant);
      for (int i = 0; i < 4; i++) {
        calls.add(
            client.sendAsync(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + flowd.port() + "/workflows/test-node"))
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
    }
    while (slow.hits("/slow") < 16) {
      Thread.sleep(50);
    }

    HttpResponse<String> health =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + flowd.port() + "/health"))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> overLimit =
        flowd.request("POST", "/workflows/test-node", FlowdHarness.token("bounds-0"), body);
    boolean stillWaiting = calls.stream().filter(call -> !call.isDone()).count() > 100;
    release.countDown();

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(stillWaiting).isTrue();
    assertThat(overLimit.statusCode()).isEqualTo(429);
    assertThat(overLimit.headers().firstValue("Retry-After")).isPresent();
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> answer = call.get(120, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).as(answer.body()).isIn(200, 429);
      if (answer.statusCode() == 200) {
        assertThat(Json.parse(answer.body()).path("status").asText()).isEqualTo("success");
      }
    }
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-tenant rate limit of one API process, here set to 3 requests a minute. */
class RateLimitApiTest {
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start(Map.of("FLOWD_RATE_LIMIT_PER_MINUTE", "3"));
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  @Test
  void a_tenant_past_its_limit_gets_429_with_retry_after_and_other_tenants_do_not() {
    String busy = FlowdHarness.token("busy");

    for (int i = 0; i < 3; i++) {
      assertThat(flowd.request("GET", "/workflows", busy, null).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> limited = flowd.request("GET", "/workflows", busy, null);
    HttpResponse<String> other =
        flowd.request("GET", "/workflows", FlowdHarness.token("calm"), null);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(FlowdHarness.json(limited).path("type").asText()).isEqualTo("rate_limit_error");
    assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L))
        .isBetween(1L, 60L);
    assertThat(other.statusCode()).isEqualTo(200);
  }

  @Test
  void a_webhook_token_past_the_limit_gets_429_and_unknown_tokens_are_limited_per_address() {
    String owner = FlowdHarness.token("hook-owner");
    HttpResponse<String> created =
        flowd.request(
            "POST",
            "/workflows",
            owner,
            """
            {"name": "Hook", "nodes": [{"id": "node_1", "type": "trigger",
              "data": {"componentId": "webhook_trigger"}}], "edges": []}
            """);
    String url = FlowdHarness.json(created).path("webhook_url").asText();
    String path = url.substring(url.indexOf("/workflows/webhooks/"));

    for (int i = 0; i < 3; i++) {
      assertThat(flowd.request("POST", path, null, "{}").statusCode()).isEqualTo(202);
    }
    HttpResponse<String> limited = flowd.request("POST", path, null, "{}");
    for (int i = 0; i < 3; i++) {
      String unknown = "/workflows/webhooks/whsec_" + "abcdefghijklmnopqrstuvwxyz01234" + i;
      assertThat(flowd.request("POST", unknown, null, "{}").statusCode()).isEqualTo(404);
    }
    HttpResponse<String> guessing =
        flowd.request("POST", "/workflows/webhooks/whsec_" + "Z".repeat(32), null, "{}");

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(guessing.statusCode()).isEqualTo(429);
    assertThat(guessing.headers().firstValue("Retry-After")).isPresent();
    assertThat(
            FlowdHarness.json(
                    flowd.request(
                        "GET",
                        "/workflows/"
                            + FlowdHarness.json(created).path("id").asText()
                            + "/executions",
                        owner,
                        null))
                .path("meta")
                .path("total")
                .asLong())
        .isEqualTo(3);
  }

  @Test
  void public_paths_are_not_limited_per_tenant() {
    for (int i = 0; i < 10; i++) {
      assertThat(flowd.request("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }
  }
}

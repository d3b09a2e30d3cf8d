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
  void public_paths_are_not_limited_per_tenant() {
    for (int i = 0; i < 10; i++) {
      assertThat(flowd.request("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }
  }
}

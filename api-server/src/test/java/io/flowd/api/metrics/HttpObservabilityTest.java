package io.flowd.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.api.http.Routes;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.LogContext;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The HTTP timer's route label and the MDC of run routes, on a real Javalin server. */
class HttpObservabilityTest {
  private final FlowdMetrics metrics = FlowdMetrics.create();
  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;

  @BeforeEach
  void start() {
    app =
        Javalin.create(
                javalin -> {
                  javalin.startup.showJavalinBanner = false;
                  HttpObservability.install(javalin, metrics);
                  Routes.of(List.of(HttpObservability.routes(metrics))).installOn(javalin.routes);
                  javalin.routes.get(
                      "/workflows/runs/{runId}",
                      ctx ->
                          ctx.result(
                              Objects.toString(MDC.get(LogContext.RUN_ID))
                                  + " "
                                  + Objects.toString(MDC.get(LogContext.WORKFLOW_ID))));
                  javalin.routes.get(
                      "/workflows/{id}",
                      ctx ->
                          ctx.result(
                              Objects.toString(MDC.get(LogContext.RUN_ID))
                                  + " "
                                  + Objects.toString(MDC.get(LogContext.WORKFLOW_ID))));
                })
            .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    metrics.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void run_and_workflow_routes_put_their_ids_into_the_mdc_while_handled() throws Exception {
    assertThat(get("/workflows/runs/fl_run_0123456789abcdef").body())
        .isEqualTo("fl_run_0123456789abcdef null");
    assertThat(get("/workflows/fl_0123456789abcdef").body()).isEqualTo("null fl_0123456789abcdef");
  }

  @Test
  void requests_are_timed_by_route_template_and_status() throws Exception {
    get("/workflows/runs/fl_run_0123456789abcdef");
    get("/workflows/runs/fl_run_fedcba9876543210");
    get("/nowhere/at/all");

    String scraped = get("/metrics").body();

    assertThat(scraped)
        .containsPattern(
            "flowd_http_requests_seconds_count\\{route=\"/workflows/runs/\\{runId}\",status=\"200\"} 2")
        .contains("flowd_http_requests_seconds_count{route=\"unmatched\",status=\"404\"}")
        .doesNotContain("fl_run_0123456789abcdef")
        .doesNotContain("nowhere");
  }
}

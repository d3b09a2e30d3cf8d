package io.flowd.api.metrics;

import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.LogContext;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.time.Duration;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Times every HTTP request by its matched route template ({@code flowd_http_requests_seconds}) and
 * puts the path's run and workflow ids into the MDC while the request is handled.
 */
public final class HttpObservability {
  /** The route label of requests that matched no route, so raw paths never become labels. */
  public static final String UNMATCHED = "unmatched";

  private HttpObservability() {}

  /** Returns the public {@code GET /metrics} route, which serves {@code metrics}. */
  public static RouteGroup routes(FlowdMetrics metrics) {
    return routes ->
        routes.get(
            "/metrics",
            ctx -> ctx.contentType(FlowdMetrics.CONTENT_TYPE).result(metrics.scrape()),
            Routes.Access.PUBLIC);
  }

  /** Installs the timer and the MDC on {@code javalin}. */
  public static void install(JavalinConfig javalin, FlowdMetrics metrics) {
    javalin.routes.beforeMatched(HttpObservability::putIds);
    javalin.requestLogger.http(
        (ctx, millis) -> {
          MDC.remove(LogContext.RUN_ID);
          MDC.remove(LogContext.WORKFLOW_ID);
          metrics.httpRequest(
              route(ctx), ctx.statusCode(), Duration.ofNanos((long) (millis * 1_000_000)));
        });
  }

  private static void putIds(Context ctx) {
    Map<String, String> params = ctx.pathParamMap();
    if (params.containsKey("runId")) {
      MDC.put(LogContext.RUN_ID, params.get("runId"));
    }
    if (params.containsKey("id")) {
      MDC.put(LogContext.WORKFLOW_ID, params.get("id"));
    }
  }

  /** Returns the matched route template, or {@link #UNMATCHED}. */
  static String route(Context ctx) {
    try {
      Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
      return endpoint == null ? UNMATCHED : endpoint.path;
    } catch (RuntimeException e) {
      return UNMATCHED;
    }
  }
}

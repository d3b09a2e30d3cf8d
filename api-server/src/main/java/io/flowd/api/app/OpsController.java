package io.flowd.api.app;

import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The public operations routes: health, readiness and the OpenAPI document; {@code /metrics} is
 * {@code HttpObservability}'s.
 */
final class OpsController implements RouteGroup {
  private final BooleanSupplier postgresUp;
  private final BooleanSupplier temporalUp;
  private final byte[] openApi;

  OpsController(BooleanSupplier postgresUp, BooleanSupplier temporalUp, byte[] openApi) {
    this.postgresUp = postgresUp;
    this.temporalUp = temporalUp;
    this.openApi = openApi.clone();
  }

  @Override
  public void register(Routes routes) {
    routes.get(
        "/health", ctx -> Requests.json(ctx, 200, Map.of("status", "ok")), Routes.Access.PUBLIC);
    routes.get("/ready", this::ready, Routes.Access.PUBLIC);
    routes.get(
        "/openapi.json",
        ctx -> ctx.contentType("application/json").result(openApi),
        Routes.Access.PUBLIC);
  }

  private void ready(Context ctx) {
    boolean postgres = postgresUp.getAsBoolean();
    Map<String, String> body = new LinkedHashMap<>();
    body.put("postgres", postgres ? "up" : "down");
    body.put("temporal", temporalUp.getAsBoolean() ? "up" : "down");
    if (!postgres) {
      ctx.header("Retry-After", Long.toString(ErrorMapper.RETRY_AFTER_SECONDS));
    }
    Requests.json(ctx, postgres ? 200 : 503, body);
  }
}

package io.flowd.api.app;

import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.api.auth.Principal;
import io.flowd.api.console.ConsoleAssets;
import io.flowd.api.http.TenantRateLimiter;
import io.flowd.api.version.WorkflowFileController;
import io.javalin.config.JavalinConfig;
import java.util.Set;

/**
 * Authenticates every matched request except the public ones (health, readiness, the OpenAPI
 * document and the workflow file schema, metrics, inbound webhooks and the console's files) and
 * counts it against its tenant's rate limit.
 */
final class AuthFilter {
  private static final Set<String> PUBLIC_PATHS =
      Set.of("/health", "/ready", "/openapi.json", "/metrics", WorkflowFileController.SCHEMA_PATH);

  private AuthFilter() {}

  static void install(
      JavalinConfig javalin, JwtAuthenticator authenticator, TenantRateLimiter rateLimiter) {
    javalin.routes.beforeMatched(
        ctx -> {
          if (!isPublic(ctx.path())) {
            Principal principal = authenticator.authenticate(ctx.header("Authorization"));
            ctx.attribute(Requests.PRINCIPAL, principal);
            rateLimiter.acquire(principal.tenantId());
          }
        });
  }

  private static boolean isPublic(String path) {
    return PUBLIC_PATHS.contains(path)
        || path.startsWith("/workflows/webhooks/")
        || path.equals(ConsoleAssets.PATH)
        || path.startsWith(ConsoleAssets.PATH + "/");
  }
}

package io.flowd.api.app;

import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.Routes;
import io.flowd.api.http.TenantRateLimiter;
import io.javalin.config.JavalinConfig;

/**
 * Authenticates every matched request except those of routes registered as {@link
 * Routes.Access#PUBLIC}, and counts it against its tenant's rate limit.
 */
final class AuthFilter {
  private AuthFilter() {}

  static void install(
      JavalinConfig javalin, JwtAuthenticator authenticator, TenantRateLimiter rateLimiter) {
    javalin.routes.beforeMatched(
        ctx -> {
          if (!ctx.routeRoles().contains(Routes.Access.PUBLIC)) {
            Principal principal = authenticator.authenticate(ctx.header("Authorization"));
            ctx.attribute(Requests.PRINCIPAL, principal);
            rateLimiter.acquire(principal.tenantId());
          }
        });
  }
}

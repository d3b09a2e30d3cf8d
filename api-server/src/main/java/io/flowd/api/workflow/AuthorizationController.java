package io.flowd.api.workflow;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.QueryParams;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /workflows/authorization}: the caller's authorization records. */
public final class AuthorizationController implements RouteGroup {
  private final AuthorizationCache authorizations;

  public AuthorizationController(AuthorizationCache authorizations) {
    this.authorizations = authorizations;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/workflows/authorization", this::list);
  }

  /** Answers {@code {"data": [...]}}, creating the caller's record on first use. */
  public void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    QueryParams.unpaged(ctx).validate();
    Requests.json(ctx, 200, Map.of("data", authorizations.records(principal)));
  }
}

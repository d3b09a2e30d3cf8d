package io.flowd.api.workflow;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.QueryParams;
import io.flowd.store.AuthorizationDao;
import io.flowd.store.Database;
import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /workflows/authorization}: the caller's authorization records. */
public final class AuthorizationController {
  private final Database database;
  private final AuthorizationCache authorizations;

  public AuthorizationController(Database database, AuthorizationCache authorizations) {
    this.database = database;
    this.authorizations = authorizations;
  }

  /** Answers {@code {"data": [...]}}, creating the caller's record on first use. */
  public void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    QueryParams.unpaged(ctx).validate();
    authorizations.of(principal);
    Requests.json(
        ctx,
        200,
        Map.of(
            "data",
            database
                .dao(AuthorizationDao.class)
                .forUser(principal.tenantId(), principal.userId())));
  }
}

package io.flowd.api.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.JsonBodies;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.javalin.http.Context;

/** Small request and response helpers shared by the controllers. */
public final class Requests {
  static final String PRINCIPAL = "flowd.principal";

  private Requests() {}

  /** Returns the authenticated caller. */
  public static Principal principal(Context ctx) {
    return ctx.attribute(PRINCIPAL);
  }

  /** Returns a path id, or answers 404 when it does not match its id pattern. */
  public static String pathId(Context ctx, String name, String prefix, String what) {
    String id = ctx.pathParam(name);
    if (!Ids.matches(prefix, id)) {
      throw ApiException.notFound(what + " " + id + " was not found.");
    }
    return id;
  }

  /** Reads the request body as JSON, answering 400 or 415 when it is not. */
  public static JsonNode body(Context ctx) {
    return JsonBodies.readJson(ctx.bodyAsBytes(), ctx.contentType());
  }

  /** Writes a JSON response with the given status. */
  public static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }
}

package io.flowd.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.JsonBodies;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.Ids;
import io.flowd.model.ValidationError;
import io.flowd.store.WebhookTokens;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow's webhook URLs: {@code GET /workflows/{id}/webhook} shows the current one and, after a
 * rotation, the previous one and when it stops working; {@code POST /workflows/{id}/webhook/rotate}
 * issues a new URL, the old one working for {@code grace_seconds} more (default 24 h, 0 cuts it at
 * once; then it answers 404).
 */
public final class WebhookTokensController implements RouteGroup {
  /** The default grace period of the replaced URL: 24 hours. */
  static final long DEFAULT_GRACE_SECONDS = 24L * 3600;

  /** The longest grace period: 30 days. */
  static final long MAX_GRACE_SECONDS = 30L * 24 * 3600;

  private final WebhookTokenService tokens;
  private final String publicUrl;

  public WebhookTokensController(WebhookTokenService tokens, String publicUrl) {
    this.tokens = tokens;
    this.publicUrl = publicUrl;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/workflows/{id}/webhook", this::get);
    routes.post("/workflows/{id}/webhook/rotate", this::rotate);
  }

  /** {@code GET /workflows/{id}/webhook}. */
  public void get(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    Requests.json(ctx, 200, describe(tokens.tokens(principal.tenantId(), id)));
  }

  /** {@code POST /workflows/{id}/webhook/rotate} with an optional {@code {"grace_seconds"}}. */
  public void rotate(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    byte[] raw = ctx.bodyAsBytes();
    long grace = DEFAULT_GRACE_SECONDS;
    if (raw != null
        && raw.length > 0
        && !new String(raw, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      JsonNode body = JsonBodies.readJson(raw, ctx.contentType());
      JsonNode value = body.path("grace_seconds");
      if (!body.isObject()
          || !(value.isMissingNode()
              || value.isNull()
              || (value.canConvertToLong()
                  && value.isIntegralNumber()
                  && value.asLong() >= 0
                  && value.asLong() <= MAX_GRACE_SECONDS))) {
        throw ApiException.unprocessable(
            "validation_failed",
            "grace_seconds must be an integer from 0 to " + MAX_GRACE_SECONDS + ".",
            List.of(
                new ValidationError(
                    "invalid_value",
                    "grace_seconds",
                    "grace_seconds must be an integer from 0 to " + MAX_GRACE_SECONDS)));
      }
      if (value.isIntegralNumber()) {
        grace = value.asLong();
      }
    }
    Requests.json(ctx, 200, describe(tokens.rotate(principal.tenantId(), id, grace)));
  }

  private Map<String, Object> describe(WebhookTokens tokens) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("webhook_url", url(tokens.token()));
    out.put(
        "previous_webhook_url",
        tokens.previousToken() == null ? null : url(tokens.previousToken()));
    out.put("previous_expires_at", tokens.previousExpiresAt());
    return out;
  }

  private String url(String token) {
    return publicUrl + "/workflows/webhooks/" + token;
  }
}

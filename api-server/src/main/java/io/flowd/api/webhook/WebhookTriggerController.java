package io.flowd.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.app.Requests;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.JsonBodies;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.api.http.TenantRateLimiter;
import io.flowd.api.run.RunOutcomes;
import io.flowd.model.Json;
import io.flowd.model.TriggerSettings;
import io.flowd.model.ValidationError;
import io.flowd.model.Workflow;
import io.flowd.store.WebhookTarget;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /workflows/webhooks/{token}}: an inbound call starts a run of the token's workflow
 * with the trigger payload {@code {"body", "raw_body", "raw_body_encoding", "headers", "query"}}.
 *
 * <ul>
 *   <li>{@code body}: parsed by its content type ({@link WebhookBodies}; 400 when malformed, and no
 *       run starts); {@code null} when the body is empty. At most 1 MiB (413).
 *   <li>{@code raw_body}: the exact bytes (signatures are checked on them), as UTF-8 text or, when
 *       they are not UTF-8 without U+0000, base64 ({@code raw_body_encoding}).
 *   <li>{@code headers}: names lower-cased, sorted, repeated values joined with {@code ", "};
 *       {@code Authorization}, {@code Proxy-Authorization} and {@code Cookie} are left out.
 *   <li>{@code query}: each parameter's value, or an array of values when it repeats.
 * </ul>
 *
 * An unknown token and an inactive workflow answer the same 404. {@code Idempotency-Key} works as
 * for execute; the request's fingerprint covers body and query, not headers (senders' retries
 * change headers such as dates and delivery ids). The trigger's settings ({@link WebhookSettings})
 * choose whether the caller waits for the run's answer, whether GET calls are taken and which
 * browser origins may call.
 */
public final class WebhookTriggerController implements RouteGroup {
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Set<String> HIDDEN_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie");

  /** Longest accepted value of a {@code webhook_dedupe_header}, in characters. */
  static final int MAX_DELIVERY_ID_LENGTH = 200;

  private final WebhookTriggerService webhooks;
  private final TenantRateLimiter limiter;

  /**
   * Creates the trigger.
   *
   * @param limiter the per-token (and per-address, for unknown tokens) request limit
   */
  public WebhookTriggerController(WebhookTriggerService webhooks, TenantRateLimiter limiter) {
    this.webhooks = webhooks;
    this.limiter = limiter;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/workflows/webhooks/{token}", this::trigger, Routes.Access.PUBLIC);
    routes.get("/workflows/webhooks/{token}", this::trigger, Routes.Access.PUBLIC);
    routes.options("/workflows/webhooks/{token}", this::preflight, Routes.Access.PUBLIC);
  }

  /**
   * {@code POST} (and, when the trigger allows it, {@code GET}) {@code
   * /workflows/webhooks/{token}}: 202 {@code {"run_id", "status"}}, or with {@code respond:
   * "result"} the run's answer.
   */
  public void trigger(Context ctx) throws InterruptedException {
    WebhookTarget target = target(ctx);
    limiter.acquire("token:" + target.workflowId());
    Workflow workflow = webhooks.workflow(target);
    WebhookSettings settings = WebhookSettings.of(workflow);
    cors(ctx, settings);
    boolean get = !"POST".equals(ctx.method().name());
    if (get && !settings.allowGet()) {
      throw new ApiException(
          405,
          "invalid_request_error",
          "method_not_allowed",
          "This webhook takes POST; its trigger does not allow GET.",
          null,
          Map.of("Allow", "POST"));
    }
    TriggerSettings triggers =
        workflow.triggers() == null ? TriggerSettings.DEFAULTS : workflow.triggers();
    byte[] raw = get ? new byte[0] : ctx.bodyAsBytes();
    if (raw != null && raw.length > JsonBodies.MAX_BODY_BYTES) {
      throw ApiException.payloadTooLarge();
    }
    if (triggers.webhookSignature() != null) {
      webhooks.checkSignature(
          target,
          triggers.webhookSignature(),
          raw,
          ctx.header(triggers.webhookSignature().header()));
    }
    UUID key = deliveryKey(ctx, workflow.id(), triggers.webhookDedupeHeader());
    WebhookBodies.Parsed parsed = WebhookBodies.parse(raw, get ? null : ctx.contentType());
    JsonNode body = parsed.body();
    ObjectNode query = query(ctx.queryParamMap());
    if (ctx.queryString() != null && ctx.queryParamMap().toString().indexOf('\0') >= 0) {
      throw ApiException.unprocessable(
          "invalid_string",
          "The query string contains the character U+0000.",
          List.of(new ValidationError("nul_character", "query", "The query contains U+0000.")));
    }
    if (!parsed.files().isEmpty()) {
      ((ObjectNode) body)
          .set("files", webhooks.storeFiles(target.tenantId(), workflow.id(), parsed.files()));
    }
    ObjectNode payload = Json.object();
    payload.set("body", body);
    payload.put("raw_body", WebhookBodies.raw(raw));
    payload.put("raw_body_encoding", WebhookBodies.rawEncoding(raw));
    payload.set("headers", headers(ctx));
    payload.set("query", query);
    ObjectNode fingerprinted = Json.object();
    fingerprinted.set("body", body);
    fingerprinted.set("query", query);
    RunOutcomes.Accepted started = webhooks.start(target, workflow, key, payload, fingerprinted);
    if (started.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    if (settings.waitsForResult()) {
      WebhookAnswers.send(
          ctx,
          webhooks.await(
              target.tenantId(), workflow, started.run(), settings.respondTimeoutSeconds()));
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("run_id", started.run().id());
    answer.put("status", started.run().status());
    Requests.json(ctx, 202, answer);
  }

  /**
   * {@code OPTIONS /workflows/webhooks/{token}}: the CORS preflight. 204, with the CORS headers
   * only when the trigger allows the calling origin.
   */
  public void preflight(Context ctx) {
    WebhookTarget target = target(ctx);
    limiter.acquire("token:" + target.workflowId());
    Workflow workflow = webhooks.workflow(target);
    WebhookSettings settings = WebhookSettings.of(workflow);
    if (cors(ctx, settings)) {
      ctx.header(
          "Access-Control-Allow-Methods",
          settings.allowGet() ? "POST, GET, OPTIONS" : "POST, OPTIONS");
      String requested = ctx.header("Access-Control-Request-Headers");
      if (requested != null && !requested.isBlank()) {
        ctx.header("Access-Control-Allow-Headers", requested);
      }
      ctx.header("Access-Control-Max-Age", "600");
    }
    ctx.status(204);
  }

  /** Adds the CORS answer headers when the trigger allows the request's origin. */
  private static boolean cors(Context ctx, WebhookSettings settings) {
    ctx.header("Vary", "Origin");
    String allowed = settings.allowedOrigin(ctx.header("Origin"));
    if (allowed == null) {
      return false;
    }
    ctx.header("Access-Control-Allow-Origin", allowed);
    return true;
  }

  /** Resolves the token; an unknown one counts against the caller's address. */
  private WebhookTarget target(Context ctx) {
    try {
      return webhooks.target(ctx.pathParam("token"));
    } catch (ApiException notFound) {
      limiter.acquire("address:" + ctx.ip());
      throw notFound;
    }
  }

  /**
   * Returns the key that deduplicates this delivery: derived from the workflow and the value of its
   * {@code webhook_dedupe_header} when the call carries one, else the {@code Idempotency-Key}.
   */
  private static UUID deliveryKey(Context ctx, String workflowId, String dedupeHeader) {
    UUID key = idempotencyKey(ctx);
    String delivery = dedupeHeader == null ? null : ctx.header(dedupeHeader);
    if (delivery == null) {
      return key;
    }
    if (delivery.isEmpty()
        || delivery.codePointCount(0, delivery.length()) > MAX_DELIVERY_ID_LENGTH
        || delivery.indexOf('\0') >= 0) {
      throw ApiException.badRequest(
          "invalid_delivery_id",
          "The "
              + dedupeHeader
              + " header must hold 1 to "
              + MAX_DELIVERY_ID_LENGTH
              + " characters.");
    }
    return UUID.nameUUIDFromBytes(
        ("webhook-delivery\n" + workflowId + "\n" + delivery).getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode headers(Context ctx) {
    Map<String, List<String>> byName = new TreeMap<>();
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (HIDDEN_HEADERS.contains(lower)) {
        continue;
      }
      List<String> values = byName.computeIfAbsent(lower, n -> new ArrayList<>());
      values.addAll(Collections.list(ctx.req().getHeaders(name)));
    }
    ObjectNode out = Json.object();
    byName.forEach((name, values) -> out.put(name, String.join(", ", values)));
    return out;
  }

  private static ObjectNode query(Map<String, List<String>> params) {
    ObjectNode out = Json.object();
    new TreeMap<>(params)
        .forEach(
            (name, values) -> {
              if (values.size() == 1) {
                out.put(name, values.get(0));
              } else {
                ArrayNode array = out.putArray(name);
                values.forEach(array::add);
              }
            });
    return out;
  }

  private static UUID idempotencyKey(Context ctx) {
    String header = ctx.header("Idempotency-Key");
    if (header == null) {
      return null;
    }
    if (!UUID_TEXT.matcher(header.trim()).matches()) {
      throw ApiException.badRequest(
          "invalid_idempotency_key", "The Idempotency-Key header must be a UUID.");
    }
    return UUID.fromString(header.trim());
  }
}

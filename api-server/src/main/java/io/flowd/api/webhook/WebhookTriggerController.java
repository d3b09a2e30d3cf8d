package io.flowd.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.app.Requests;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.JsonBodies;
import io.flowd.api.run.RunStarter;
import io.flowd.model.Json;
import io.flowd.model.ValidationError;
import io.flowd.model.Workflow;
import io.flowd.store.Database;
import io.flowd.store.WebhookTarget;
import io.flowd.store.WebhookTokenDao;
import io.flowd.store.WorkflowDao;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /workflows/webhooks/{token}}: an inbound call starts a run of the token's workflow
 * with the trigger payload {@code {"body", "headers", "query"}}.
 *
 * <ul>
 *   <li>{@code body}: with a JSON content type the parsed JSON (400 when malformed); with any other
 *       content type (or none) the raw body as a string, since senders such as form posts do not
 *       send JSON; {@code null} when the body is empty. At most 1 MiB (413).
 *   <li>{@code headers}: names lower-cased, sorted, repeated values joined with {@code ", "};
 *       {@code Authorization}, {@code Proxy-Authorization} and {@code Cookie} are left out.
 *   <li>{@code query}: each parameter's value, or an array of values when it repeats.
 * </ul>
 *
 * An unknown token and an inactive workflow answer the same 404. {@code Idempotency-Key} works as
 * for execute; the request's fingerprint covers body and query, not headers (senders' retries
 * change headers such as dates and delivery ids).
 */
public final class WebhookTriggerController {
  private static final Pattern TOKEN = Pattern.compile("whsec_[A-Za-z0-9]{32}");
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Set<String> HIDDEN_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie");

  private final Database database;
  private final RunStarter starter;
  private final String publicUrl;

  public WebhookTriggerController(Database database, RunStarter starter, String publicUrl) {
    this.database = database;
    this.starter = starter;
    this.publicUrl = publicUrl;
  }

  /** {@code POST /workflows/webhooks/{token}}: 202 {@code {"run_id", "status"}}. */
  public void trigger(Context ctx) {
    WebhookTarget target = target(ctx.pathParam("token"));
    UUID key = idempotencyKey(ctx);
    JsonNode body = body(ctx.bodyAsBytes(), ctx.contentType());
    ObjectNode query = query(ctx.queryParamMap());
    if (ctx.queryString() != null && ctx.queryParamMap().toString().indexOf('\0') >= 0) {
      throw ApiException.unprocessable(
          "invalid_string",
          "The query string contains the character U+0000.",
          List.of(new ValidationError("nul_character", "query", "The query contains U+0000.")));
    }
    ObjectNode payload = Json.object();
    payload.set("body", body);
    payload.set("headers", headers(ctx));
    payload.set("query", query);
    ObjectNode fingerprinted = Json.object();
    fingerprinted.set("body", body);
    fingerprinted.set("query", query);
    Workflow workflow =
        database
            .dao(WorkflowDao.class)
            .find(target.tenantId(), target.workflowId(), publicUrl)
            .orElseThrow(WebhookTriggerController::unknown);
    RunStarter.Started started =
        starter.start(target.tenantId(), workflow, "webhook", payload, key, fingerprinted);
    if (started.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("run_id", started.run().id());
    answer.put("status", started.run().status());
    Requests.json(ctx, 202, answer);
  }

  private WebhookTarget target(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw unknown();
    }
    byte[] presented = token.getBytes(StandardCharsets.UTF_8);
    Optional<WebhookTarget> found =
        database.dao(WebhookTokenDao.class).findBySha256(sha256(presented));
    if (found.isEmpty()
        || !MessageDigest.isEqual(found.get().token().getBytes(StandardCharsets.UTF_8), presented)
        || !found.get().isActive()) {
      throw unknown();
    }
    return found.get();
  }

  private static ApiException unknown() {
    return ApiException.notFound("No active webhook has this token.");
  }

  static JsonNode body(byte[] raw, String contentType) {
    if (raw != null && raw.length > JsonBodies.MAX_BODY_BYTES) {
      throw ApiException.payloadTooLarge();
    }
    if (raw == null || raw.length == 0) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (JsonBodies.isJsonContentType(contentType)) {
      String text = new String(raw, StandardCharsets.UTF_8);
      return text.isBlank()
          ? JsonNodeFactory.instance.nullNode()
          : JsonBodies.readJson(raw, contentType);
    }
    String text = new String(raw, StandardCharsets.UTF_8);
    if (text.indexOf('\0') >= 0) {
      throw ApiException.unprocessable(
          "invalid_string",
          "The body contains the character U+0000.",
          List.of(new ValidationError("nul_character", "body", "The body contains U+0000.")));
    }
    return JsonNodeFactory.instance.textNode(text);
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

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

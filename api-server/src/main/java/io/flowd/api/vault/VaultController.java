package io.flowd.api.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.Page;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.Ids;
import io.flowd.model.ValidationError;
import io.flowd.model.VaultItem;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /workflows/vault}: the tenant's secrets. Secrets are encrypted before they are stored and
 * are never returned; answers carry only metadata.
 */
public final class VaultController implements RouteGroup {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{3,50}");
  private static final int MAX_SECRET_CHARS = 65_536;

  private final VaultService vault;

  public VaultController(VaultService vault) {
    this.vault = vault;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/workflows/vault", this::list);
    routes.post("/workflows/vault", this::create);
    routes.get("/workflows/vault/{id}", this::get);
    routes.put("/workflows/vault/{id}", this::update);
    routes.delete("/workflows/vault/{id}", this::delete);
  }

  /** {@code GET /workflows/vault}: a page of metadata, newest first. */
  public void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Page.Request page = Page.request(ctx);
    long total = vault.count(principal.tenantId());
    List<VaultItem> items = vault.list(principal.tenantId(), page.perPage(), page.offset());
    Requests.json(ctx, 200, Page.of(ctx, page, items, total));
  }

  /** {@code POST /workflows/vault}: 201 with the metadata; 409 when the name is taken. */
  public void create(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Fields fields = read(Requests.body(ctx), true);
    Requests.json(
        ctx,
        201,
        vault.create(principal.tenantId(), fields.name(), fields.secret(), fields.expiresAt()));
  }

  /** {@code GET /workflows/vault/{id}}: the metadata. */
  public void get(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Requests.json(ctx, 200, vault.find(principal.tenantId(), id(ctx)));
  }

  /**
   * {@code PUT /workflows/vault/{id}}: changes the fields given; 409 when the new name is taken.
   */
  public void update(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = id(ctx);
    Fields fields = read(Requests.body(ctx), false);
    Requests.json(
        ctx,
        200,
        vault.update(
            principal.tenantId(),
            id,
            fields.name(),
            fields.secret(),
            fields.expiresAt(),
            fields.clearExpiry()));
  }

  /** {@code DELETE /workflows/vault/{id}}: 204. */
  public void delete(Context ctx) {
    Principal principal = Requests.principal(ctx);
    vault.delete(principal.tenantId(), id(ctx));
    ctx.status(204);
  }

  private static String id(Context ctx) {
    return Requests.pathId(ctx, "id", Ids.VAULT, "Vault item");
  }

  /** The writable fields of a create or update body; {@code null} where absent. */
  private record Fields(String name, String secret, Instant expiresAt, boolean clearExpiry) {}

  private static Fields read(JsonNode body, boolean create) {
    List<ValidationError> errors = new ArrayList<>();
    if (body == null || !body.isObject()) {
      throw ApiException.unprocessable(
          "invalid_request",
          "The body must be a JSON object.",
          List.of(new ValidationError("invalid_type", "body", "the body must be an object")));
    }
    String name = null;
    JsonNode nameNode = body.get("name");
    if (nameNode == null || nameNode.isNull()) {
      if (create) {
        errors.add(new ValidationError("required", "name", "name is required"));
      }
    } else if (!nameNode.isTextual() || !NAME.matcher(nameNode.textValue()).matches()) {
      errors.add(
          new ValidationError(
              "invalid_value", "name", "name must be 3 to 50 characters of A-Z, a-z, 0-9 and _"));
    } else {
      name = nameNode.textValue();
    }
    String secret = null;
    JsonNode secretNode = body.get("secret");
    if (secretNode == null || secretNode.isNull()) {
      if (create) {
        errors.add(new ValidationError("required", "secret", "secret is required"));
      }
    } else if (!secretNode.isTextual() || secretNode.textValue().isEmpty()) {
      errors.add(
          new ValidationError("invalid_value", "secret", "secret must be a non-empty string"));
    } else if (secretNode.textValue().length() > MAX_SECRET_CHARS) {
      errors.add(
          new ValidationError(
              "too_long", "secret", "secret must be at most " + MAX_SECRET_CHARS + " characters"));
    } else if (secretNode.textValue().indexOf('\u0000') >= 0) {
      errors.add(new ValidationError("invalid_value", "secret", "secret must not contain U+0000"));
    } else {
      secret = secretNode.textValue();
    }
    Instant expiresAt = null;
    JsonNode expiresNode = body.get("expires_at");
    boolean clearExpiry = expiresNode != null && expiresNode.isNull();
    if (expiresNode != null && !expiresNode.isNull()) {
      try {
        if (!expiresNode.isTextual()) {
          throw new DateTimeParseException("not text", expiresNode.toString(), 0);
        }
        expiresAt = java.time.OffsetDateTime.parse(expiresNode.textValue()).toInstant();
      } catch (DateTimeParseException e) {
        errors.add(
            new ValidationError(
                "invalid_value",
                "expires_at",
                "expires_at must be an RFC 3339 timestamp such as 2026-11-07T05:31:56Z, or null"));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable("validation_failed", "The vault item is invalid.", errors);
    }
    return new Fields(name, secret, expiresAt, clearExpiry);
  }
}

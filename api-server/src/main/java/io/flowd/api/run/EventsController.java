package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.ValidationError;
import io.flowd.nodes.components.WaitForEventHandler;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /workflows/events} {@code {"key", "payload"}}: hands the payload to every {@code
 * wait_for_event} node of the tenant's open runs that waits on {@code key} right now (through a
 * Temporal update whose validator refuses nodes that stopped waiting), and answers 202 {@code
 * {"delivered": n}}. Runs that start waiting later do not receive it.
 *
 * <p>With an {@code Idempotency-Key}, the waits are chosen once, when the key is first used, and
 * recorded with each delivery in PostgreSQL: a repeat (a client retry after a timeout) reaches only
 * chosen waits not reached yet, never one twice, and answers the total delivered.
 */
public final class EventsController implements RouteGroup {
  private final EventService events;

  public EventsController(EventService events) {
    this.events = events;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/workflows/events", this::send);
  }

  /** Sends an event; 202 {@code {"delivered": n}}. */
  public void send(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String tenant = principal.tenantId();
    UUID idempotencyKey = RunController.idempotencyKey(ctx);
    JsonNode body = Requests.body(ctx);
    List<ValidationError> errors = new ArrayList<>();
    if (!body.isObject()) {
      errors.add(new ValidationError("invalid_type", "", "the body must be an object"));
    } else {
      JsonNode key = body.get("key");
      if (key == null || !key.isTextual() || key.asText().isBlank()) {
        errors.add(new ValidationError("invalid_type", "key", "key must be a non-empty string"));
      } else if (key.asText().length() > WaitForEventHandler.MAX_KEY_LENGTH) {
        errors.add(
            new ValidationError(
                "too_long",
                "key",
                "key must be at most " + WaitForEventHandler.MAX_KEY_LENGTH + " characters"));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable("invalid_request", "The event is invalid.", errors);
    }
    String key = body.get("key").asText();
    JsonNode payload = body.has("payload") ? body.get("payload") : NullNode.getInstance();
    EventService.Sent sent = events.send(tenant, key, payload, idempotencyKey, body);
    if (sent.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    Requests.json(ctx, 202, Map.of("delivered", sent.delivered()));
  }
}

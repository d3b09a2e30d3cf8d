package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.workflow.WorkflowController;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.NodeInput;
import io.flowd.model.Ids;
import io.flowd.model.RunRef;
import io.flowd.model.ValidationError;
import io.flowd.nodes.components.WaitForEventHandler;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.runs.Fingerprints;
import io.flowd.store.Database;
import io.flowd.store.EventDao;
import io.flowd.store.EventWait;
import io.javalin.http.Context;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class EventsController {
  private static final Logger LOG = LoggerFactory.getLogger(EventsController.class);

  private final Database database;
  private final WorkflowClient temporal;
  private final PayloadStore payloads;

  public EventsController(Database database, WorkflowClient temporal) {
    this.database = database;
    this.temporal = temporal;
    this.payloads = new PayloadStore(database);
  }

  /** Sends an event; 202 {@code {"delivered": n}}. */
  public void send(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String tenant = principal.tenantId();
    UUID idempotencyKey = RunController.idempotencyKey(ctx);
    JsonNode body = WorkflowController.body(ctx);
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
    EventDao events = database.dao(EventDao.class);
    if (idempotencyKey == null) {
      int delivered = 0;
      for (EventWait wait : events.waiting(tenant, key)) {
        if (deliver(tenant, wait, payload)) {
          delivered++;
        }
      }
      Requests.json(ctx, 202, Map.of("delivered", delivered));
      return;
    }
    String fingerprint = Fingerprints.of("events", body);
    boolean replayed =
        database
            .jdbi()
            .inTransaction(
                (Handle h) -> {
                  EventDao dao = h.attach(EventDao.class);
                  dao.expire(tenant, idempotencyKey);
                  if (dao.insertIfAbsent(tenant, idempotencyKey, fingerprint) == 0) {
                    if (!dao.fingerprint(tenant, idempotencyKey).orElse("").equals(fingerprint)) {
                      throw ApiException.unprocessable(
                          "idempotency_key_mismatch",
                          "This Idempotency-Key was used with another event.",
                          List.of());
                    }
                    return true;
                  }
                  for (EventWait wait : dao.waiting(tenant, key)) {
                    dao.plan(tenant, idempotencyKey, wait.runId(), wait.nodeId());
                  }
                  return false;
                });
    for (EventWait wait : events.undelivered(tenant, idempotencyKey)) {
      if (deliver(tenant, wait, payload)) {
        events.markDelivered(tenant, idempotencyKey, wait.runId(), wait.nodeId());
      } else {
        events.dropPlanned(tenant, idempotencyKey, wait.runId(), wait.nodeId());
      }
    }
    if (replayed) {
      ctx.header("Idempotent-Replayed", "true");
    }
    Requests.json(ctx, 202, Map.of("delivered", events.deliveredCount(tenant, idempotencyKey)));
  }

  /**
   * Delivers to one waiting node; returns false when it no longer waits.
   *
   * @throws ApiException 503 when Temporal does not answer (a retry with the same key finishes)
   */
  private boolean deliver(String tenant, EventWait wait, JsonNode payload) {
    JsonNode passed =
        payloads.offload(
            new RunRef(tenant, wait.workflowId(), wait.workflowVersion(), wait.runId()),
            "event:" + wait.nodeId() + ":" + Ids.next(""),
            payload);
    try {
      temporal
          .newWorkflowStub(GraphWorkflow.class, wait.temporalWorkflowId())
          .deliverEvent(new NodeInput(wait.nodeId(), passed));
      return true;
    } catch (WorkflowUpdateException | WorkflowNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      LOG.warn("could not deliver an event to run {}: {}", wait.runId(), e.toString());
      throw ApiException.unavailable("Temporal is unreachable; try again shortly.", 5);
    }
  }
}

package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.http.ApiException;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.NodeInput;
import io.flowd.model.Ids;
import io.flowd.model.RunRef;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.runs.Fingerprints;
import io.flowd.store.Database;
import io.flowd.store.EventDao;
import io.flowd.store.EventWait;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to the {@code wait_for_event} nodes of the tenant's open runs: chooses the waits
 * once per idempotency key, records each delivery, and talks to Temporal.
 */
public final class EventService {
  private static final Logger LOG = LoggerFactory.getLogger(EventService.class);

  private final Database database;
  private final WorkflowClient temporal;
  private final PayloadStore payloads;

  public EventService(Database database, WorkflowClient temporal) {
    this.database = database;
    this.temporal = temporal;
    this.payloads = new PayloadStore(database);
  }

  /**
   * What a send did.
   *
   * @param delivered the waits reached, in total for the idempotency key
   * @param replayed whether the key was used before
   */
  public record Sent(int delivered, boolean replayed) {}

  /**
   * Hands {@code payload} to every node waiting on {@code key}; with an {@code idempotencyKey}, to
   * the waits chosen when the key was first used ({@code body} is the request, fingerprinted).
   */
  public Sent send(
      String tenant, String key, JsonNode payload, UUID idempotencyKey, JsonNode body) {
    EventDao events = database.dao(EventDao.class);
    if (idempotencyKey == null) {
      int delivered = 0;
      for (EventWait wait : events.waiting(tenant, key)) {
        if (deliver(tenant, wait, payload)) {
          delivered++;
        }
      }
      return new Sent(delivered, false);
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
    return new Sent(events.deliveredCount(tenant, idempotencyKey), replayed);
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

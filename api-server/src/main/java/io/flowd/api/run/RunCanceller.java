package io.flowd.api.run;

import io.flowd.api.http.ApiException;
import io.flowd.model.Run;
import io.flowd.store.Database;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels open runs. A run still {@code pending} that was never handed to Temporal is marked
 * cancelled in PostgreSQL (the outbox then never starts it); any other open run gets a Temporal
 * cancellation, and the interpreter records it as {@code cancelled} when its timers and activities
 * have stopped.
 */
public final class RunCanceller {
  private static final Logger LOG = LoggerFactory.getLogger(RunCanceller.class);

  private final Database database;
  private final WorkflowClient client;

  public RunCanceller(Database database, WorkflowClient client) {
    this.database = database;
    this.client = client;
  }

  /**
   * Cancels {@code run} of {@code tenantId}.
   *
   * @throws ApiException 409 when the run is already closed; 503 when Temporal cannot be asked
   */
  public void cancel(String tenantId, Run run) {
    if (run.status().isTerminal()) {
      throw closed(run);
    }
    if (database.dao(RunControlDao.class).cancelUndispatched(tenantId, run.id()) == 1) {
      // A start may be in flight; the dispatcher cancels what it started for a cancelled run too.
      cancelQuietly(client, run.temporalWorkflowId());
      return;
    }
    try {
      client.newUntypedWorkflowStub(run.temporalWorkflowId()).cancel();
    } catch (WorkflowNotFoundException gone) {
      RunDao runs = database.dao(RunDao.class);
      if (runs.finish(tenantId, run.id(), "cancelled", "Run was cancelled") == 0
          && runs.find(tenantId, run.id()).map(r -> r.status().isTerminal()).orElse(true)) {
        throw closed(run);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not cancel run {} on Temporal: {}", run.id(), e.toString());
      throw ApiException.unavailable("Temporal is unreachable; try the cancel again shortly.", 5);
    }
  }

  /** Requests cancellation of an execution, ignoring every failure (best effort). */
  static void cancelQuietly(WorkflowClient client, String temporalWorkflowId) {
    try {
      client.newUntypedWorkflowStub(temporalWorkflowId).cancel();
    } catch (RuntimeException e) {
      LOG.debug("no execution to cancel for {}: {}", temporalWorkflowId, e.toString());
    }
  }

  private static ApiException closed(Run run) {
    return ApiException.conflict(
        "run_closed", "Run " + run.id() + " is already " + run.status().json() + ".");
  }
}

package io.flowd.api.run;

import io.flowd.api.http.ApiException;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.runs.RunClosing;
import io.flowd.runs.TemporalCancels;
import io.flowd.store.Database;
import io.flowd.store.ReconcileDao;
import io.flowd.store.RunDao;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels open runs. A run still {@code pending} that was never handed to Temporal is marked
 * cancelled in PostgreSQL (the outbox then never starts it); any other open run gets a Temporal
 * cancellation, and the interpreter records it as {@code cancelled} when its timers and activities
 * have stopped; a run that has not stopped after the grace period is terminated and recorded {@code
 * cancelled} by the {@link RunReconciler}.
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
    if (RunClosing.cancelUndispatched(database, tenantId, run.id())) {
      // A start may be in flight; the dispatcher cancels what it started for a cancelled run too.
      TemporalCancels.cancelQuietly(client, run.temporalWorkflowId());
      return;
    }
    // Recorded first: past the grace period the reconciler terminates an execution that did not
    // stop (a workflow task that cannot make progress never sees the cancel) and records it.
    database.dao(ReconcileDao.class).requestCancel(tenantId, run.id());
    if (!requestCancel(client, run.temporalWorkflowId(), "try the cancel again shortly")) {
      if (!RunClosing.close(database, tenantId, run.id(), RunStatus.CANCELLED, "Run was cancelled")
          && database
              .dao(RunDao.class)
              .find(tenantId, run.id())
              .map(r -> r.status().isTerminal())
              .orElse(true)) {
        throw closed(run);
      }
    }
  }

  /**
   * Asks Temporal to cancel an execution; returns {@code false} when Temporal has no open execution
   * of that id.
   *
   * @param retryHint what the caller should do, for the 503's message
   * @throws ApiException 503 when Temporal cannot be asked
   */
  public static boolean requestCancel(
      WorkflowClient client, String temporalWorkflowId, String retryHint) {
    try {
      client.newUntypedWorkflowStub(temporalWorkflowId).cancel();
      return true;
    } catch (WorkflowNotFoundException gone) {
      return false;
    } catch (RuntimeException e) {
      LOG.warn("could not cancel {} on Temporal: {}", temporalWorkflowId, e.toString());
      throw ApiException.unavailable("Temporal is unreachable; " + retryHint + ".", 5);
    }
  }

  private static ApiException closed(Run run) {
    return ApiException.conflict(
        "run_closed", "Run " + run.id() + " is already " + run.status().json() + ".");
  }
}

package io.flowd.api.workflow;

import io.flowd.api.http.ApiException;
import io.flowd.api.run.RunCanceller;
import io.flowd.model.RunStatus;
import io.flowd.runs.RunClosing;
import io.flowd.store.Database;
import io.flowd.store.OpenRun;
import io.flowd.store.RunDao;
import io.flowd.store.WorkflowDao;
import io.temporal.client.WorkflowClient;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Deleting a workflow hides it and keeps its history: {@code DELETE /workflows/{id}} cancels its
 * open runs, stops its schedule and triggers and marks it deleted; its runs and logs stay readable
 * until their retention ends, and {@code POST /workflows/{id}/undelete} shows it again until then.
 * The purger drops a deleted workflow once it holds no runs and is past its retention.
 */
public final class WorkflowDeletion {
  private final Database database;
  private final WorkflowClient temporal;
  private final WorkflowChangeListener changes;

  public WorkflowDeletion(
      Database database, WorkflowClient temporal, WorkflowChangeListener changes) {
    this.database = database;
    this.temporal = temporal;
    this.changes = changes;
  }

  /**
   * Cancels the workflow's open runs through Temporal (a run never dispatched is only marked
   * cancelled), tells the listener, and hides the workflow, in one transaction that holds the
   * workflow row locked (so the listener must not write the row itself).
   *
   * @throws ApiException 404 when the tenant has no such workflow; 503 when Temporal cannot cancel
   *     an open run, and then nothing changed
   */
  public void delete(String tenant, String id) {
    database
        .jdbi()
        .useTransaction(
            (Handle h) -> {
              WorkflowDao dao = h.attach(WorkflowDao.class);
              if (dao.lockForChange(tenant, id).isEmpty()) {
                throw notFound(id);
              }
              RunDao runs = h.attach(RunDao.class);
              for (OpenRun run : runs.open(tenant, id)) {
                if (run.dispatched()) {
                  RunCanceller.requestCancel(
                      temporal,
                      run.temporalWorkflowId(),
                      "the workflow's open runs cannot be cancelled, so nothing was deleted; try"
                          + " again shortly");
                } else {
                  RunClosing.close(
                      h, tenant, run.id(), RunStatus.CANCELLED, "The workflow was deleted.");
                }
              }
              changes.deleted(tenant, id);
              dao.softDelete(tenant, id);
            });
  }

  /**
   * Shows a deleted workflow again and restarts its schedule and triggers.
   *
   * @throws ApiException 404 when the tenant has no such deleted workflow (never deleted, or past
   *     its retention); 409 when its key now names another workflow
   */
  public void undelete(String tenant, String id) {
    int restored;
    try {
      restored = database.dao(WorkflowDao.class).undelete(tenant, id);
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
        throw ApiException.conflict(
            "workflow_key_taken",
            "Workflow "
                + id
                + " cannot be restored: its key now names another workflow; change that"
                + " workflow's key first.");
      }
      throw e;
    }
    if (restored == 0) {
      throw ApiException.notFound(
          "Workflow "
              + id
              + " was not found among deleted workflows (still visible, or past its"
              + " retention).");
    }
    changes.saved(tenant, id);
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Workflow " + id + " was not found.");
  }
}

package io.flowd.runs;

import io.flowd.model.FlowControl;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.RunRef;
import io.flowd.model.RunStatus;
import io.flowd.model.Workflow;
import io.flowd.store.Database;
import io.flowd.store.LogRows;
import io.flowd.store.ReconcileDao;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import io.flowd.store.RunStatements;
import io.flowd.store.WorkflowDao;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one terminal status write of a run, however it ends (its interpreter, a cancel, a deletion,
 * the reconciler marking it lost, a start Temporal refused for good, a schedule's {@code
 * cancel_other}, a {@code cancel_oldest} admission). Nothing else sets a terminal status (checked
 * by the module rules). The write releases the run's concurrency slot (the slot is the open row)
 * and, in the same transaction, records the failure run of a failed run whose workflow has {@code
 * on_failure}: its id is derived from the failed run's id and inserted at most once, and the outbox
 * sweeper starts it, so a worker dying right after the failure loses nothing.
 */
public final class RunClosing {
  private static final Logger LOG = LoggerFactory.getLogger(RunClosing.class);

  private RunClosing() {}

  /**
   * Writes the terminal status; returns whether this call closed the run (false when it had already
   * ended).
   */
  public static boolean close(
      Handle h, String tenantId, String runId, RunStatus status, String errorMessage) {
    RunDao runs = h.attach(RunDao.class);
    return closed(
        h,
        tenantId,
        runId,
        status,
        errorMessage,
        runs.finish(tenantId, runId, status.json(), errorMessage));
  }

  /** Like {@link #close(Handle, String, String, RunStatus, String)}, in its own transaction. */
  public static boolean close(
      Database database, String tenantId, String runId, RunStatus status, String errorMessage) {
    return database
        .jdbi()
        .inTransaction((Handle h) -> close(h, tenantId, runId, status, errorMessage));
  }

  /**
   * Cancels a run Temporal was never given ({@code pending} and not dispatched, or {@code queued});
   * returns whether it did. The outbox and the queue then never start it.
   */
  public static boolean cancelUndispatched(Database database, String tenantId, String runId) {
    return database.dao(RunControlDao.class).cancelUndispatched(tenantId, runId) == 1;
  }

  /**
   * Cancels the children of {@code parentRunId} among {@code runIds} that never started (their
   * parent ended first); returns how many.
   */
  public static int cancelUnstartedChildren(
      Database database, String tenantId, String parentRunId, List<String> runIds, String reason) {
    return database
        .dao(ReconcileDao.class)
        .cancelUnstartedChildren(tenantId, parentRunId, runIds, reason);
  }

  /**
   * Like {@link #close(Handle, String, String, RunStatus, String)}, and records the run's result
   * ({@code outputJson}, or {@code null}); the run's waits end with it.
   */
  public static boolean close(
      Handle h,
      String tenantId,
      String runId,
      RunStatus status,
      String errorMessage,
      String outputJson) {
    RunDao runs = h.attach(RunDao.class);
    return closed(
        h,
        tenantId,
        runId,
        status,
        errorMessage,
        runs.finishWithOutput(tenantId, runId, status.json(), errorMessage, outputJson));
  }

  /**
   * Ends {@code run} like {@link #close(Handle, String, String, RunStatus, String, String)} and
   * upserts its last log rows ({@code rowsJson}, see {@link LogRows#json}) in the same statement:
   * in autocommit, which is atomic, unless the run failed, whose failure run is recorded in the
   * same transaction. Returns whether this call closed the run.
   */
  public static boolean closeWithLogs(
      Database database,
      RunRef run,
      RunStatus status,
      String errorMessage,
      String outputJson,
      String rowsJson) {
    Database.ConnectionFunction<Integer> finish =
        c ->
            RunStatements.finishWithOutputAndLogs(
                c,
                run.tenantId(),
                run.runId(),
                run.workflowId(),
                status.json(),
                errorMessage,
                outputJson,
                rowsJson);
    if (status != RunStatus.FAILED) {
      return database.withConnection(finish) > 0;
    }
    return database
        .jdbi()
        .inTransaction(
            h -> {
              int rows;
              try {
                rows = finish.apply(h.getConnection());
              } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
              }
              return closed(h, run.tenantId(), run.runId(), status, errorMessage, rows);
            });
  }

  private static boolean closed(
      Handle h, String tenantId, String runId, RunStatus status, String errorMessage, int rows) {
    if (rows == 0) {
      return false;
    }
    if (status == RunStatus.FAILED) {
      recordFailureRun(h, tenantId, runId, errorMessage);
    }
    return true;
  }

  /** Returns the id of the failure run of {@code failedRunId}. */
  public static String failureRunId(String failedRunId) {
    return Ids.derived(Ids.RUN, "failure-run:" + failedRunId);
  }

  private static void recordFailureRun(
      Handle h, String tenantId, String runId, String errorMessage) {
    RunDao runs = h.attach(RunDao.class);
    var failed = runs.find(tenantId, runId).orElse(null);
    if (failed == null || TriggerType.ON_FAILURE.json().equals(failed.triggerType())) {
      return;
    }
    String workflowId = runs.workflowIdOf(tenantId, runId).orElseThrow();
    WorkflowDao workflows = h.attach(WorkflowDao.class);
    Optional<Workflow> version =
        workflows.findVersion(tenantId, workflowId, failed.workflowVersion(), "");
    FlowControl.OnFailure onFailure = version.map(Workflow::onFailure).orElse(null);
    if (onFailure == null) {
      return;
    }
    Optional<Workflow> target = workflows.find(tenantId, onFailure.workflowId(), "");
    if (target.isEmpty()) {
      LOG.warn(
          "run {} failed but its failure workflow {} no longer exists; nothing started",
          runId,
          onFailure.workflowId());
      return;
    }
    String nodeId =
        h.createQuery(
                "SELECT node_id FROM run_logs WHERE tenant_id = :t AND run_id = :r"
                    + " AND status = 'error' ORDER BY seq DESC LIMIT 1")
            .bind("t", tenantId)
            .bind("r", runId)
            .mapTo(String.class)
            .findOne()
            .orElse(null);
    var payload =
        Json.object()
            .put("run_id", runId)
            .put("workflow_id", workflowId)
            .put("workflow_name", version.get().name())
            .put("node_id", nodeId)
            .put("error_message", errorMessage);
    RunEngine.recordInTransaction(
        h,
        RunRequest.of(tenantId, target.get(), TriggerType.ON_FAILURE, payload)
            .withRunId(failureRunId(runId)));
  }
}

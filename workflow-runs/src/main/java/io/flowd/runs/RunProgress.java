package io.flowd.runs;

import io.flowd.model.RunRef;
import io.flowd.store.Database;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import io.flowd.store.RunStatements;
import org.jdbi.v3.core.Handle;

/**
 * The open status writes of a run as its interpreter walks it: {@code pending} to {@code running},
 * {@code running} to {@code waiting} and back. Terminal statuses are {@link RunClosing}'s alone.
 */
public final class RunProgress {
  private RunProgress() {}

  /** Moves the run from {@code pending} to {@code running}. */
  public static void markRunning(Database database, RunRef run) {
    database.dao(RunDao.class).markRunning(run.tenantId(), run.runId());
  }

  /** Moves the run to {@code running} and upserts its first log rows in one statement. */
  public static void markRunningWithLogs(Database database, RunRef run, String rowsJson) {
    database.withConnection(
        c -> {
          RunStatements.markRunningWithLogs(
              c, run.tenantId(), run.runId(), run.workflowId(), rowsJson);
          return null;
        });
  }

  /** Moves the run from {@code running} to {@code waiting} on {@code h}. */
  public static void markWaiting(Handle h, RunRef run) {
    h.attach(RunControlDao.class).markWaiting(run.tenantId(), run.runId());
  }

  /** Moves the run from {@code waiting} back to {@code running} on {@code h}. */
  public static void markResumed(Handle h, RunRef run) {
    h.attach(RunControlDao.class).markResumed(run.tenantId(), run.runId());
  }
}

package io.flowd.worker.activity;

import io.flowd.store.Database;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Run status and workflow-side logs in PostgreSQL. */
public final class RunBookkeepingImpl implements RunBookkeeping {
  private final Database database;
  private final RunDao runs;

  public RunBookkeepingImpl(Database database) {
    this.database = database;
    this.runs = database.dao(RunDao.class);
  }

  @Override
  public void markRunning(RunRef run) {
    runs.markRunning(run.tenantId(), run.runId());
  }

  @Override
  public void writeLogs(RunRef run, List<LogEntry> entries) {
    database
        .jdbi()
        .useTransaction(
            (Handle h) -> new LogWriter(h.attach(RunLogDao.class)).writeAll(run, entries));
  }

  @Override
  public void finish(RunRef run, String status, String errorMessage) {
    runs.finish(run.tenantId(), run.runId(), status, errorMessage);
  }
}

package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.RunRef;
import io.flowd.nodes.payload.ClaimCheck;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.store.Database;
import io.flowd.store.EventDao;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Run status and workflow-side logs in PostgreSQL. */
public final class RunBookkeepingImpl implements RunBookkeeping {
  private final Database database;
  private final RunDao runs;
  private final RunControlDao control;
  private final PayloadStore payloads;

  public RunBookkeepingImpl(Database database) {
    this.database = database;
    this.runs = database.dao(RunDao.class);
    this.control = database.dao(RunControlDao.class);
    this.payloads = new PayloadStore(database);
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
            (Handle h) ->
                new LogWriter(h.attach(RunLogDao.class)).writeAll(run, resolved(run, entries)));
  }

  @Override
  public void finish(RunRef run, String status, String errorMessage) {
    runs.finish(run.tenantId(), run.runId(), status, errorMessage);
  }

  @Override
  public void markWaiting(RunRef run) {
    control.markWaiting(run.tenantId(), run.runId());
  }

  @Override
  public void markResumed(RunRef run) {
    control.markResumed(run.tenantId(), run.runId());
  }

  @Override
  public void openEventWait(RunRef run, String nodeId, String key, long expiresAtMillis) {
    database
        .dao(EventDao.class)
        .openWait(
            run.tenantId(),
            run.runId(),
            nodeId,
            key,
            java.time.Instant.ofEpochMilli(expiresAtMillis));
  }

  @Override
  public void closeEventWait(RunRef run, String nodeId) {
    database.dao(EventDao.class).closeWait(run.tenantId(), run.runId(), nodeId);
  }

  @Override
  public JsonNode offload(RunRef run, String owner, JsonNode value) {
    try {
      return payloads.offload(run, owner, value);
    } catch (NodeFailure failure) {
      throw ApplicationFailure.newNonRetryableFailure(failure.getMessage(), failure.type());
    }
  }

  /** Logs show the values themselves, not claim-check references. */
  private List<LogEntry> resolved(RunRef run, List<LogEntry> entries) {
    return entries.stream()
        .map(
            e ->
                ClaimCheck.isRef(e.output())
                    ? new LogEntry(
                        e.nodeId(),
                        e.componentId(),
                        e.status(),
                        payloads.resolve(run.tenantId(), e.output()),
                        e.attempt(),
                        e.durationMs(),
                        e.handle())
                    : e)
        .toList();
  }
}

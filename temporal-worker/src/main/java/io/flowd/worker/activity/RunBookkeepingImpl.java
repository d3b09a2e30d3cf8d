package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.RunRef;
import io.flowd.nodes.payload.ClaimCheck;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.store.Database;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/** Run status and workflow-side logs in PostgreSQL. */
public final class RunBookkeepingImpl implements RunBookkeeping {
  private final RunDao runs;
  private final RunControlDao control;
  private final PayloadStore payloads;
  private final LogWriter logs;

  public RunBookkeepingImpl(Database database) {
    this.logs = new LogWriter(database.dao(RunLogDao.class));
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
    // One JDBC batch in autocommit: every row is an idempotent upsert, so a retried flush rewrites
    // the same rows, and the batch returns only once PostgreSQL has committed them. No BEGIN and
    // COMMIT round trips around it.
    logs.writeAll(run, resolved(run, entries));
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

package io.flowd.worker.activity;

import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.store.RunLogDao;
import java.util.List;

/** Writes node logs; upserts keyed by run, node and attempt. */
public final class LogWriter {
  private final RunLogDao logs;

  public LogWriter(RunLogDao logs) {
    this.logs = logs;
  }

  /** Upserts one log row. */
  public void write(RunRef run, LogEntry entry) {
    logs.upsert(
        run.tenantId(),
        Ids.next(Ids.LOG),
        run.runId(),
        run.workflowId(),
        entry.nodeId(),
        entry.componentId(),
        entry.status(),
        entry.output() == null ? null : Json.write(entry.output()),
        entry.attempt(),
        entry.durationMs());
  }

  /** Upserts log rows in order. */
  public void writeAll(RunRef run, List<LogEntry> entries) {
    entries.forEach(entry -> write(run, entry));
  }
}

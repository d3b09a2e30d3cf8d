package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.RunRef;
import io.flowd.store.LogRows;
import io.flowd.store.NewRunLog;
import io.flowd.store.RunLogDao;
import java.util.List;
import java.util.Optional;

/** Writes node logs; upserts keyed by run, node and attempt. */
public final class LogWriter {
  private final RunLogDao logs;

  public LogWriter(RunLogDao logs) {
    this.logs = logs;
  }

  /** Upserts one log row. */
  public void write(RunRef run, LogEntry entry) {
    logs.upsert(run.tenantId(), row(run, entry));
  }

  /** Returns the output an earlier attempt of the node logged with {@code success}, if any. */
  public Optional<JsonNode> successOutput(RunRef run, String nodeId) {
    return logs.successOutput(run.tenantId(), run.runId(), nodeId).map(Json::parse);
  }

  /** Upserts log rows in order, in one batch. */
  public void writeAll(RunRef run, List<LogEntry> entries) {
    if (entries.size() == 1) {
      write(run, entries.get(0));
      return;
    }
    logs.upsertAll(run.tenantId(), entries.stream().map(e -> row(run, e)).toList());
  }

  /** Returns {@code entries} as the JSON rows one statement upserts ({@link LogRows#json}). */
  public static String rowsJson(RunRef run, List<LogEntry> entries) {
    return LogRows.json(entries.stream().map(e -> row(run, e)).toList());
  }

  private static NewRunLog row(RunRef run, LogEntry entry) {
    return new NewRunLog(
        Ids.next(Ids.LOG),
        run.runId(),
        run.workflowId(),
        entry.nodeId(),
        entry.componentId(),
        entry.status(),
        entry.output(),
        entry.attempt(),
        entry.durationMs(),
        entry.handle());
  }
}

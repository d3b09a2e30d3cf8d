package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.RunRef;
import io.flowd.nodes.payload.ClaimCheck;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.runs.RunProgress;
import io.flowd.store.Database;
import io.flowd.store.LogRows;
import io.flowd.store.NewRunLog;
import io.flowd.store.RunLogDao;
import io.flowd.store.RunStatements;
import java.util.List;
import java.util.Optional;

/** Writes node logs; upserts keyed by run, node and attempt, each call in one statement. */
public final class LogWriter {
  private final Database database;
  private final RunLogDao logs;

  public LogWriter(Database database) {
    this.database = database;
    this.logs = database.dao(RunLogDao.class);
  }

  /** Upserts one log row. */
  public void write(RunRef run, LogEntry entry) {
    writeAll(run, List.of(entry));
  }

  /** Returns the output an earlier attempt of the node logged with {@code success}, if any. */
  public Optional<JsonNode> successOutput(RunRef run, String nodeId) {
    return logs.successOutput(run.tenantId(), run.runId(), nodeId).map(Json::parse);
  }

  /** Upserts log rows in order, in one statement. */
  public void writeAll(RunRef run, List<LogEntry> entries) {
    String rows = rowsJson(run, entries);
    database.withConnection(
        c -> {
          RunStatements.upsertRows(c, run.tenantId(), run.runId(), run.workflowId(), rows);
          return null;
        });
  }

  /**
   * Marks the run running and upserts its first logs in one statement, the run's first write
   * ({@link RunBookkeeping#begin}).
   */
  public void begin(RunRef run, List<LogEntry> entries) {
    RunProgress.markRunningWithLogs(database, run, rowsJson(run, entries));
  }

  /**
   * Returns {@code entries} with claim-checked outputs resolved: logs show the values themselves.
   */
  public static List<LogEntry> resolved(PayloadStore payloads, RunRef run, List<LogEntry> entries) {
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
                        e.handle(),
                        e.console())
                    : e)
        .toList();
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
        entry.handle(),
        entry.console());
  }
}

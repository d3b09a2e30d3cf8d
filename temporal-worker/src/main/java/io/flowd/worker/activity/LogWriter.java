package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.RunRef;
import io.flowd.store.RunLogDao;
import java.util.ArrayList;
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
        entry.durationMs(),
        entry.handle());
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
    List<String> ids = new ArrayList<>();
    List<String> nodeIds = new ArrayList<>();
    List<String> componentIds = new ArrayList<>();
    List<String> statuses = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    List<Integer> attempts = new ArrayList<>();
    List<Long> durations = new ArrayList<>();
    List<String> handles = new ArrayList<>();
    for (LogEntry entry : entries) {
      ids.add(Ids.next(Ids.LOG));
      nodeIds.add(entry.nodeId());
      componentIds.add(entry.componentId());
      statuses.add(entry.status());
      outputs.add(entry.output() == null ? null : Json.write(entry.output()));
      attempts.add(entry.attempt());
      durations.add(entry.durationMs());
      handles.add(entry.handle());
    }
    logs.upsertAll(
        run.tenantId(),
        ids,
        run.runId(),
        run.workflowId(),
        nodeIds,
        componentIds,
        statuses,
        outputs,
        attempts,
        durations,
        handles);
  }
}

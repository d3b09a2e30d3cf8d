package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowd.model.Json;
import io.flowd.model.RunRef;
import io.flowd.model.RunStatus;
import io.flowd.model.expression.ExpressionException;
import io.flowd.model.template.TemplateScope;
import io.flowd.model.template.Templates;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.vault.SecretMask;
import io.flowd.nodes.vault.VaultReferences;
import io.flowd.runs.RunClosing;
import io.flowd.runs.RunProgress;
import io.flowd.store.Database;
import io.flowd.store.EventDao;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Run status and workflow-side logs in PostgreSQL. */
public final class RunBookkeepingImpl implements RunBookkeeping {
  private final Database database;
  private final RunDao runs;
  private final RunControlDao control;
  private final PayloadStore payloads;
  private final LogWriter logs;

  public RunBookkeepingImpl(Database database) {
    this.database = database;
    this.logs = new LogWriter(database);
    this.runs = database.dao(RunDao.class);
    this.control = database.dao(RunControlDao.class);
    this.payloads = new PayloadStore(database);
  }

  @Override
  public void markRunning(RunRef run) {
    RunProgress.markRunning(database, run);
  }

  @Override
  public void begin(RunRef run, List<LogEntry> entries) {
    String rows = LogWriter.rowsJson(run, resolved(run, entries));
    RunProgress.markRunningWithLogs(database, run, rows);
  }

  @Override
  public void completeWithLogs(
      RunRef run, List<LogEntry> entries, String status, String errorMessage, JsonNode output) {
    String outputJson = output == null ? null : Json.write(output);
    String rows = LogWriter.rowsJson(run, resolved(run, entries));
    RunClosing.closeWithLogs(
        database, run, RunStatus.fromJson(status), errorMessage, outputJson, rows);
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
    database
        .jdbi()
        .useTransaction(
            (Handle h) ->
                RunClosing.close(
                    h, run.tenantId(), run.runId(), RunStatus.fromJson(status), errorMessage));
  }

  @Override
  public void markWaiting(RunRef run) {
    database.jdbi().useHandle(h -> RunProgress.markWaiting(h, run));
  }

  @Override
  public void markResumed(RunRef run) {
    database.jdbi().useHandle(h -> RunProgress.markResumed(h, run));
  }

  @Override
  public void complete(RunRef run, String status, String errorMessage, JsonNode output) {
    String outputJson = output == null ? null : Json.write(output);
    database
        .jdbi()
        .useTransaction(
            (Handle h) ->
                RunClosing.close(
                    h,
                    run.tenantId(),
                    run.runId(),
                    RunStatus.fromJson(status),
                    errorMessage,
                    outputJson));
  }

  @Override
  public void updateWaits(RunRef run, List<WaitEntry> opened, List<String> closed, String status) {
    List<String> prompts = new ArrayList<>();
    for (WaitEntry wait : opened) {
      prompts.add(prompt(run.tenantId(), wait));
    }
    database
        .jdbi()
        .useTransaction(
            (Handle h) -> {
              RunControlDao dao = h.attach(RunControlDao.class);
              for (int k = 0; k < opened.size(); k++) {
                WaitEntry wait = opened.get(k);
                dao.openWait(
                    run.tenantId(),
                    run.runId(),
                    wait.nodeId(),
                    prompts.get(k),
                    OffsetDateTime.ofInstant(
                        Instant.ofEpochMilli(wait.expiresAtMillis()), ZoneOffset.UTC));
              }
              for (String nodeId : closed) {
                dao.closeWait(run.tenantId(), run.runId(), nodeId);
              }
              if ("waiting".equals(status)) {
                RunProgress.markWaiting(h, run);
              } else if ("running".equals(status)) {
                RunProgress.markResumed(h, run);
              }
            });
  }

  /**
   * Renders a wait's prompt with the run's data, claim-checked values resolved; a vault template
   * renders {@code ***}, since no secret is read here.
   */
  private String prompt(String tenantId, WaitEntry wait) {
    if (wait.prompt() == null || wait.prompt().isNull()) {
      return null;
    }
    Map<String, JsonNode> scope = payloads.resolveAll(tenantId, wait.scope());
    ObjectNode vault = Json.object();
    VaultReferences.names(wait.prompt()).forEach(name -> vault.put(name, SecretMask.MASK));
    JsonNode rendered;
    try {
      rendered =
          Templates.render(
              wait.prompt(),
              TemplateScope.at(
                  System.currentTimeMillis(),
                  root -> "vault".equals(root) ? vault : scope.get(root)));
    } catch (ExpressionException e) {
      // A prompt is shown to people; a failing expression must not fail the run's bookkeeping.
      rendered = TextNode.valueOf("(the prompt's expression failed: " + e.getMessage() + ")");
    }
    if (rendered == null || rendered.isNull()) {
      return null;
    }
    return rendered.isTextual() ? rendered.asText() : Json.write(rendered);
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
    return LogWriter.resolved(payloads, run, entries);
  }
}

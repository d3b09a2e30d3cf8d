package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.workflow.WorkflowController;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.ValidationError;
import io.flowd.model.Workflow;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.runs.RunEngine;
import io.flowd.runs.RunRequest;
import io.flowd.runs.TriggerType;
import io.flowd.store.Database;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.javalin.http.Context;
import io.temporal.client.WorkflowClient;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /workflows/sync/{id}}: starts a run ({@code trigger_type: "api"}, the body is the
 * trigger payload) exactly like execute, then waits up to {@code timeout_seconds} for it to end. A
 * completed run answers its last node's output; a failed or cancelled run answers 200 with that
 * status, output {@code null} and the run's {@code error_message}; a run that outlasts the wait
 * answers 504 naming it, and goes on.
 */
public final class SyncController {
  private static final int DEFAULT_TIMEOUT = 30;
  private static final int MAX_TIMEOUT = 300;
  private static final long POLL_MILLIS = 200;

  private final Database database;
  private final WorkflowService workflows;
  private final RunEngine engine;
  private final WorkflowClient temporal;

  public SyncController(
      Database database, WorkflowService workflows, RunEngine engine, WorkflowClient temporal) {
    this.database = database;
    this.workflows = workflows;
    this.engine = engine;
    this.temporal = temporal;
  }

  /** Starts the run and answers how it ended, or 504 with its id. */
  public void sync(Context ctx) throws InterruptedException {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    int timeout = timeoutSeconds(ctx.queryParam("timeout_seconds"));
    UUID key = RunController.idempotencyKey(ctx);
    JsonNode payload = WorkflowController.body(ctx);
    if (!payload.isObject()) {
      throw ApiException.unprocessable(
          "invalid_request",
          "The body must be a JSON object: the trigger payload.",
          List.of(new ValidationError("invalid_type", "body", "the body must be an object")));
    }
    if (Json.write(payload).getBytes(StandardCharsets.UTF_8).length
        > RunController.MAX_CONTEXT_BYTES) {
      throw ApiException.unprocessable(
          "invalid_request",
          "The trigger payload is larger than 256 KiB.",
          List.of(new ValidationError("too_large", "body", "the body must be at most 256 KiB")));
    }
    Workflow workflow = workflows.load(principal, id);
    RunOutcomes.Accepted started =
        RunOutcomes.accepted(
            engine.start(
                RunRequest.of(principal.tenantId(), workflow, TriggerType.SYNC, payload)
                    .withIdempotencyKey(key, payload)));
    Run run = started.run();
    if (started.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
      Requests.json(
          ctx,
          202,
          run.withDetails(
              workflows.snapshot(principal, id, run.workflowVersion()),
              database.dao(RunLogDao.class).forRun(principal.tenantId(), run.id())));
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
    try {
      RunResult result =
          temporal
              .newUntypedWorkflowStub(run.temporalWorkflowId())
              .getResult(timeout, TimeUnit.SECONDS, RunResult.class);
      JsonNode output = new PayloadStore(database).resolve(principal.tenantId(), result.output());
      Requests.json(ctx, 200, answer(run.id(), result.status(), output, null));
      return;
    } catch (TimeoutException outlasted) {
      throw outlasted(run);
    } catch (RuntimeException notCompleted) {
      // Failed, cancelled, or Temporal cannot tell (down, not started yet): PostgreSQL decides.
    }
    Requests.json(ctx, 200, fromStore(principal.tenantId(), run, deadline));
  }

  private Map<String, Object> fromStore(String tenantId, Run run, long deadline)
      throws InterruptedException {
    RunDao runs = database.dao(RunDao.class);
    while (true) {
      Run now = runs.find(tenantId, run.id()).orElseThrow();
      if (now.status().isTerminal()) {
        JsonNode output = now.output();
        if (output == null && now.status() == io.flowd.model.RunStatus.COMPLETED) {
          // A run that ended before runs recorded their result.
          for (RunLog log : database.dao(RunLogDao.class).forRun(tenantId, run.id())) {
            if ("success".equals(log.status())) {
              output = log.output();
            }
          }
        }
        return answer(run.id(), now.status().json(), output, now.errorMessage());
      }
      if (System.nanoTime() >= deadline) {
        throw outlasted(run);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private static Map<String, Object> answer(
      String runId, String status, JsonNode output, String errorMessage) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", runId);
    body.put("status", status);
    body.put("output", output);
    body.put("error_message", errorMessage);
    return body;
  }

  private static ApiException outlasted(Run run) {
    return ApiException.syncTimeout(
        "Run " + run.id() + " did not finish within the wait; it goes on.", run.id());
  }

  private static int timeoutSeconds(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_TIMEOUT;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= 1 && value <= MAX_TIMEOUT) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.unprocessable(
        "invalid_query",
        "timeout_seconds must be an integer from 1 to " + MAX_TIMEOUT + ".",
        List.of(
            new ValidationError(
                "invalid_value",
                "timeout_seconds",
                "timeout_seconds must be an integer from 1 to " + MAX_TIMEOUT)));
  }
}

package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.Workflow;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.runs.RunEngine;
import io.flowd.runs.RunRequest;
import io.flowd.runs.TriggerType;
import io.flowd.store.Database;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.temporal.client.WorkflowClient;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a sync run ({@code trigger_type: "sync"}) through the run engine and waits for its end:
 * Temporal's result first, then PostgreSQL, which decides for failed and cancelled runs.
 */
public final class SyncService {
  private static final long POLL_MILLIS = 200;

  private final Database database;
  private final WorkflowService workflows;
  private final RunEngine engine;
  private final WorkflowClient temporal;

  public SyncService(
      Database database, WorkflowService workflows, RunEngine engine, WorkflowClient temporal) {
    this.database = database;
    this.workflows = workflows;
    this.engine = engine;
    this.temporal = temporal;
  }

  /**
   * How a run ended.
   *
   * @param status the terminal status's JSON name
   * @param output the last node's output, or {@code null}
   */
  public record Ended(String runId, String status, JsonNode output, String errorMessage) {}

  /** Starts (or replays) the run of workflow {@code id}; 404 when the workflow is gone. */
  public RunOutcomes.Accepted start(Principal principal, String id, UUID key, JsonNode payload) {
    Workflow workflow = workflows.load(principal, id);
    return RunOutcomes.accepted(
        engine.start(
            RunRequest.of(principal.tenantId(), workflow, TriggerType.SYNC, payload)
                .withIdempotencyKey(key, payload)));
  }

  /** Returns a run of workflow {@code id} with its workflow snapshot and logs. */
  public Run withDetails(Principal principal, String id, Run run) {
    return run.withDetails(
        workflows.snapshot(principal, id, run.workflowVersion()),
        database.dao(RunLogDao.class).forRun(principal.tenantId(), run.id()));
  }

  /**
   * Waits up to {@code timeoutSeconds} for the run to end.
   *
   * @throws ApiException 504 when the run outlasts the wait
   */
  public Ended await(String tenantId, Run run, int timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try {
      RunResult result =
          temporal
              .newUntypedWorkflowStub(run.temporalWorkflowId())
              .getResult(timeoutSeconds, TimeUnit.SECONDS, RunResult.class);
      JsonNode output = new PayloadStore(database).resolve(tenantId, result.output());
      return new Ended(run.id(), result.status(), output, null);
    } catch (TimeoutException outlasted) {
      throw outlasted(run);
    } catch (RuntimeException notCompleted) {
      // Failed, cancelled, or Temporal cannot tell (down, not started yet): PostgreSQL decides.
    }
    return fromStore(tenantId, run, deadline);
  }

  private Ended fromStore(String tenantId, Run run, long deadline) throws InterruptedException {
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
        return new Ended(run.id(), now.status().json(), output, now.errorMessage());
      }
      if (System.nanoTime() >= deadline) {
        throw outlasted(run);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private static ApiException outlasted(Run run) {
    return ApiException.syncTimeout(
        "Run " + run.id() + " did not finish within the wait; it goes on.", run.id());
  }
}

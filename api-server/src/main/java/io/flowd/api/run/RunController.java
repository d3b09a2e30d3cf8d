package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.ValidationError;
import io.flowd.model.Workflow;
import io.flowd.runs.RunEngine;
import io.flowd.runs.RunRequest;
import io.flowd.runs.TriggerType;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Starting runs ({@code POST /workflows/{id}/execute}) and reading them. */
public final class RunController implements RouteGroup {
  /** Largest execute {@code context}, serialised. */
  public static final int MAX_CONTEXT_BYTES = 256 * 1024;

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final WorkflowService workflows;
  private final RunService runs;
  private final RunEngine engine;

  public RunController(WorkflowService workflows, RunService runs, RunEngine engine) {
    this.workflows = workflows;
    this.runs = runs;
    this.engine = engine;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/workflows/runs/{runId}", this::get);
    routes.post("/workflows/{id}/execute", this::execute);
  }

  /** {@code POST /workflows/{id}/execute}: 202 with the run. */
  public void execute(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    UUID key = idempotencyKey(ctx);
    JsonNode body = Requests.body(ctx);
    if (!body.isObject()) {
      throw ApiException.unprocessable(
          "invalid_request",
          "The body must be a JSON object.",
          List.of(new ValidationError("invalid_type", "", "the body must be an object")));
    }
    JsonNode context = body.get("context");
    if (context == null || context.isNull()) {
      context = Json.object();
    } else if (!context.isObject()) {
      throw ApiException.unprocessable(
          "invalid_request",
          "context must be a JSON object.",
          List.of(new ValidationError("invalid_type", "context", "context must be an object")));
    } else if (Json.write(context).getBytes(StandardCharsets.UTF_8).length > MAX_CONTEXT_BYTES) {
      throw ApiException.unprocessable(
          "invalid_request",
          "context is larger than 256 KiB.",
          List.of(new ValidationError("too_large", "context", "context must be at most 256 KiB")));
    }
    Workflow workflow = workflows.load(principal, id);
    RunOutcomes.Accepted started =
        RunOutcomes.accepted(
            engine.start(
                RunRequest.of(principal.tenantId(), workflow, TriggerType.MANUAL, context)
                    .withIdempotencyKey(key, body)));
    if (started.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    Run run =
        started.replayed()
            ? runs.withDetails(principal, started.run(), id)
            : started.run().withDetails(workflows.asRunSnapshot(principal, workflow), List.of());
    Requests.json(ctx, 202, run);
  }

  /** {@code GET /workflows/runs/{runId}}: the run with its workflow snapshot and logs. */
  public void get(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String runId = Requests.pathId(ctx, "runId", Ids.RUN, "Run");
    Requests.json(ctx, 200, runs.read(principal, runId));
  }

  public static UUID idempotencyKey(Context ctx) {
    String header = ctx.header("Idempotency-Key");
    if (header == null) {
      return null;
    }
    if (!UUID_TEXT.matcher(header.trim()).matches()) {
      throw ApiException.badRequest(
          "invalid_idempotency_key", "The Idempotency-Key header must be a UUID.");
    }
    return UUID.fromString(header.trim());
  }
}

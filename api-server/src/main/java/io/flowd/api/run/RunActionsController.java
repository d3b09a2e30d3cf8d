package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.Ids;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.model.ValidationError;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Actions on existing runs: cancel, resume from a node, rerun from the trigger, and the bulk cancel
 * and rerun of a workflow's runs. New runs start through the run engine ({@code RunEngine}), so
 * concurrency limits hold for them too.
 */
public final class RunActionsController implements RouteGroup {
  /** The open statuses, which a bulk cancel takes. */
  private static final List<String> OPEN = statuses(false);

  /** The closed (terminal) statuses, which a bulk rerun takes. */
  private static final List<String> CLOSED = statuses(true);

  private final RunService runs;
  private final RunActionService actions;

  public RunActionsController(RunService runs, RunActionService actions) {
    this.runs = runs;
    this.actions = actions;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/workflows/runs/{runId}/cancel", this::cancel);
    routes.post("/workflows/runs/{runId}/resume-from/{nodeId}", this::resumeFrom);
    routes.post("/workflows/runs/{runId}/rerun", this::rerun);
    routes.post("/workflows/{id}/runs/cancel", this::bulkCancel);
    routes.post("/workflows/{id}/runs/rerun", this::bulkRerun);
  }

  /** {@code POST /workflows/runs/{runId}/cancel}: 202 with the run; 409 when already closed. */
  public void cancel(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Run run = load(principal, ctx);
    Requests.json(ctx, 202, withDetails(principal, actions.cancel(principal, run)));
  }

  /**
   * {@code POST /workflows/runs/{runId}/resume-from/{nodeId}?version=run|latest}: a new run of a
   * failed or cancelled run's trigger payload that starts at the node with the outputs its upstream
   * nodes had (a resumed run's restored outputs count too), in the run's workflow version or the
   * current one; 202 {@code {"message", "new_run"}}.
   */
  public void resumeFrom(Context ctx) {
    Principal principal = Requests.principal(ctx);
    boolean latest = latestVersion(ctx);
    Run old = load(principal, ctx);
    String nodeId = ctx.pathParam("nodeId");
    Run now = actions.resume(principal, old, nodeId, latest);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "message",
        "Run " + old.id() + " resumed from node " + nodeId + " as run " + now.id() + ".");
    body.put("new_run", withDetails(principal, now));
    Requests.json(ctx, 202, body);
  }

  /**
   * {@code POST /workflows/runs/{runId}/rerun?version=run|latest}: a new run from the trigger with
   * the closed run's trigger payload; 202 {@code {"message", "new_run"}}.
   */
  public void rerun(Context ctx) {
    Principal principal = Requests.principal(ctx);
    boolean latest = latestVersion(ctx);
    Run old = load(principal, ctx);
    Run now = actions.rerun(principal, old, latest);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", "Run " + old.id() + " re-run from its trigger as run " + now.id() + ".");
    body.put("new_run", withDetails(principal, now));
    Requests.json(ctx, 202, body);
  }

  /**
   * {@code POST /workflows/{id}/runs/cancel} {@code {"status": [...]}}: cancels the workflow's open
   * runs with those statuses, oldest first, at most {@value RunActionService#BULK_LIMIT}; 202
   * {@code {"runs": n}}.
   */
  public void bulkCancel(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    JsonNode body = Requests.body(ctx);
    List<ValidationError> errors = new ArrayList<>();
    List<String> statuses = new ArrayList<>();
    JsonNode given = body.get("status");
    if (given == null || !given.isArray() || given.isEmpty()) {
      errors.add(
          new ValidationError(
              given == null ? "required" : "invalid_type",
              "status",
              "status must be a non-empty array of open statuses (" + OPEN + ")"));
    } else {
      for (int i = 0; i < given.size(); i++) {
        JsonNode s = given.get(i);
        if (!s.isTextual() || !OPEN.contains(s.asText())) {
          errors.add(
              new ValidationError(
                  "invalid_value", "status[" + i + "]", "status must be one of " + OPEN));
        } else {
          statuses.add(s.asText());
        }
      }
    }
    unknownFields(body, List.of("status"), errors);
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable("invalid_request", "The bulk cancel is not valid.", errors);
    }
    int cancelled = actions.bulkCancel(principal, id, statuses);
    Requests.json(ctx, 202, Map.of("runs", cancelled));
  }

  /**
   * {@code POST /workflows/{id}/runs/rerun} {@code {"status": "failed", "since": ts}}: re-runs the
   * workflow's closed runs with that status (created at or after {@code since}), oldest first, at
   * most {@value RunActionService#BULK_LIMIT}; 202 {@code {"runs": n}}.
   */
  public void bulkRerun(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    boolean latest = latestVersion(ctx);
    JsonNode body = Requests.body(ctx);
    List<ValidationError> errors = new ArrayList<>();
    JsonNode status = body.get("status");
    String wanted = "failed";
    if (status != null && !status.isNull()) {
      if (!status.isTextual() || !CLOSED.contains(status.asText())) {
        errors.add(
            new ValidationError("invalid_value", "status", "status must be one of " + CLOSED));
      } else {
        wanted = status.asText();
      }
    }
    Instant since = null;
    JsonNode sinceValue = body.get("since");
    if (sinceValue != null && !sinceValue.isNull()) {
      try {
        since = Instant.parse(sinceValue.asText());
      } catch (RuntimeException e) {
        errors.add(
            new ValidationError(
                "invalid_value", "since", "since must be an RFC 3339 timestamp in UTC"));
      }
      if (!sinceValue.isTextual()) {
        errors.add(new ValidationError("invalid_type", "since", "since must be a string"));
      }
    }
    unknownFields(body, List.of("status", "since"), errors);
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable("invalid_request", "The bulk rerun is not valid.", errors);
    }
    int started = actions.bulkRerun(principal, id, wanted, since, latest);
    Requests.json(ctx, 202, Map.of("runs", started));
  }

  private static boolean latestVersion(Context ctx) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!"version".equals(name)) {
        throw ApiException.badRequest("invalid_query", "Unknown query parameter " + name + ".");
      }
    }
    String version = ctx.queryParam("version");
    if (version == null || "run".equals(version)) {
      return false;
    }
    if ("latest".equals(version)) {
      return true;
    }
    throw ApiException.badRequest(
        "invalid_query", "version must be run or latest, not " + version + ".");
  }

  private static void unknownFields(
      JsonNode body, List<String> known, List<ValidationError> errors) {
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                errors.add(new ValidationError("invalid_value", f, "unknown field " + f));
              }
            });
  }

  private static List<String> statuses(boolean terminal) {
    return Arrays.stream(RunStatus.values())
        .filter(s -> s.isTerminal() == terminal)
        .map(RunStatus::json)
        .toList();
  }

  private Run load(Principal principal, Context ctx) {
    return runs.find(principal, Requests.pathId(ctx, "runId", Ids.RUN, "Run"));
  }

  private Run withDetails(Principal principal, Run run) {
    return runs.withDetails(principal, run);
  }
}

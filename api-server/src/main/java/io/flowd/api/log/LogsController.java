package io.flowd.api.log;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.Page;
import io.flowd.api.workflow.WorkflowController;
import io.flowd.model.Ids;
import io.flowd.model.ValidationError;
import io.flowd.store.Database;
import io.flowd.store.RunCounts;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.flowd.store.StatusCount;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Node logs: a workflow's logs, the tenant's newest logs, and a workflow's log statistics. */
public final class LogsController {
  /** The statuses a log can have. */
  public static final List<String> LOG_STATUSES = List.of("success", "error", "warning");

  private static final int DEFAULT_RECENT = 50;
  private static final int MAX_RECENT = 100;

  private final Database database;
  private final WorkflowController workflows;

  public LogsController(Database database, WorkflowController workflows) {
    this.database = database;
    this.workflows = workflows;
  }

  /** {@code GET /workflows/{id}/logs?run_id=&node_id=&status=&since=}: a page, newest first. */
  public void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    List<ValidationError> errors = new ArrayList<>();
    String runId = ctx.queryParam("run_id");
    if (runId != null && !Ids.matches(Ids.RUN, runId)) {
      errors.add(
          new ValidationError("invalid_value", "run_id", "run_id must be a run id (fl_run_…)."));
    }
    String nodeId = ctx.queryParam("node_id");
    String status = ctx.queryParam("status");
    if (status != null && !LOG_STATUSES.contains(status)) {
      errors.add(
          new ValidationError(
              "invalid_value",
              "status",
              "status must be one of " + String.join(", ", LOG_STATUSES) + "."));
    }
    Instant since = since(ctx.queryParam("since"), errors);
    Page.Request request = Page.request(ctx, errors);
    Page.throwIfAny(errors);
    workflows.load(principal, id);
    RunLogDao logs = database.dao(RunLogDao.class);
    String tenant = principal.tenantId();
    Requests.json(
        ctx,
        200,
        Page.of(
            ctx,
            request,
            logs.page(
                tenant, id, runId, nodeId, status, since, request.perPage(), request.offset()),
            logs.count(tenant, id, runId, nodeId, status, since)));
  }

  /** {@code GET /workflows/logs/recent?limit=50}: the tenant's newest logs, newest first. */
  public void recent(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String text = ctx.queryParam("limit");
    int limit = DEFAULT_RECENT;
    if (text != null) {
      long value;
      try {
        value = Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        value = -1;
      }
      if (value < 1 || value > MAX_RECENT) {
        Page.throwIfAny(
            List.of(
                new ValidationError(
                    "out_of_range",
                    "limit",
                    "limit must be an integer between 1 and " + MAX_RECENT + ".")));
      }
      limit = (int) value;
    }
    Requests.json(
        ctx,
        200,
        Map.of("data", database.dao(RunLogDao.class).recent(principal.tenantId(), limit)));
  }

  /**
   * {@code GET /workflows/{id}/logs/stats}: log counts by status, completed and failed runs of the
   * last 30 days, all runs, and the percentage of the last 30 days' finished runs that completed.
   */
  public void stats(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    workflows.load(principal, id);
    String tenant = principal.tenantId();
    Map<String, Long> statuses = new LinkedHashMap<>();
    LOG_STATUSES.forEach(s -> statuses.put(s, 0L));
    for (StatusCount count : database.dao(RunLogDao.class).statusCounts(tenant, id)) {
      if (statuses.containsKey(count.status())) {
        statuses.put(count.status(), count.logs());
      }
    }
    RunCounts runs = database.dao(RunDao.class).counts(tenant, id);
    long finished = runs.recentCompleted() + runs.recentFailed();
    double rate =
        finished == 0 ? 0 : Math.round(runs.recentCompleted() * 10000.0 / finished) / 100.0;
    Map<String, Object> recent = new LinkedHashMap<>();
    recent.put("completed", runs.recentCompleted());
    recent.put("failed", runs.recentFailed());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("log_statuses", statuses);
    body.put("recent_runs", recent);
    body.put("total_runs", runs.total());
    body.put("success_rate", rate);
    Requests.json(ctx, 200, body);
  }

  private static Instant since(String text, List<ValidationError> errors) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(
          new ValidationError(
              "invalid_value",
              "since",
              "since must be an RFC 3339 timestamp, such as 2026-11-07T05:31:56Z."));
      return null;
    }
  }
}

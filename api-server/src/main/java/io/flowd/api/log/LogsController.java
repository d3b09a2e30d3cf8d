package io.flowd.api.log;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.Page;
import io.flowd.api.http.QueryParams;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.api.http.Slice;
import io.flowd.model.Ids;
import io.flowd.model.RunLog;
import io.flowd.store.LogFilter;
import io.flowd.store.RunCounts;
import io.flowd.store.StatusCount;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Node logs: a workflow's logs, the tenant's newest logs, and a workflow's log statistics. */
public final class LogsController implements RouteGroup {
  /** The statuses a log can have. */
  public static final List<String> LOG_STATUSES = List.of("success", "error", "warning");

  private static final int DEFAULT_RECENT = 50;
  private static final int MAX_RECENT = 100;

  private final LogService logs;

  public LogsController(LogService logs) {
    this.logs = logs;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/workflows/logs/recent", this::recent);
    routes.get("/workflows/{id}/logs", this::list);
    routes.get("/workflows/{id}/logs/stats", this::stats);
  }

  /** {@code GET /workflows/{id}/logs?run_id=&node_id=&status=&since=}: a page, newest first. */
  public void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    QueryParams query = QueryParams.of(ctx, "run_id", "node_id", "status", "since");
    String runId = query.id("run_id", Ids.RUN);
    String nodeId = query.text("node_id");
    String status = query.oneOf("status", LOG_STATUSES);
    Instant since = query.timestamp("since");
    Page.Request request = query.page();
    query.validate();
    Slice<RunLog> found =
        logs.page(
            principal,
            new LogFilter(id, runId, nodeId, status, since),
            request.perPage(),
            request.offset());
    Requests.json(ctx, 200, Page.of(ctx, request, found.items(), found.total()));
  }

  /** {@code GET /workflows/logs/recent?limit=50}: the tenant's newest logs, newest first. */
  public void recent(Context ctx) {
    Principal principal = Requests.principal(ctx);
    QueryParams query = QueryParams.unpaged(ctx, "limit");
    int limit = query.integer("limit", 1, MAX_RECENT, DEFAULT_RECENT);
    query.validate();
    Requests.json(ctx, 200, Map.of("data", logs.recent(principal.tenantId(), limit)));
  }

  /**
   * {@code GET /workflows/{id}/logs/stats}: log counts by status, completed and failed runs of the
   * last 30 days, all runs, and the percentage of the last 30 days' finished runs that completed.
   */
  public void stats(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    LogService.Stats stats = logs.stats(principal, id);
    Map<String, Long> statuses = new LinkedHashMap<>();
    LOG_STATUSES.forEach(s -> statuses.put(s, 0L));
    for (StatusCount count : stats.logStatuses()) {
      if (statuses.containsKey(count.status())) {
        statuses.put(count.status(), count.logs());
      }
    }
    RunCounts runs = stats.runs();
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
}

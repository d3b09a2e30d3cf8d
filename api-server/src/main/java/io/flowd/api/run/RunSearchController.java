package io.flowd.api.run;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.Page;
import io.flowd.api.http.QueryParams;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.api.http.Slice;
import io.flowd.model.Ids;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.runs.TriggerType;
import io.flowd.store.RunFilter;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /workflows/runs?status=&workflow_id=&trigger_type=&since=&until=&parent_run_id=}: the
 * tenant's runs across its workflows, paged, newest first, without logs and workflow. Without
 * {@code parent_run_id} the list holds every run, child runs included; {@code parent_run_id=none}
 * leaves child runs out (the console's default), and a run id lists that run's children.
 */
public final class RunSearchController implements RouteGroup {
  /** The trigger kinds a run can have. */
  public static final List<String> TRIGGER_TYPES = TriggerType.storedValues();

  /** The {@code parent_run_id} value that lists only runs without a parent. */
  public static final String NO_PARENT = "none";

  private final RunService runs;

  public RunSearchController(RunService runs) {
    this.runs = runs;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/workflows/runs", this::list);
  }

  /** Answers a page of the tenant's runs matching every given filter. */
  public void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    QueryParams query =
        QueryParams.of(
            ctx, "status", "workflow_id", "trigger_type", "since", "until", "parent_run_id");
    List<String> statuses = query.allOf("status", statusNames());
    String workflowId = query.id("workflow_id", Ids.WORKFLOW);
    String triggerType = query.oneOf("trigger_type", TRIGGER_TYPES);
    Instant since = query.timestamp("since");
    Instant until = query.timestamp("until");
    boolean topLevel = NO_PARENT.equals(ctx.queryParam("parent_run_id"));
    String parentRunId = topLevel ? null : query.id("parent_run_id", Ids.RUN);
    if (since != null && until != null && !since.isBefore(until)) {
      query.reject("until", "until must be later than since.");
    }
    Page.Request page = query.page();
    query.validate();
    RunFilter filter =
        new RunFilter(statuses, workflowId, triggerType, since, until, parentRunId, topLevel);
    Slice<Run> found =
        runs.search(principal.tenantId(), filter, page.page(), page.perPage(), page.offset());
    Requests.json(ctx, 200, Page.of(ctx, page, found.items(), found.total()));
  }

  static List<String> statusNames() {
    return Arrays.stream(RunStatus.values()).map(RunStatus::json).toList();
  }
}

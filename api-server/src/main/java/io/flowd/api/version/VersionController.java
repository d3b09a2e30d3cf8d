package io.flowd.api.version;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.Page;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.api.workflow.WorkflowWriter;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Workflow;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /workflows/{id}/versions}: the version history, one version, the diff between two, and
 * restoring an old one.
 */
public final class VersionController implements RouteGroup {
  private final VersionService versions;
  private final WorkflowWriter writer;

  public VersionController(VersionService versions, WorkflowWriter writer) {
    this.versions = versions;
    this.writer = writer;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/workflows/{id}/versions", this::list);
    routes.get("/workflows/{id}/versions/{version}", this::get);
    routes.get("/workflows/{id}/versions/{version}/diff/{other}", this::diff);
    routes.post("/workflows/{id}/versions/{version}/restore", this::restore);
  }

  /** {@code GET /workflows/{id}/versions?page=&per_page=}. */
  public void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = workflowId(ctx);
    Page.Request request = Page.request(ctx);
    long total = versions.count(principal, id);
    List<VersionService.VersionItem> items =
        versions.page(principal, id, request.perPage(), request.offset());
    Requests.json(ctx, 200, Page.of(ctx, request, items, total));
  }

  /** {@code GET /workflows/{id}/versions/{version}}. */
  public void get(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Requests.json(ctx, 200, versions.version(principal, workflowId(ctx), number(ctx, "version")));
  }

  /** {@code GET /workflows/{id}/versions/{a}/diff/{b}}. */
  public void diff(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Requests.json(
        ctx,
        200,
        versions.diff(principal, workflowId(ctx), number(ctx, "version"), number(ctx, "other")));
  }

  /**
   * {@code POST /workflows/{id}/versions/{version}/restore}: a new current version equal to the old
   * one; open runs keep the version they started on.
   */
  public void restore(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = workflowId(ctx);
    int number = number(ctx, "version");
    Workflow old = versions.version(principal, id, number);
    boolean changed = writer.restore(principal, id, old);
    var body = Json.object();
    body.put("changed", changed);
    body.put("restored_version", number);
    Workflow current = versions.current(principal, id);
    body.put("version", current.version());
    body.set("workflow", Json.toTree(current));
    Requests.json(ctx, 200, body);
  }

  private static String workflowId(Context ctx) {
    return Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
  }

  private static int number(Context ctx, String name) {
    String text = ctx.pathParam(name);
    if (!text.matches("[1-9][0-9]{0,8}")) {
      throw ApiException.notFound("Version " + text + " was not found.");
    }
    return Integer.parseInt(text);
  }
}

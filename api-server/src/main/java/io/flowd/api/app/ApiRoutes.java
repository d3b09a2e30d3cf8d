package io.flowd.api.app;

import io.flowd.api.console.ConsoleAssets;
import io.flowd.api.log.LogsController;
import io.flowd.api.run.EventsController;
import io.flowd.api.run.ExecutionsController;
import io.flowd.api.run.RunActionsController;
import io.flowd.api.run.RunController;
import io.flowd.api.run.RunInputController;
import io.flowd.api.run.RunSearchController;
import io.flowd.api.run.SyncController;
import io.flowd.api.schedule.ScheduleController;
import io.flowd.api.testnode.TestNodeController;
import io.flowd.api.vault.VaultController;
import io.flowd.api.version.VersionController;
import io.flowd.api.version.WorkflowFileController;
import io.flowd.api.webhook.WebhookTokensController;
import io.flowd.api.webhook.WebhookTriggerController;
import io.flowd.api.workflow.AuthorizationController;
import io.flowd.api.workflow.WorkflowController;
import io.flowd.api.workflow.WorkflowEditController;
import io.flowd.api.workflow.WorkflowListController;
import io.flowd.store.Database;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The route table, one method per area. Areas with fixed paths under {@code /workflows/} are
 * registered before {@link #workflows}, whose {@code /workflows/{id}} routes would match them too.
 */
record ApiRoutes(
    Database database,
    BooleanSupplier temporalUp,
    byte[] openApi,
    WorkflowController workflows,
    WorkflowListController lists,
    WorkflowEditController edits,
    AuthorizationController callers,
    TestNodeController testNode,
    ScheduleController schedules,
    RunController runs,
    ExecutionsController executions,
    RunSearchController runSearch,
    RunInputController runInput,
    RunActionsController runActions,
    SyncController sync,
    EventsController events,
    LogsController logs,
    VaultController vault,
    WebhookTriggerController webhooks,
    WebhookTokensController webhookTokens,
    ConsoleAssets console,
    VersionController versions,
    WorkflowFileController files) {

  void install(RoutesConfig routes) {
    ops(routes);
    console(routes);
    vault(routes);
    webhooks(routes);
    runs(routes);
    logs(routes);
    files(routes);
    workflows(routes);
  }

  /**
   * Health, readiness and the OpenAPI document; {@code /metrics} is {@code HttpObservability}'s.
   */
  void ops(RoutesConfig routes) {
    routes.get("/health", ctx -> Requests.json(ctx, 200, Map.of("status", "ok")));
    routes.get("/ready", this::ready);
    routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
  }

  void console(RoutesConfig routes) {
    routes.get(ConsoleAssets.PATH, console::serve);
    routes.get(ConsoleAssets.PATH + "/*", console::serve);
  }

  void logs(RoutesConfig routes) {
    routes.get("/workflows/logs/recent", logs::recent);
    routes.get("/workflows/{id}/logs", logs::list);
    routes.get("/workflows/{id}/logs/stats", logs::stats);
  }

  void vault(RoutesConfig routes) {
    routes.get("/workflows/vault", vault::list);
    routes.post("/workflows/vault", vault::create);
    routes.get("/workflows/vault/{id}", vault::get);
    routes.put("/workflows/vault/{id}", vault::update);
    routes.delete("/workflows/vault/{id}", vault::delete);
  }

  void webhooks(RoutesConfig routes) {
    routes.post("/workflows/webhooks/{token}", webhooks::trigger);
    routes.get("/workflows/webhooks/{token}", webhooks::trigger);
    routes.options("/workflows/webhooks/{token}", webhooks::preflight);
    routes.get("/workflows/{id}/webhook", webhookTokens::get);
    routes.post("/workflows/{id}/webhook/rotate", webhookTokens::rotate);
  }

  void runs(RoutesConfig routes) {
    routes.post("/workflows/sync/{id}", sync::sync);
    routes.post("/workflows/events", events::send);
    routes.get("/workflows/runs", runSearch::list);
    routes.get("/workflows/runs/{runId}", runs::get);
    routes.post("/workflows/runs/{runId}/input", runInput::deliver);
    routes.post("/workflows/runs/{runId}/cancel", runActions::cancel);
    routes.post("/workflows/runs/{runId}/resume-from/{nodeId}", runActions::resumeFrom);
    routes.post("/workflows/runs/{runId}/rerun", runActions::rerun);
    routes.post("/workflows/{id}/runs/cancel", runActions::bulkCancel);
    routes.post("/workflows/{id}/runs/rerun", runActions::bulkRerun);
    routes.post("/workflows/{id}/execute", runs::execute);
    routes.get("/workflows/{id}/executions", executions::list);
  }

  /** Version history, workflow files by key, and the files' JSON Schema (issue 23). */
  void files(RoutesConfig routes) {
    routes.get(WorkflowFileController.SCHEMA_PATH, files::schema);
    routes.get("/workflows/by-key/{key}", files::getByKey);
    routes.put("/workflows/by-key/{key}", files::put);
    routes.get("/workflows/{id}/file", files::getFile);
    routes.get("/workflows/{id}/versions", versions::list);
    routes.get("/workflows/{id}/versions/{version}", versions::get);
    routes.get("/workflows/{id}/versions/{version}/diff/{other}", versions::diff);
    routes.post("/workflows/{id}/versions/{version}/restore", versions::restore);
  }

  void workflows(RoutesConfig routes) {
    routes.get("/workflows/authorization", callers::list);
    routes.post("/workflows/validate", workflows::validate);
    routes.post("/workflows/test-node", testNode::test);
    routes.get("/workflows", lists::list);
    routes.post("/workflows", workflows::create);
    routes.get("/workflows/{id}", workflows::get);
    routes.put("/workflows/{id}", edits::update);
    routes.delete("/workflows/{id}", edits::delete);
    routes.post("/workflows/{id}/undelete", edits::undelete);
    routes.get("/workflows/{id}/schedule", schedules::get);
    routes.post("/workflows/{id}/backfill", schedules::backfill);
  }

  private void ready(Context ctx) {
    boolean postgres = database.isUp();
    Map<String, String> body = new LinkedHashMap<>();
    body.put("postgres", postgres ? "up" : "down");
    body.put("temporal", temporalUp.getAsBoolean() ? "up" : "down");
    if (!postgres) {
      ctx.header("Retry-After", Long.toString(ErrorMapper.RETRY_AFTER_SECONDS));
    }
    Requests.json(ctx, postgres ? 200 : 503, body);
  }
}

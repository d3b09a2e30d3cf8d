package io.flowd.api.app;

import io.flowd.api.auth.AuthenticationException;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.api.auth.Principal;
import io.flowd.api.console.ConsoleAssets;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.JsonErrorHandler;
import io.flowd.api.http.OpenApiDocument;
import io.flowd.api.http.TenantRateLimiter;
import io.flowd.api.log.LogsController;
import io.flowd.api.metrics.HttpObservability;
import io.flowd.api.run.EventsController;
import io.flowd.api.run.ExecutionsController;
import io.flowd.api.run.RunActionsController;
import io.flowd.api.run.RunCanceller;
import io.flowd.api.run.RunController;
import io.flowd.api.run.RunInputController;
import io.flowd.api.run.RunSearchController;
import io.flowd.api.run.RunStarter;
import io.flowd.api.run.SyncController;
import io.flowd.api.schedule.ScheduleController;
import io.flowd.api.testnode.TestNodeController;
import io.flowd.api.vault.VaultController;
import io.flowd.api.webhook.WebhookTriggerController;
import io.flowd.api.workflow.AuthorizationCache;
import io.flowd.api.workflow.AuthorizationController;
import io.flowd.api.workflow.WorkflowController;
import io.flowd.api.workflow.WorkflowEditController;
import io.flowd.api.workflow.WorkflowListController;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.model.validation.WorkflowDraftReader;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.vault.VaultResolver;
import io.flowd.store.Database;
import io.flowd.store.DatabaseErrors;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API: routes, authentication and the contract's error bodies. */
public final class FlowdApi {
  private static final Logger LOG = LoggerFactory.getLogger(FlowdApi.class);
  private static final Set<String> PUBLIC_PATHS =
      Set.of("/health", "/ready", "/openapi.json", "/metrics");

  private static final long RETRY_AFTER_SECONDS = 5;

  private FlowdApi() {}

  /** Builds the Javalin app with a metrics registry of its own. */
  public static Javalin create(ApiServices services) {
    return create(services, FlowdMetrics.create());
  }

  /** Builds the Javalin app; {@code GET /metrics} serves {@code metrics}. */
  public static Javalin create(ApiServices services, FlowdMetrics metrics) {
    ApiConfig config = services.config();
    Database database = services.database();
    NodeHandlerRegistry registry = services.registry();
    byte[] openApi = OpenApiDocument.assemble(registry);
    RunStarter starter = services.starter();
    BooleanSupplier temporalUp = services.temporalUp();
    JwtAuthenticator authenticator = new JwtAuthenticator(config.jwt());
    AuthorizationCache authorizations = new AuthorizationCache(database);
    WorkflowDraftReader reader = new WorkflowDraftReader(registry);
    WorkflowController workflows =
        new WorkflowController(
            database, reader, authorizations, config.publicUrl(), services.workflowChanges());
    RunController runs = new RunController(database, workflows, starter);
    WorkflowEditController edits =
        new WorkflowEditController(
            database,
            reader,
            workflows,
            authorizations,
            services.temporal(),
            config.publicUrl(),
            services.workflowChanges());
    WorkflowListController lists =
        new WorkflowListController(database, authorizations, config.publicUrl());
    ExecutionsController executions = new ExecutionsController(database, workflows);
    LogsController logs = new LogsController(database, workflows);
    AuthorizationController callers = new AuthorizationController(database, authorizations);
    TenantRateLimiter rateLimiter = new TenantRateLimiter(config.rateLimitPerMinute());
    RunInputController runInput = new RunInputController(database, workflows, services.temporal());
    TestNodeController testNode =
        new TestNodeController(
            registry,
            new NodeExecution(registry, new VaultResolver(database, config.store().vault())));
    SyncController sync = new SyncController(database, workflows, starter, services.temporal());
    VaultController vault = new VaultController(database, config.store().vault());
    RunActionsController runActions =
        new RunActionsController(
            database,
            workflows,
            new RunCanceller(database, services.temporal()),
            starter.dispatcher(),
            registry);
    RunSearchController runSearch = new RunSearchController(database);
    ConsoleAssets console = new ConsoleAssets();
    WebhookTriggerController webhooks =
        new WebhookTriggerController(
            database,
            starter,
            config.publicUrl(),
            config.store().vault(),
            new TenantRateLimiter(config.rateLimitPerMinute()));
    EventsController events = new EventsController(database, services.temporal());
    ScheduleController scheduleControl =
        new ScheduleController(database, workflows, starter.dispatcher());
    return Javalin.create(
        javalin -> {
          javalin.startup.showJavalinBanner = false;
          javalin.http.maxRequestSize = 8L * 1024 * 1024;
          javalin.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
          javalin.jetty.modifyServletContextHandler(
              context -> context.setErrorHandler(new JsonErrorHandler()));
          javalin.routes.beforeMatched(
              ctx -> {
                if (!PUBLIC_PATHS.contains(ctx.path())
                    && !ctx.path().startsWith("/workflows/webhooks/")
                    && !isConsole(ctx.path())) {
                  Principal principal = authenticator.authenticate(ctx.header("Authorization"));
                  ctx.attribute(Requests.PRINCIPAL, principal);
                  rateLimiter.acquire(principal.tenantId());
                }
              });
          HttpObservability.install(javalin, metrics);
          javalin.routes.get("/health", ctx -> Requests.json(ctx, 200, Map.of("status", "ok")));
          javalin.routes.get("/ready", ctx -> ready(ctx, database, temporalUp));
          javalin.routes.get(
              "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
          javalin.routes.get("/workflows/authorization", callers::list);
          javalin.routes.get("/workflows/logs/recent", logs::recent);
          javalin.routes.post("/workflows/validate", workflows::validate);
          javalin.routes.get("/workflows", lists::list);
          javalin.routes.post("/workflows", workflows::create);
          javalin.routes.post("/workflows/test-node", testNode::test);
          javalin.routes.get("/workflows/vault", vault::list);
          javalin.routes.post("/workflows/vault", vault::create);
          javalin.routes.get("/workflows/vault/{id}", vault::get);
          javalin.routes.put("/workflows/vault/{id}", vault::update);
          javalin.routes.delete("/workflows/vault/{id}", vault::delete);
          javalin.routes.post("/workflows/sync/{id}", sync::sync);
          javalin.routes.post("/workflows/webhooks/{token}", webhooks::trigger);
          javalin.routes.post("/workflows/events", events::send);
          javalin.routes.get(ConsoleAssets.PATH, console::serve);
          javalin.routes.get(ConsoleAssets.PATH + "/*", console::serve);
          javalin.routes.get("/workflows/runs", runSearch::list);
          javalin.routes.get("/workflows/runs/{runId}", runs::get);
          javalin.routes.post("/workflows/runs/{runId}/input", runInput::deliver);
          javalin.routes.post("/workflows/runs/{runId}/cancel", runActions::cancel);
          javalin.routes.post(
              "/workflows/runs/{runId}/resume-from/{nodeId}", runActions::resumeFrom);
          javalin.routes.get("/workflows/{id}", workflows::get);
          javalin.routes.put("/workflows/{id}", edits::update);
          javalin.routes.delete("/workflows/{id}", edits::delete);
          javalin.routes.post("/workflows/{id}/execute", runs::execute);
          javalin.routes.get("/workflows/{id}/executions", executions::list);
          javalin.routes.get("/workflows/{id}/logs", logs::list);
          javalin.routes.get("/workflows/{id}/logs/stats", logs::stats);
          javalin.routes.get("/workflows/{id}/schedule", scheduleControl::get);
          javalin.routes.post("/workflows/{id}/backfill", scheduleControl::backfill);
          javalin.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
          javalin.routes.exception(
              AuthenticationException.class,
              (e, ctx) -> error(ctx, ApiException.unauthorized(e.getMessage())));
          javalin.routes.exception(
              HttpResponseException.class, (e, ctx) -> error(ctx, fromJavalin(e)));
          javalin.routes.exception(Exception.class, (e, ctx) -> unexpected(ctx, e));
          javalin.routes.error(
              404,
              ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                  error(ctx, ApiException.notFound("No route " + ctx.method() + " " + ctx.path()));
                }
              });
        });
  }

  private static boolean isConsole(String path) {
    return path.equals(ConsoleAssets.PATH) || path.startsWith(ConsoleAssets.PATH + "/");
  }

  private static void ready(Context ctx, Database database, BooleanSupplier temporalUp) {
    boolean postgres = database.isUp();
    Map<String, String> body = new LinkedHashMap<>();
    body.put("postgres", postgres ? "up" : "down");
    body.put("temporal", temporalUp.getAsBoolean() ? "up" : "down");
    if (!postgres) {
      ctx.header("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
    }
    Requests.json(ctx, postgres ? 200 : 503, body);
  }

  private static ApiException fromJavalin(HttpResponseException e) {
    return switch (e.getStatus()) {
      case 413 -> ApiException.payloadTooLarge();
      case 404 -> ApiException.notFound(e.getMessage());
      case 405 -> ApiException.notFound("No such route");
      default -> ApiException.badRequest("bad_request", e.getMessage());
    };
  }

  private static void unexpected(Context ctx, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jetty.http.HttpException bad) {
        // Jetty refused the request's framing (such as a malformed chunked body): bad input.
        error(ctx, JsonErrorHandler.answer(bad.getCode()));
        return;
      }
      if (t instanceof org.eclipse.jetty.io.EofException) {
        error(ctx, JsonErrorHandler.answer(400));
        return;
      }
    }
    if (isDatabaseDown(e)) {
      error(
          ctx,
          ApiException.unavailable(
              "PostgreSQL is unreachable; try again shortly.", RETRY_AFTER_SECONDS));
      return;
    }
    LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
    error(ctx, ApiException.internal());
  }

  private static boolean isDatabaseDown(Throwable e) {
    return DatabaseErrors.isUnavailable(e);
  }

  private static void error(Context ctx, ApiException e) {
    e.headers().forEach(ctx::header);
    Requests.json(ctx, e.status(), e.body());
  }
}

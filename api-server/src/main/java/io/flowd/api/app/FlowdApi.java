package io.flowd.api.app;

import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.api.console.ConsoleAssets;
import io.flowd.api.http.OpenApiDocument;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.api.http.TenantRateLimiter;
import io.flowd.api.log.LogService;
import io.flowd.api.log.LogsController;
import io.flowd.api.metrics.HttpObservability;
import io.flowd.api.run.EventService;
import io.flowd.api.run.EventsController;
import io.flowd.api.run.ExecutionsController;
import io.flowd.api.run.RunActionService;
import io.flowd.api.run.RunActionsController;
import io.flowd.api.run.RunCanceller;
import io.flowd.api.run.RunController;
import io.flowd.api.run.RunInputController;
import io.flowd.api.run.RunInputService;
import io.flowd.api.run.RunSearchController;
import io.flowd.api.run.RunService;
import io.flowd.api.run.SyncController;
import io.flowd.api.run.SyncService;
import io.flowd.api.schedule.ScheduleController;
import io.flowd.api.schedule.ScheduleService;
import io.flowd.api.testnode.TestNodeController;
import io.flowd.api.vault.VaultController;
import io.flowd.api.vault.VaultService;
import io.flowd.api.version.VersionController;
import io.flowd.api.version.VersionService;
import io.flowd.api.version.WorkflowFileController;
import io.flowd.api.webhook.WebhookTokenService;
import io.flowd.api.webhook.WebhookTokensController;
import io.flowd.api.webhook.WebhookTriggerController;
import io.flowd.api.webhook.WebhookTriggerService;
import io.flowd.api.workflow.AuthorizationCache;
import io.flowd.api.workflow.AuthorizationController;
import io.flowd.api.workflow.WorkflowController;
import io.flowd.api.workflow.WorkflowEditController;
import io.flowd.api.workflow.WorkflowEditService;
import io.flowd.api.workflow.WorkflowListController;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.api.workflow.WorkflowWriter;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.model.Json;
import io.flowd.model.validation.WorkflowDraftReader;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.vault.VaultResolver;
import io.flowd.runs.RunEngine;
import io.flowd.store.Database;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Wires the HTTP API: builds the services and controllers, then installs the authentication filter
 * ({@link AuthFilter}), the routes the controllers register ({@link Routes}) and the error mapper
 * ({@link ErrorMapper}) on a Javalin app whose JSON mapper is the project's.
 */
public final class FlowdApi {
  private FlowdApi() {}

  /** Builds the Javalin app with a metrics registry of its own. */
  public static Javalin create(ApiServices services) {
    return create(services, FlowdMetrics.create());
  }

  /** Builds the Javalin app; {@code GET /metrics} serves {@code metrics}. */
  public static Javalin create(ApiServices services, FlowdMetrics metrics) {
    JwtAuthenticator authenticator = new JwtAuthenticator(services.config().jwt());
    TenantRateLimiter rateLimiter = new TenantRateLimiter(services.config().rateLimitPerMinute());
    Routes routes = Routes.of(routeGroups(services, metrics));
    return Javalin.create(
        javalin -> {
          javalin.startup.showJavalinBanner = false;
          javalin.http.maxRequestSize = 8L * 1024 * 1024;
          javalin.jsonMapper(new JavalinJackson(Json.MAPPER, false));
          AuthFilter.install(javalin, authenticator, rateLimiter);
          HttpObservability.install(javalin, metrics);
          routes.installOn(javalin.routes, services.config().tracing());
          ErrorMapper.install(javalin);
        });
  }

  /** Returns every route of the API, as registered by the controllers. */
  public static List<Routes.Route> routes(ApiServices services) {
    try (FlowdMetrics metrics = FlowdMetrics.create()) {
      return Routes.of(routeGroups(services, metrics)).list();
    }
  }

  /** Builds the services and the controllers; each controller registers its own routes. */
  private static List<RouteGroup> routeGroups(ApiServices services, FlowdMetrics metrics) {
    ApiConfig config = services.config();
    Database database = services.database();
    NodeHandlerRegistry registry = services.registry();
    byte[] openApi = OpenApiDocument.assemble(registry);
    RunEngine engine = services.engine();
    BooleanSupplier temporalUp = services.temporalUp();
    AuthorizationCache authorizations = new AuthorizationCache(database);
    WorkflowDraftReader reader = new WorkflowDraftReader(registry);
    WorkflowService workflowService =
        new WorkflowService(database, authorizations, config.publicUrl());
    RunService runService = new RunService(database, workflowService);
    RunController runs = new RunController(workflowService, runService, engine);
    WorkflowEditController edits =
        new WorkflowEditController(
            new WorkflowEditService(
                database,
                reader,
                workflowService,
                authorizations,
                services.temporal(),
                config.publicUrl(),
                services.workflowChanges()));
    WorkflowListController lists = new WorkflowListController(workflowService);
    ExecutionsController executions = new ExecutionsController(runService);
    LogsController logs = new LogsController(new LogService(database, workflowService));
    AuthorizationController callers = new AuthorizationController(authorizations);
    RunInputController runInput =
        new RunInputController(new RunInputService(database, workflowService, services.temporal()));
    TestNodeController testNode =
        new TestNodeController(
            registry,
            new NodeExecution(registry, new VaultResolver(database, config.store().vault())));
    SyncController sync =
        new SyncController(new SyncService(database, workflowService, engine, services.temporal()));
    VaultController vault = new VaultController(new VaultService(database, config.store().vault()));
    RunActionsController runActions =
        new RunActionsController(
            runService,
            new RunActionService(
                database,
                workflowService,
                runService,
                new RunCanceller(database, services.temporal()),
                engine,
                registry));
    RunSearchController runSearch = new RunSearchController(runService);
    WebhookTriggerController webhooks =
        new WebhookTriggerController(
            new WebhookTriggerService(database, engine, config.publicUrl(), config.store().vault()),
            new TenantRateLimiter(config.rateLimitPerMinute()));
    EventsController events = new EventsController(new EventService(database, services.temporal()));
    ScheduleController scheduleControl =
        new ScheduleController(workflowService, new ScheduleService(database, engine));
    VersionService versionService = new VersionService(database, workflowService);
    WorkflowWriter writer =
        new WorkflowWriter(
            database, reader, authorizations, config.publicUrl(), services.workflowChanges());
    WorkflowController workflows =
        new WorkflowController(writer, authorizations, workflowService, services.triggerStatuses());
    return List.of(
        new OpsController(database::isUp, temporalUp, openApi),
        HttpObservability.routes(metrics),
        new ConsoleAssets(),
        vault,
        webhooks,
        new WebhookTokensController(
            new WebhookTokenService(database, config.publicUrl()), config.publicUrl()),
        sync,
        events,
        runSearch,
        runs,
        runInput,
        runActions,
        executions,
        logs,
        new WorkflowFileController(versionService, writer, openApi),
        new VersionController(versionService, writer),
        callers,
        workflows,
        testNode,
        lists,
        edits,
        scheduleControl);
  }
}

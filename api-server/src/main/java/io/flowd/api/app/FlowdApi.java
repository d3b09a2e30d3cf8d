package io.flowd.api.app;

import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.api.console.ConsoleAssets;
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
import io.flowd.api.run.RunService;
import io.flowd.api.run.SyncController;
import io.flowd.api.schedule.ScheduleController;
import io.flowd.api.testnode.TestNodeController;
import io.flowd.api.vault.VaultController;
import io.flowd.api.version.VersionController;
import io.flowd.api.version.VersionService;
import io.flowd.api.version.WorkflowFileController;
import io.flowd.api.webhook.WebhookTokensController;
import io.flowd.api.webhook.WebhookTriggerController;
import io.flowd.api.workflow.AuthorizationCache;
import io.flowd.api.workflow.AuthorizationController;
import io.flowd.api.workflow.WorkflowController;
import io.flowd.api.workflow.WorkflowEditController;
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
import java.util.function.BooleanSupplier;

/**
 * Wires the HTTP API: builds the services and controllers, then installs the authentication filter
 * ({@link AuthFilter}), the route table ({@link ApiRoutes}) and the error mapper ({@link
 * ErrorMapper}) on a Javalin app whose JSON mapper is the project's.
 */
public final class FlowdApi {
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
    RunEngine engine = services.engine();
    BooleanSupplier temporalUp = services.temporalUp();
    JwtAuthenticator authenticator = new JwtAuthenticator(config.jwt());
    AuthorizationCache authorizations = new AuthorizationCache(database);
    WorkflowDraftReader reader = new WorkflowDraftReader(registry);
    WorkflowService workflowService =
        new WorkflowService(database, authorizations, config.publicUrl());
    RunService runService = new RunService(database, workflowService);
    WorkflowController workflows =
        new WorkflowController(
            database,
            reader,
            authorizations,
            workflowService,
            services.workflowChanges(),
            services.triggerStatuses());
    RunController runs = new RunController(workflowService, runService, engine);
    WorkflowEditController edits =
        new WorkflowEditController(
            database,
            reader,
            workflowService,
            authorizations,
            services.temporal(),
            config.publicUrl(),
            services.workflowChanges());
    WorkflowListController lists =
        new WorkflowListController(database, authorizations, config.publicUrl());
    ExecutionsController executions = new ExecutionsController(runService);
    LogsController logs = new LogsController(database, workflowService);
    AuthorizationController callers = new AuthorizationController(database, authorizations);
    TenantRateLimiter rateLimiter = new TenantRateLimiter(config.rateLimitPerMinute());
    RunInputController runInput =
        new RunInputController(database, workflowService, services.temporal());
    TestNodeController testNode =
        new TestNodeController(
            registry,
            new NodeExecution(registry, new VaultResolver(database, config.store().vault())));
    SyncController sync =
        new SyncController(database, workflowService, engine, services.temporal());
    VaultController vault = new VaultController(database, config.store().vault());
    RunActionsController runActions =
        new RunActionsController(
            database,
            workflowService,
            runService,
            new RunCanceller(database, services.temporal()),
            engine,
            registry);
    RunSearchController runSearch = new RunSearchController(database);
    WebhookTriggerController webhooks =
        new WebhookTriggerController(
            database,
            engine,
            config.publicUrl(),
            config.store().vault(),
            new TenantRateLimiter(config.rateLimitPerMinute()));
    EventsController events = new EventsController(database, services.temporal());
    ScheduleController scheduleControl = new ScheduleController(database, workflowService, engine);
    VersionService versionService = new VersionService(database, workflowService);
    WorkflowWriter writer =
        new WorkflowWriter(
            database, reader, authorizations, config.publicUrl(), services.workflowChanges());
    ApiRoutes routes =
        new ApiRoutes(
            database,
            temporalUp,
            openApi,
            workflows,
            lists,
            edits,
            callers,
            testNode,
            scheduleControl,
            runs,
            executions,
            runSearch,
            runInput,
            runActions,
            sync,
            events,
            logs,
            vault,
            webhooks,
            new WebhookTokensController(database, config.publicUrl()),
            new ConsoleAssets(),
            new VersionController(versionService, writer),
            new WorkflowFileController(versionService, writer, openApi));
    return Javalin.create(
        javalin -> {
          javalin.startup.showJavalinBanner = false;
          javalin.http.maxRequestSize = 8L * 1024 * 1024;
          javalin.jsonMapper(new JavalinJackson(Json.MAPPER, false));
          AuthFilter.install(javalin, authenticator, rateLimiter);
          HttpObservability.install(javalin, metrics);
          routes.install(javalin.routes);
          ErrorMapper.install(javalin);
        });
  }
}

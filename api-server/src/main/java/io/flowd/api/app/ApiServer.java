package io.flowd.api.app;

import io.flowd.api.broker.BrokerRunStarts;
import io.flowd.api.broker.BrokerTriggers;
import io.flowd.api.ops.GracefulHttp;
import io.flowd.api.run.RunReconciler;
import io.flowd.api.schedule.ScheduleSync;
import io.flowd.api.schedule.StartupReconciler;
import io.flowd.api.workflow.WorkflowChangeListener;
import io.flowd.engine.RunLaunch;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.GracefulShutdown;
import io.flowd.engine.observability.OpsConfig;
import io.flowd.engine.observability.RunSearchAttributes;
import io.flowd.engine.observability.TraceContextPropagator;
import io.flowd.engine.observability.Tracing;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.vault.VaultResolver;
import io.flowd.runs.OutboxSweeper;
import io.flowd.runs.RunDispatcher;
import io.flowd.runs.RunEngine;
import io.flowd.runs.RunPurger;
import io.flowd.store.Database;
import io.javalin.Javalin;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * The API process: HTTP, the Temporal client and the outbox sweeper. {@link #main} runs it alone
 * (production); the local start and the tests embed it next to a worker.
 */
public final class ApiServer implements AutoCloseable {
  private final Database database;
  private final WorkflowServiceStubs service;
  private final RunDispatcher dispatcher;
  private final OutboxSweeper sweeper;
  private final ScheduleSync schedules;
  private final StartupReconciler reconciler;
  private final RunReconciler runReconciler;
  private final BrokerTriggers brokerTriggers;
  private final RunPurger purger;
  private final RunEngine engine;
  private final Javalin http;
  private Tracing tracing = Tracing.off();
  private boolean ownsDatabase;

  private ApiServer(
      Database database,
      WorkflowServiceStubs service,
      RunDispatcher dispatcher,
      OutboxSweeper sweeper,
      ScheduleSync schedules,
      StartupReconciler reconciler,
      RunReconciler runReconciler,
      BrokerTriggers brokerTriggers,
      RunPurger purger,
      RunEngine engine,
      Javalin http) {
    this.database = database;
    this.service = service;
    this.dispatcher = dispatcher;
    this.sweeper = sweeper;
    this.schedules = schedules;
    this.reconciler = reconciler;
    this.runReconciler = runReconciler;
    this.brokerTriggers = brokerTriggers;
    this.purger = purger;
    this.engine = engine;
    this.http = http;
  }

  /** Connects to PostgreSQL and Temporal and starts serving on the configured port. */
  public static ApiServer start(ApiConfig config) {
    return start(config, OpsConfig.fromEnv(Map.of()), FlowdMetrics.create());
  }

  private static ApiServer start(ApiConfig config, OpsConfig ops, FlowdMetrics metrics) {
    Database database =
        Database.connect(config.store().databaseUrl(), config.store().databasePoolSize());
    ApiServer server = start(config, database, config.httpPort(), metrics, ops);
    server.ownsDatabase = true;
    return server;
  }

  /** Starts serving with an already connected database; port 0 picks a free port. */
  public static ApiServer start(ApiConfig config, Database database, int port) {
    return start(config, database, port, FlowdMetrics.create());
  }

  /**
   * Starts serving with an already connected database and a shared metrics registry (the local
   * start serves the worker's series on the same {@code /metrics}).
   */
  public static ApiServer start(
      ApiConfig config, Database database, int port, FlowdMetrics metrics) {
    return start(config, database, port, metrics, OpsConfig.fromEnv(Map.of()));
  }

  private static ApiServer start(
      ApiConfig config, Database database, int port, FlowdMetrics metrics, OpsConfig ops) {
    WorkflowServiceStubs service = connectTemporal(config.engine().temporalAddress());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(config.engine().namespace())
                .setContextPropagators(List.of(new TraceContextPropagator()))
                .build());
    NodeHandlerRegistry registry = StandardComponents.registry(config.nodes());
    BooleanSupplier searchAttributes =
        RunSearchAttributes.registration(
            service, config.engine().namespace(), Duration.ofSeconds(5));
    RunDispatcher dispatcher =
        new RunDispatcher(
            client,
            config.engine().taskQueue(),
            database,
            new RunLaunch(metrics, searchAttributes));
    OutboxSweeper sweeper =
        new OutboxSweeper(database, dispatcher).start(config.outboxIntervalMillis());
    ScheduleSync schedules = new ScheduleSync(database, client, config.engine().taskQueue());
    StartupReconciler reconciler = new StartupReconciler(database, schedules, client).start();
    RunReconciler runReconciler =
        new RunReconciler(
                database,
                dispatcher,
                client,
                config.reliability().reconcileMinAge(),
                config.reliability().cancelGrace())
            .start(config.reliability().reconcileInterval());
    RunEngine engine = new RunEngine(database, dispatcher, config.runInserts());
    RunPurger purger =
        new RunPurger(database, config.retention(), Clock.systemUTC(), metrics).start();
    BrokerTriggers brokerTriggers =
        new BrokerTriggers(
                database,
                new NodeExecution(registry, new VaultResolver(database, config.store().vault())),
                new BrokerRunStarts(database, engine, config.haltAfterCommit(), config.tracing()),
                metrics.registry(),
                config.publicUrl())
            .start();
    Javalin http =
        FlowdApi.create(
            new ApiServices(
                config,
                database,
                registry,
                engine,
                client,
                () -> temporalUp(service),
                WorkflowChangeListener.both(schedules, brokerTriggers),
                brokerTriggers),
            metrics);
    GracefulHttp.configure(http, ops.shutdownTimeout()).start(config.httpHost(), port);
    ApiServer server =
        new ApiServer(
            database,
            service,
            dispatcher,
            sweeper,
            schedules,
            reconciler,
            runReconciler,
            brokerTriggers,
            purger,
            engine,
            http);
    server.tracing = config.tracing();
    return server;
  }

  /**
   * Creates lazy Temporal stubs whose calls give up quickly, so a request never hangs on a Temporal
   * outage: the run stays {@code pending} and the outbox starts it later.
   */
  static WorkflowServiceStubs connectTemporal(String address) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(address)
            .setRpcTimeout(Duration.ofSeconds(5))
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder()
                    .setExpiration(Duration.ofSeconds(2))
                    .setInitialInterval(Duration.ofMillis(50))
                    .setMaximumInterval(Duration.ofMillis(500))
                    .validateBuildWithDefaults())
            .build());
  }

  private static boolean temporalUp(WorkflowServiceStubs service) {
    try {
      service
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Returns the port the HTTP server listens on. */
  public int port() {
    return http.port();
  }

  /** Returns whether the start-up reconciliation has completed a pass. */
  public boolean reconciled() {
    return reconciler.isDone();
  }

  /** Returns the database this server uses. */
  public Database database() {
    return database;
  }

  /**
   * Stops accepting requests, lets those in flight finish within the shutdown timeout, stops the
   * sweeper and closes the Temporal connection (and the database pool when this server opened it).
   */
  @Override
  public void close() {
    brokerTriggers.close();
    http.stop();
    engine.close();
    dispatcher.close();
    sweeper.close();
    reconciler.close();
    runReconciler.close();
    purger.close();
    schedules.close();
    service.shutdown();
    service.awaitTermination(5, TimeUnit.SECONDS);
    if (ownsDatabase) {
      database.close();
    }
    tracing.close();
  }

  /**
   * Runs the API process alone, until SIGTERM or SIGINT (then it exits 0). A failed start (missing
   * setting, PostgreSQL not answering) exits 1 at once.
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    ApiServer server;
    try {
      server = start(ApiConfig.fromEnv(env), OpsConfig.fromEnv(env), FlowdMetrics.create());
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(ApiServer.class).error("the API could not start", e);
      System.exit(1);
      return;
    }
    GracefulShutdown.onSignal("API", server::close);
  }
}

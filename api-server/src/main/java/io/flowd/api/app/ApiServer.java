package io.flowd.api.app;

import io.flowd.api.run.OutboxSweeper;
import io.flowd.api.run.RunDispatcher;
import io.flowd.api.run.RunStarter;
import io.flowd.api.schedule.ScheduleSync;
import io.flowd.api.schedule.StartupReconciler;
import io.flowd.store.Database;
import io.flowd.worker.components.StandardComponents;
import io.flowd.worker.node.NodeHandlerRegistry;
import io.javalin.Javalin;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The API process: HTTP, the Temporal client and the outbox sweeper. {@link #main} runs it alone
 * (production); the local start and the tests embed it next to a worker.
 */
public final class ApiServer implements AutoCloseable {
  private final Database database;
  private final WorkflowServiceStubs service;
  private final OutboxSweeper sweeper;
  private final ScheduleSync schedules;
  private final StartupReconciler reconciler;
  private final Javalin http;

  private ApiServer(
      Database database,
      WorkflowServiceStubs service,
      OutboxSweeper sweeper,
      ScheduleSync schedules,
      StartupReconciler reconciler,
      Javalin http) {
    this.database = database;
    this.service = service;
    this.sweeper = sweeper;
    this.schedules = schedules;
    this.reconciler = reconciler;
    this.http = http;
  }

  /** Connects to PostgreSQL and Temporal and starts serving on the configured port. */
  public static ApiServer start(ApiConfig config) {
    Database database =
        Database.connect(config.worker().databaseUrl(), config.worker().databasePoolSize());
    return start(config, database, config.httpPort());
  }

  /** Starts serving with an already connected database; port 0 picks a free port. */
  public static ApiServer start(ApiConfig config, Database database, int port) {
    WorkflowServiceStubs service = connectTemporal(config.worker().temporalAddress());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder().setNamespace(config.worker().namespace()).build());
    NodeHandlerRegistry registry =
        StandardComponents.registry(config.worker().allowPrivateNetworks());
    RunDispatcher dispatcher = new RunDispatcher(client, config.worker().taskQueue(), database);
    OutboxSweeper sweeper =
        new OutboxSweeper(database, dispatcher).start(config.outboxIntervalMillis());
    ScheduleSync schedules = new ScheduleSync(database, client, config.worker().taskQueue());
    StartupReconciler reconciler =
        new StartupReconciler(database, schedules, dispatcher, client).start();
    Javalin http =
        FlowdApi.create(
                new ApiServices(
                    config,
                    database,
                    registry,
                    new RunStarter(database, dispatcher),
                    client,
                    () -> temporalUp(service),
                    schedules))
            .start("0.0.0.0", port);
    return new ApiServer(database, service, sweeper, schedules, reconciler, http);
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

  @Override
  public void close() {
    http.stop();
    sweeper.close();
    reconciler.close();
    schedules.close();
    service.shutdown();
  }

  /** Runs the API process alone. */
  public static void main(String[] args) {
    ApiServer server = start(ApiConfig.fromEnv(System.getenv()));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
  }
}

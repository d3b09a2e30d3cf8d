package io.flowd.worker;

import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.GracefulShutdown;
import io.flowd.engine.observability.OpsConfig;
import io.flowd.engine.observability.TraceContextPropagator;
import io.flowd.engine.observability.Tracing;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.store.Database;
import io.flowd.worker.observability.MetricsHttpServer;
import io.flowd.worker.observability.ObservedWorkers;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the worker process alone, against a Temporal cluster: production's worker. SIGTERM stops
 * polling, lets in-flight activities finish within {@code FLOWD_SHUTDOWN_TIMEOUT_SECONDS}, closes
 * the pools and exits 0; an activity cut off past the bound is retried by Temporal on another
 * worker, and its writes are idempotent.
 */
public final class WorkerMain implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

  private final OpsConfig ops;
  private final Database database;
  private final WorkflowServiceStubs service;
  private final WorkerFactory factory;
  private final FlowdMetrics metrics;
  private MetricsHttpServer metricsServer;
  private boolean ownsPools;
  private Tracing tracing = Tracing.off();

  private WorkerMain(
      OpsConfig ops,
      Database database,
      WorkflowServiceStubs service,
      WorkerFactory factory,
      FlowdMetrics metrics) {
    this.ops = ops;
    this.database = database;
    this.service = service;
    this.factory = factory;
    this.metrics = metrics;
  }

  /** Connects, starts polling and serves the worker's metrics. */
  public static WorkerMain start(Map<String, String> env) {
    WorkerConfig config = WorkerConfig.fromEnv(env);
    OpsConfig ops = OpsConfig.fromEnv(env);
    FlowdMetrics metrics = FlowdMetrics.create();
    Database database =
        Database.connect(config.store().databaseUrl(), config.store().databasePoolSize());
    WorkerMain worker = start(config, ops, database, metrics);
    worker.metricsServer = MetricsHttpServer.start(ops.workerMetricsPort(), metrics);
    worker.ownsPools = true;
    LOG.info(
        "flowd worker polling {} on {}; metrics on :{}",
        config.engine().taskQueue(),
        config.engine().temporalAddress(),
        worker.metricsServer.port());
    return worker;
  }

  /**
   * Connects to Temporal and starts polling with a database and metrics the caller owns and closes
   * (the local start shares both with the API); serves no metrics of its own.
   */
  public static WorkerMain start(
      WorkerConfig config, OpsConfig ops, Database database, FlowdMetrics metrics) {
    WorkflowServiceStubs service =
        ObservedWorkers.stubs(config.engine().temporalAddress(), metrics);
    WorkflowClient client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(config.engine().namespace())
                .setContextPropagators(List.of(new TraceContextPropagator()))
                .build());
    WorkerFactory factory = ObservedWorkers.factory(client, metrics, config.tracing());
    NodeHandlerRegistry registry = StandardComponents.registry(config.nodes());
    StandardComponents.warmCodeRunners(registry);
    FlowdWorker.register(
        factory,
        config.engine().taskQueue(),
        database,
        registry,
        config.store().vault(),
        metrics,
        config.reliability().stickyTimeout());
    factory.start();
    WorkerMain worker = new WorkerMain(ops, database, service, factory, metrics);
    worker.tracing = config.tracing();
    return worker;
  }

  /**
   * Stops polling, drains in-flight tasks within the shutdown timeout and closes the Temporal
   * connection (and the database pool and metrics when this worker opened them).
   */
  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(ops.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      LOG.warn(
          "activities still running after {}; Temporal retries them elsewhere",
          ops.shutdownTimeout());
      factory.shutdownNow();
      factory.awaitTermination(5, TimeUnit.SECONDS);
    }
    service.shutdown();
    service.awaitTermination(5, TimeUnit.SECONDS);
    tracing.close();
    if (metricsServer != null) {
      metricsServer.close();
    }
    if (ownsPools) {
      metrics.close();
      database.close();
    }
  }

  /**
   * Starts the worker; it runs until SIGTERM or SIGINT. A failed start (PostgreSQL or Temporal not
   * answering) exits 1 at once, so an orchestrator restarts the process instead of keeping a worker
   * that polls nothing.
   */
  public static void main(String[] args) {
    WorkerMain worker;
    try {
      worker = start(System.getenv());
    } catch (RuntimeException e) {
      LOG.error("the worker could not start", e);
      System.exit(1);
      return;
    }
    GracefulShutdown.onSignal("worker", worker::close);
  }
}

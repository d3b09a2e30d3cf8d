package io.flowd.worker;

import io.flowd.store.Database;
import io.flowd.worker.components.StandardComponents;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the worker process alone, against a Temporal cluster: production's worker. */
public final class WorkerMain {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  /** Starts the worker and blocks until the process is stopped. */
  public static void main(String[] args) {
    WorkerConfig config = WorkerConfig.fromEnv(System.getenv());
    Database database = Database.connect(config.databaseUrl(), config.databasePoolSize());
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(config.temporalAddress()).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(config.namespace()).build());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    FlowdWorker.register(
        factory,
        config.taskQueue(),
        database,
        StandardComponents.registry(config.allowPrivateNetworks()),
        config.vault());
    factory.start();
    LOG.info("flowd worker polling {} on {}", config.taskQueue(), config.temporalAddress());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  factory.shutdown();
                  factory.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
                  database.close();
                }));
  }
}

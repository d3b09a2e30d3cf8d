package io.flowd.worker;

import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.store.Database;
import io.flowd.store.VaultCipher;
import io.flowd.worker.observability.ObservedWorkers;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;

/**
 * The flowd worker polling the {@code flowd} task queue in this JVM, observed like {@link
 * WorkerMain}'s but without its sweepers and metrics port: the worker part of a test stack.
 *
 * @param stubs the worker's Temporal stubs
 * @param workers the started worker factory
 */
public record InProcessWorker(WorkflowServiceStubs stubs, WorkerFactory workers)
    implements AutoCloseable {

  /** Starts the worker with the standard components on the Temporal server at {@code address}. */
  public static InProcessWorker start(
      String address, Database database, VaultCipher vault, FlowdMetrics metrics) {
    WorkflowServiceStubs stubs = ObservedWorkers.stubs(address, metrics);
    WorkerFactory workers = ObservedWorkers.factory(WorkflowClient.newInstance(stubs), metrics);
    FlowdWorker.register(
        workers, "flowd", database, StandardComponents.registry(true), vault, metrics);
    workers.start();
    return new InProcessWorker(stubs, workers);
  }

  /** Stops polling, waits up to 10 s for running tasks, and closes the stubs. */
  @Override
  public void close() {
    workers.shutdownNow();
    workers.awaitTermination(10, TimeUnit.SECONDS);
    stubs.shutdownNow();
  }
}

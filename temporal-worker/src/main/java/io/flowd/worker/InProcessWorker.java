package io.flowd.worker;

import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.TraceContextPropagator;
import io.flowd.engine.observability.Tracing;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.store.Database;
import io.flowd.store.VaultCipher;
import io.flowd.worker.observability.ObservedWorkers;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The flowd worker polling the {@code flowd} task queue in this JVM, observed like {@link
 * WorkerMain}'s but without its sweepers and metrics port: the worker part of a test stack.
 *
 * @param stubs the worker's Temporal stubs
 * @param workers the started worker factory
 * @param tracing the worker's tracing, closed with it
 */
public record InProcessWorker(WorkflowServiceStubs stubs, WorkerFactory workers, Tracing tracing)
    implements AutoCloseable {

  /** Starts the worker with the standard components on the Temporal server at {@code address}. */
  public static InProcessWorker start(
      String address, Database database, VaultCipher vault, FlowdMetrics metrics) {
    return start(address, database, vault, metrics, Tracing.off());
  }

  /**
   * Like {@link #start(String, Database, VaultCipher, FlowdMetrics)}, traced by {@code tracing}.
   */
  public static InProcessWorker start(
      String address, Database database, VaultCipher vault, FlowdMetrics metrics, Tracing tracing) {
    WorkflowServiceStubs stubs = ObservedWorkers.stubs(address, metrics);
    WorkerFactory workers =
        ObservedWorkers.factory(
            WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                    .setContextPropagators(List.of(new TraceContextPropagator()))
                    .build()),
            metrics,
            tracing);
    FlowdWorker.register(
        workers, "flowd", database, StandardComponents.registry(true), vault, metrics);
    workers.start();
    return new InProcessWorker(stubs, workers, tracing);
  }

  /** Stops polling, waits up to 10 s for running tasks, and closes the stubs. */
  @Override
  public void close() {
    workers.shutdownNow();
    workers.awaitTermination(10, TimeUnit.SECONDS);
    stubs.shutdownNow();
    tracing.close();
  }
}

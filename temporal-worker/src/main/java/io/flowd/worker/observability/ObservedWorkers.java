package io.flowd.worker.observability;

import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.Tracing;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;

/** Temporal stubs and worker factories that report into {@link FlowdMetrics} and the MDC. */
public final class ObservedWorkers {
  private ObservedWorkers() {}

  /** Returns stubs for {@code address} whose SDK metrics go to {@code metrics}. */
  public static WorkflowServiceStubs stubs(String address, FlowdMetrics metrics) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(address)
            .setMetricsScope(metrics.temporalScope())
            .build());
  }

  /**
   * Returns a worker factory whose activities are observed by {@link ObservingWorkerInterceptor}.
   */
  public static WorkerFactory factory(WorkflowClient client, FlowdMetrics metrics) {
    return factory(client, metrics, Tracing.off());
  }

  /**
   * Returns a worker factory whose activities are observed by {@link ObservingWorkerInterceptor}
   * and, with tracing on, whose nodes record spans ({@link TracingWorkerInterceptor}). The client
   * should carry {@link io.flowd.engine.observability.TraceContextPropagator}.
   */
  public static WorkerFactory factory(
      WorkflowClient client, FlowdMetrics metrics, Tracing tracing) {
    WorkerFactoryOptions.Builder options = WorkerFactoryOptions.newBuilder();
    if (tracing.enabled()) {
      options.setWorkerInterceptors(
          new ObservingWorkerInterceptor(metrics), new TracingWorkerInterceptor(tracing));
    } else {
      options.setWorkerInterceptors(new ObservingWorkerInterceptor(metrics));
    }
    return WorkerFactory.newInstance(client, options.build());
  }
}

package io.flowd.bench;

import io.flowd.nodes.components.StandardComponents;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;

/**
 * The hand-written workflow's worker process: SDK defaults, the bench's task queue, against the
 * test server at {@code args[0]} (host:port). Runs until killed.
 */
public final class RawWorkerMain {
  /** The task queue of the hand-written workflow. */
  static final String QUEUE = "bench-raw";

  private RawWorkerMain() {}

  /** Connects and polls until the process is stopped. */
  public static void main(String[] args) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(args[0]).build());
    WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(stubs));
    var worker = factory.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(RawWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new RawActivitiesImpl(StandardComponents.registry(true)));
    factory.start();
    System.out.println("raw worker polling " + QUEUE + " on " + args[0]);
  }
}

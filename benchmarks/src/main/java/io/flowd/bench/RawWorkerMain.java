package io.flowd.bench;

import io.flowd.nodes.components.StandardComponents;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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

  /** How long the worker keeps trying its first call to a server too busy to answer in time. */
  private static final long START_WAIT_NANOS = 120_000_000_000L;

  private RawWorkerMain() {}

  /**
   * Starts polling; the factory's first call (a namespace request, before any state changes) is
   * tried again while the server does not answer within its deadline, as on a loaded machine.
   */
  private static void startWithin(WorkerFactory factory, long deadlineNanos) {
    while (true) {
      try {
        factory.start();
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED
            || System.nanoTime() > deadlineNanos) {
          throw e;
        }
        System.out.println("raw worker: the server did not answer in time; trying again");
      }
    }
  }

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
    startWithin(factory, System.nanoTime() + START_WAIT_NANOS);
    System.out.println("raw worker polling " + QUEUE + " on " + args[0]);
  }
}

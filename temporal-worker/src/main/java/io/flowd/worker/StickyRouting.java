package io.flowd.worker;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a run's next workflow task is routed to the worker that ran its last one (the
 * SDK's sticky queue, which saves a replay). A Temporal cluster gives such a task to any worker
 * once the sticky schedule-to-start timeout passes, so a dead or drained worker strands nothing;
 * the Java test server has no such timeout and never releases a dead worker's sticky queue, so
 * against it flowd asks for no sticky routing at all.
 */
public final class StickyRouting {
  /** The sticky schedule-to-start timeout on a cluster when none is configured. */
  public static final Duration CLUSTER_DEFAULT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(StickyRouting.class);

  private StickyRouting() {}

  /**
   * Returns worker options with the sticky schedule-to-start timeout for {@code service}: {@code
   * configured} when set (zero turns sticky routing off), else off on the test server and {@link
   * #CLUSTER_DEFAULT} on a cluster.
   */
  public static WorkerOptions options(WorkflowServiceStubs service, Duration configured) {
    Duration timeout = configured;
    if (timeout == null) {
      timeout = isTestServer(service) ? Duration.ZERO : CLUSTER_DEFAULT;
    }
    if (timeout.isZero()) {
      LOG.info("sticky workflow task routing is off: every workflow task may go to any worker");
    }
    return WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(timeout).build();
  }

  /**
   * Returns whether {@code service} is the Java test server: it reports no server version. A server
   * that does not answer counts as a cluster.
   */
  public static boolean isTestServer(WorkflowServiceStubs service) {
    try {
      return service
          .blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
          .getServerVersion()
          .isEmpty();
    } catch (RuntimeException e) {
      LOG.warn("could not ask Temporal what it is ({}); assuming a cluster", e.toString());
      return false;
    }
  }
}

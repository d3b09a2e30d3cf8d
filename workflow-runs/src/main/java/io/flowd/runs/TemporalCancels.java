package io.flowd.runs;

import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Best-effort cancellation of a run's Temporal execution. */
public final class TemporalCancels {
  private static final Logger LOG = LoggerFactory.getLogger(TemporalCancels.class);

  private TemporalCancels() {}

  /** Requests cancellation of an execution, ignoring every failure (best effort). */
  public static void cancelQuietly(WorkflowClient client, String temporalWorkflowId) {
    try {
      client.newUntypedWorkflowStub(temporalWorkflowId).cancel();
    } catch (RuntimeException e) {
      LOG.debug("no execution to cancel for {}: {}", temporalWorkflowId, e.toString());
    }
  }
}

package io.flowd.worker.child;

import io.flowd.worker.workflow.GraphRunInput;

/**
 * A child run recorded in PostgreSQL, ready to start.
 *
 * @param input the child's interpreter input
 * @param temporalWorkflowId the child's Temporal workflow id
 * @param waitForResult whether the parent waits for the child's output
 * @param queued whether the child waits for a concurrency slot of its workflow before it may start
 *     (plans recorded before concurrency limits existed are never queued)
 */
public record ChildRunPlan(
    GraphRunInput input, String temporalWorkflowId, boolean waitForResult, boolean queued) {

  /** Returns this plan with {@code waitForResult} set. */
  public ChildRunPlan withWait(boolean wait) {
    return new ChildRunPlan(input, temporalWorkflowId, wait, queued);
  }
}

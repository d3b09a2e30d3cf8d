package io.flowd.worker.child;

import io.flowd.engine.RunSpec;
import io.flowd.engine.workflow.GraphRunInput;

/**
 * A child run recorded in PostgreSQL, ready to start.
 *
 * @param input the child's interpreter input
 * @param temporalWorkflowId the child's Temporal workflow id
 * @param waitForResult whether the parent waits for the child's output
 * @param launch what the child's start options carry ({@code null} in histories recorded before
 *     child runs carried the memo and search attributes of every run)
 * @param searchAttributes whether the child's execution carries the search attributes
 * @param queued whether the child waits for a concurrency slot of its workflow before it may start
 *     (plans recorded before concurrency limits existed are never queued)
 */
public record ChildRunPlan(
    GraphRunInput input,
    String temporalWorkflowId,
    boolean waitForResult,
    RunSpec launch,
    boolean searchAttributes,
    boolean queued) {

  /** Returns this plan with {@code waitForResult} set. */
  public ChildRunPlan withWait(boolean wait) {
    return new ChildRunPlan(input, temporalWorkflowId, wait, launch, searchAttributes, queued);
  }
}

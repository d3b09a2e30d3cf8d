package io.flowd.bench;

import io.flowd.worker.activity.NodeResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The hand-written Temporal workflow P1, P2 and P6 compare flowd with: the standard graph written
 * the way a Temporal user would, without interpreter or bookkeeping.
 */
@WorkflowInterface
public interface RawWorkflow {

  /** Maps, tests the condition, then POSTs to the sink and maps again (or maps the other way). */
  @WorkflowMethod(name = "BenchRaw")
  NodeResult run(RawInput input);
}

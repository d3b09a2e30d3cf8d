package io.flowd.bench;

import io.flowd.worker.activity.NodeResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The hand-written Temporal workflow P1 and P2 compare flowd with: the standard graph's work as
 * plain activities, without interpreter or bookkeeping.
 */
@WorkflowInterface
public interface RawWorkflow {

  /** Maps, tests the condition, then POSTs to the sink and maps again (or maps the other way). */
  @WorkflowMethod(name = "BenchRaw")
  NodeResult run(RawInput input);
}

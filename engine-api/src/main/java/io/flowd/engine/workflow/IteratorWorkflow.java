package io.flowd.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs an {@code iterator} node's child runs, one batch of items per execution: it starts the
 * batch's children (at most {@code concurrency} at once), stores their outputs in PostgreSQL, and
 * continues as new with the next offset. Only payload ids travel in history, so the number of items
 * is not limited by Temporal's history limits.
 */
@WorkflowInterface
public interface IteratorWorkflow {

  /** Returns {@code {"results": [...]}} in item order, by reference when large. */
  @WorkflowMethod(name = "FlowdIterator")
  JsonNode run(IteratorInput input);
}

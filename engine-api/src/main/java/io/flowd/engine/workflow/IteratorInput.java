package io.flowd.engine.workflow;

import io.flowd.model.RunRef;
import java.util.List;

/**
 * An iterator execution's input, carried across continue-as-new.
 *
 * @param parent the run of the iterator node
 * @param nodeId the iterator node
 * @param plan what to run per item
 * @param depth the nesting depth of the child runs
 * @param offset the first item this execution handles
 * @param resultIds payload ids of the result batches of earlier executions, in item order
 */
public record IteratorInput(
    RunRef parent,
    String nodeId,
    IteratorPlan plan,
    int depth,
    int offset,
    List<String> resultIds) {}

package io.flowd.worker.child;

import io.flowd.engine.workflow.IteratorPlan;
import io.flowd.model.RunRef;
import java.util.List;

/**
 * Asks to record the child runs of one batch of iterator items.
 *
 * @param parent the run of the iterator node
 * @param plan the iterator's plan
 * @param from the index of the batch's first item
 * @param runIds one run id per item of the batch, chosen in workflow code
 * @param depth the nesting depth of the child runs
 */
public record ItemRunsRequest(
    RunRef parent, IteratorPlan plan, int from, List<String> runIds, int depth) {}

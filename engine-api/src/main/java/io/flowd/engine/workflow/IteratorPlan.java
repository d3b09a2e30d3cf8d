package io.flowd.engine.workflow;

/**
 * An {@code iterator} node's work, with its items stored out of history.
 *
 * @param itemsId the payload id of the items array
 * @param count how many items there are
 * @param workflowId the workflow run per item
 * @param workflowVersion its version, pinned for all items
 * @param concurrency how many children run at once
 * @param batchSize how many items one iterator execution handles before it continues as new
 */
public record IteratorPlan(
    String itemsId,
    int count,
    String workflowId,
    int workflowVersion,
    int concurrency,
    int batchSize) {}

package io.flowd.worker.child;

import java.util.List;

/**
 * The recorded child runs of one batch of iterator items, ready to start.
 *
 * @param runs one plan per item, in item order
 */
public record ItemRuns(List<ChildRunPlan> runs) {}

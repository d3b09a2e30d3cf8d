package io.flowd.worker.child;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.engine.workflow.IteratorPlan;
import io.flowd.model.RunRef;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The database side of child runs: templates are rendered here (claim-checked values resolved),
 * target workflows are looked up in the parent's tenant, and run rows are written idempotently.
 */
@ActivityInterface(namePrefix = "ChildRun")
public interface ChildRunActivities {

  /** Records the child run of a {@code trigger_workflow} node. */
  ChildRunPlan createChildRun(ChildRunRequest request);

  /**
   * Waits, heartbeating, until a queued child run has a concurrency slot of its workflow; fails
   * when the run ended (was cancelled) first. A cancelled wait cancels the queued run.
   */
  void awaitSlot(RunRef run);

  /** Renders an {@code iterator} node's items and stores them out of history. */
  IteratorPlan prepareIterator(ChildRunRequest request);

  /** Records the child runs of one batch of iterator items. */
  ItemRuns createItemRuns(ItemRunsRequest request);

  /**
   * Stores one batch of iterator results in the parent run's slot {@code owner}; returns its id.
   */
  String storeResults(RunRef parent, String owner, List<JsonNode> results);

  /**
   * Joins stored batches into the iterator's output {@code {"results": [...]}}, passed by reference
   * when large.
   */
  JsonNode combineResults(RunRef parent, String nodeId, List<String> resultIds);

  /**
   * Stores a finished {@code iterator} node's output apart (unless it is already a reference) and
   * returns the summary its log holds instead: items, child runs by status (of {@code workflowId}
   * when not {@code null}) and the reference to the output.
   */
  JsonNode summarizeIterator(RunRef parent, String nodeId, String workflowId, JsonNode output);

  /**
   * Marks cancelled the recorded child runs among {@code runIds} that never started, after their
   * parent's fan-out ended early (an item failed, or the parent was cancelled); returns how many.
   */
  int cancelUnstarted(RunRef parent, List<String> runIds, String reason);
}

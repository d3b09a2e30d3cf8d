package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.engine.workflow.IteratorInput;
import io.flowd.engine.workflow.IteratorPlan;
import io.flowd.engine.workflow.IteratorWorkflow;
import io.flowd.engine.workflow.RunResult;
import io.flowd.worker.child.ChildRunActivities;
import io.flowd.worker.child.ChildRunPlan;
import io.flowd.worker.child.ItemRunsRequest;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** See {@link IteratorWorkflow}. */
public final class IteratorWorkflowImpl implements IteratorWorkflow {
  @Override
  public JsonNode run(IteratorInput input) {
    boolean named = HistoryVersions.iteratorViewed();
    ChildRunActivities activities =
        named
            ? ChildRuns.activities(
                "iterator " + input.nodeId() + " of run " + input.parent().runId())
            : ChildRuns.activities();
    IteratorPlan plan = input.plan();
    int from = input.offset();
    int to = Math.min(plan.count(), from + plan.batchSize());
    List<String> runIds = new ArrayList<>();
    for (int k = from; k < to; k++) {
      runIds.add(WorkflowRunIds.next());
    }
    List<ChildRunPlan> children =
        activities
            .createItemRuns(new ItemRunsRequest(input.parent(), plan, from, runIds, input.depth()))
            .runs();
    List<JsonNode> results =
        runAll(
            activities, input, children, from, plan.concurrency(), named ? input.nodeId() : null);
    List<String> resultIds = new ArrayList<>(input.resultIds());
    resultIds.add(
        activities.storeResults(input.parent(), "results:" + input.nodeId() + ":" + from, results));
    if (to < plan.count()) {
      Workflow.continueAsNew(
          new IteratorInput(
              input.parent(), input.nodeId(), plan, input.depth(), to, List.copyOf(resultIds)));
      return null;
    }
    return activities.combineResults(input.parent(), input.nodeId(), resultIds);
  }

  /**
   * Runs the children, at most {@code concurrency} at once; returns their outputs in order. When an
   * item fails or the iterator is cancelled, the children not yet started are marked cancelled
   * (those started are cancelled by Temporal with their parent). {@code nodeId} names the item runs
   * in their start details, or is {@code null} for runs recorded before that naming.
   */
  private static List<JsonNode> runAll(
      ChildRunActivities activities,
      IteratorInput input,
      List<ChildRunPlan> children,
      int from,
      int concurrency,
      String nodeId) {
    int[] started = {0};
    try {
      return runAll(children, from, concurrency, nodeId, started);
    } catch (ApplicationFailure | CanceledFailure ended) {
      if (HistoryVersions.closeUnstarted()) {
        List<String> unstarted = new ArrayList<>();
        for (int k = started[0]; k < children.size(); k++) {
          unstarted.add(children.get(k).input().run().runId());
        }
        String reason =
            ended instanceof CanceledFailure
                ? "The iterator was cancelled before this item started."
                : "The iterator ended before this item started: " + ended.getMessage();
        Workflow.newDetachedCancellationScope(
                () -> activities.cancelUnstarted(input.parent(), unstarted, reason))
            .run();
      }
      throw ended;
    }
  }

  private static List<JsonNode> runAll(
      List<ChildRunPlan> children, int from, int concurrency, String nodeId, int[] started) {
    List<JsonNode> outputs = new ArrayList<>();
    List<Promise<RunResult>> promises = new ArrayList<>();
    List<Integer> inFlight = new ArrayList<>();
    int next = 0;
    int done = 0;
    while (done < children.size()) {
      while (inFlight.size() < concurrency && next < children.size()) {
        ChildRunPlan child = children.get(next);
        promises.add(
            ChildRuns.start(
                child,
                nodeId == null
                    ? null
                    : nodeId
                        + " · iterator item "
                        + (from + next)
                        + ": run "
                        + child.input().run().runId()));
        outputs.add(null);
        inFlight.add(next++);
        started[0] = next;
      }
      List<Promise<RunResult>> waiting = new ArrayList<>();
      inFlight.forEach(k -> waiting.add(promises.get(k)));
      // Wait for any child to end, failed or not; failures are read per child below.
      Promise.anyOf(waiting).handle((value, failure) -> null).get();
      for (Integer k : List.copyOf(inFlight)) {
        Promise<RunResult> promise = promises.get(k);
        if (promise.isCompleted()) {
          inFlight.remove(k);
          done++;
          try {
            outputs.set(k, promise.get().output());
          } catch (ChildWorkflowFailure failure) {
            String message = Failures.toNodeFailure(failure, "").getMessage();
            throw ApplicationFailure.newNonRetryableFailure(
                "item "
                    + (from + k)
                    + " (run "
                    + children.get(k).input().run().runId()
                    + ") failed: "
                    + message,
                "item_failed");
          }
        }
      }
    }
    return outputs;
  }
}

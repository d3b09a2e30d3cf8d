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
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** See {@link IteratorWorkflow}. */
public final class IteratorWorkflowImpl implements IteratorWorkflow {

  @Override
  public JsonNode run(IteratorInput input) {
    ChildRunActivities activities = ChildRuns.activities();
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
    List<JsonNode> results = runAll(children, from, plan.concurrency());
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

  /** Runs the children, at most {@code concurrency} at once; returns their outputs in order. */
  private static List<JsonNode> runAll(List<ChildRunPlan> children, int from, int concurrency) {
    List<JsonNode> outputs = new ArrayList<>();
    List<Promise<RunResult>> promises = new ArrayList<>();
    List<Integer> inFlight = new ArrayList<>();
    int next = 0;
    int done = 0;
    while (done < children.size()) {
      while (inFlight.size() < concurrency && next < children.size()) {
        promises.add(ChildRuns.start(children.get(next)));
        outputs.add(null);
        inFlight.add(next++);
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

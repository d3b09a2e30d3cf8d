package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.engine.RunLaunch;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.IteratorInput;
import io.flowd.engine.workflow.IteratorPlan;
import io.flowd.engine.workflow.IteratorWorkflow;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.RunRef;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.worker.child.ChildRunActivities;
import io.flowd.worker.child.ChildRunPlan;
import io.flowd.worker.child.ChildRunRequest;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The workflow side of {@code trigger_workflow} and {@code iterator}: each child is a normal run,
 * recorded in PostgreSQL by an activity and started as a Temporal child workflow with the run's own
 * Temporal id. These methods block, so the interpreter runs them in a workflow thread of their own.
 */
final class ChildRuns {
  private static final ActivityOptions ACTIVITY =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setMaximumAttempts(20)
                  .build())
          .build();

  private static final ActivityOptions SLOT_WAIT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofDays(366))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setDoNotRetry("child_not_started")
                  .build())
          .build();

  private ChildRuns() {}

  static ChildRunActivities activities() {
    return Workflow.newActivityStub(ChildRunActivities.class, ACTIVITY);
  }

  /** Returns the child-run bookkeeping stub whose activities carry {@code summary}. */
  static ChildRunActivities activities(String summary) {
    return Workflow.newActivityStub(
        ChildRunActivities.class, ACTIVITY.toBuilder().setSummary(summary).build());
  }

  /** Waits for queued child runs' slots: long, heartbeating, retried across worker restarts. */
  private static ChildRunActivities slots() {
    return Workflow.newActivityStub(ChildRunActivities.class, SLOT_WAIT);
  }

  /** Starts a recorded child run; its result is awaited, and a cancelled parent cancels it. */
  static Promise<RunResult> start(ChildRunPlan plan) {
    return start(plan, null);
  }

  /**
   * Like {@link #start(ChildRunPlan)}; {@code startedBy} (when not null) names the node of the
   * parent that starts the child, for the Temporal UI.
   */
  static Promise<RunResult> start(ChildRunPlan plan, String startedBy) {
    if (!plan.queued()) {
      return Async.function(stub(plan, startedBy)::run, plan.input());
    }
    return Async.function(
        () -> {
          slots().awaitSlot(plan.input().run());
          return stub(plan, startedBy).run(plan.input());
        });
  }

  /**
   * The child's start options. Since {@link HistoryVersions#CHILD_LAUNCH} they come from {@link
   * RunLaunch}, whose summary every run carries; the start command then carries {@code startedBy}
   * as its details. Before, the options were built here, with {@code startedBy} as the summary.
   */
  private static GraphWorkflow stub(ChildRunPlan plan, String startedBy) {
    ChildWorkflowOptions.Builder options;
    // Since version 1 a child carries the memo, search attributes and summary of every run.
    if (plan.launch() == null || !HistoryVersions.childLaunch()) {
      options =
          ChildWorkflowOptions.newBuilder()
              .setWorkflowId(plan.temporalWorkflowId())
              .setWorkflowIdReusePolicy(
                  WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
              .setMemo(
                  Map.of(
                      "run_id", plan.input().run().runId(),
                      "workflow_version", plan.input().run().workflowVersion(),
                      "trigger_type", "workflow"));
      if (startedBy != null) {
        options.setStaticSummary(startedBy);
      }
    } else {
      options = RunLaunch.childOptions(plan.launch(), plan.searchAttributes());
      if (startedBy != null) {
        options.setStaticDetails(startedBy);
      }
    }
    if (plan.waitForResult()) {
      options
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
          .setCancellationType(ChildWorkflowCancellationType.TRY_CANCEL);
    } else {
      options
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
          .setCancellationType(ChildWorkflowCancellationType.ABANDON);
    }
    return Workflow.newChildWorkflowStub(GraphWorkflow.class, options.build());
  }

  /** {@code trigger_workflow}: the child's last output, or {@code {"run_id"}} without waiting. */
  static NodeOutcome triggerWorkflow(
      RunRef parent, int depth, Node node, Map<String, JsonNode> scope, boolean named) {
    checkDepth(depth);
    String childRunId = WorkflowRunIds.next();
    String summary = NodeSummary.of(node);
    ChildRunPlan plan;
    try {
      plan =
          (named ? activities(summary + " (records run " + childRunId + ")") : activities())
              .createChildRun(
                  new ChildRunRequest(
                      parent, node.id(), node.data(), scope, childRunId, depth + 1));
    } catch (RuntimeException e) {
      throw Failures.toNodeFailure(e, "");
    }
    if (plan.queued()) {
      try {
        slots().awaitSlot(plan.input().run());
      } catch (RuntimeException e) {
        throw Failures.toNodeFailure(e, "child run " + childRunId + " did not start: ");
      }
    }
    GraphWorkflow child =
        stub(
            plan,
            named
                ? summary
                    + ": run "
                    + childRunId
                    + " of "
                    + plan.input().run().workflowId()
                    + " v"
                    + plan.input().run().workflowVersion()
                : null);
    Promise<RunResult> result = Async.function(child::run, plan.input());
    try {
      if (!plan.waitForResult()) {
        Workflow.getWorkflowExecution(child).get();
        return NodeOutcome.of(Json.object().put("run_id", childRunId));
      }
      return NodeOutcome.of(result.get().output());
    } catch (RuntimeException e) {
      throw Failures.toNodeFailure(e, "child run " + childRunId + " failed: ");
    }
  }

  /** {@code iterator}: one child run per item, through an {@link IteratorWorkflow} child. */
  static NodeOutcome iterate(
      RunRef parent, int depth, Node node, Map<String, JsonNode> scope, boolean named) {
    checkDepth(depth);
    String summary = NodeSummary.of(node);
    IteratorPlan plan;
    try {
      plan =
          (named ? activities(summary + " (prepares the items)") : activities())
              .prepareIterator(
                  new ChildRunRequest(parent, node.id(), node.data(), scope, null, depth + 1));
    } catch (RuntimeException e) {
      throw Failures.toNodeFailure(e, "");
    }
    if (plan.count() == 0) {
      return NodeOutcome.of(Json.object().set("results", Json.MAPPER.createArrayNode()));
    }
    ChildWorkflowOptions.Builder iteratorOptions =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId("flowd-iterator:" + parent.runId() + ":" + node.id())
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL);
    if (named) {
      iteratorOptions.setStaticSummary(summary + ": " + plan.count() + " item runs");
    }
    IteratorWorkflow iterator =
        Workflow.newChildWorkflowStub(IteratorWorkflow.class, iteratorOptions.build());
    try {
      return NodeOutcome.of(
          iterator.run(new IteratorInput(parent, node.id(), plan, depth + 1, 0, List.of())));
    } catch (RuntimeException e) {
      throw Failures.toNodeFailure(e, "");
    }
  }

  private static void checkDepth(int depth) {
    if (depth + 1 > GraphRunInput.MAX_DEPTH) {
      throw new NodeFailure(
          "too_deep",
          "runs may start child runs at most "
              + GraphRunInput.MAX_DEPTH
              + " levels deep; this run is at depth "
              + depth,
          false);
    }
  }
}

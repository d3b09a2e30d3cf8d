package io.flowd.engine;

import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.RunSearchAttributes;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.ChildWorkflowOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The one place that turns a new run into Temporal start options, for every run kind: the API's
 * runs (execute, sync, webhook, resume), schedule fires and child runs ({@code trigger_workflow},
 * iterator items). Every execution gets the same id scheme, the same memo ({@link #MEMO_KEYS}), the
 * same search attributes (when they are registered) and a summary for the Temporal UI; every new
 * run is counted once in {@code flowd_runs_started_total}.
 */
public final class RunLaunch {
  /** The memo key of the workflow's name. */
  public static final String MEMO_WORKFLOW_NAME = "workflow_name";

  /** The memo key of the workflow's version. */
  public static final String MEMO_WORKFLOW_VERSION = "workflow_version";

  /** The memo key of the run's id. */
  public static final String MEMO_RUN_ID = "run_id";

  /** The memo key of the run's trigger type. */
  public static final String MEMO_TRIGGER_TYPE = "trigger_type";

  /** Every memo key a run's execution carries, in this order. */
  public static final List<String> MEMO_KEYS =
      List.of(MEMO_WORKFLOW_NAME, MEMO_WORKFLOW_VERSION, MEMO_RUN_ID, MEMO_TRIGGER_TYPE);

  private final FlowdMetrics metrics;
  private final BooleanSupplier searchAttributes;

  /**
   * @param metrics counts new runs
   * @param searchAttributes tells whether executions may carry {@link RunSearchAttributes} (they
   *     are registered in the namespace)
   */
  public RunLaunch(FlowdMetrics metrics, BooleanSupplier searchAttributes) {
    this.metrics = metrics;
    this.searchAttributes = searchAttributes;
  }

  /** Counts a run that was just recorded, once ({@code flowd_runs_started_total{trigger_type}}). */
  public void counted(RunSpec run) {
    metrics.runStarted(run.triggerType());
  }

  /**
   * Learns from a start Temporal refused: a server that stopped answering may come back without the
   * search attributes, so they are left off until registered again; a refusal for an undefined
   * attribute registers them again now. Returns whether the start should be tried again (and
   * whether with the attributes is then {@link #searchAttributes()}).
   */
  public boolean startFailed(Throwable error) {
    if (!(searchAttributes instanceof RunSearchAttributes.Check check)) {
      return false;
    }
    if (RunSearchAttributes.isUnreachable(error)) {
      check.markUnreachable();
      return false;
    }
    if (RunSearchAttributes.isUndefinedAttribute(error)) {
      check.invalidate();
      return true;
    }
    return false;
  }

  /** Returns whether new executions carry the search attributes now. */
  public boolean searchAttributes() {
    return searchAttributes.getAsBoolean();
  }

  /**
   * Returns the options that start the run from a client on {@code taskQueue}: a second start of
   * the same run attaches to the running execution or is refused as a duplicate, never forks it.
   */
  public WorkflowOptions workflowOptions(RunSpec run, String taskQueue) {
    return workflowOptions(run, taskQueue, searchAttributes());
  }

  /** Like {@link #workflowOptions(RunSpec, String)}, with or without the search attributes. */
  public WorkflowOptions workflowOptions(
      RunSpec run, String taskQueue, boolean withSearchAttributes) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(run.temporalWorkflowId())
            .setTaskQueue(taskQueue)
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setMemo(memo(run))
            .setStaticSummary(summary(run));
    if (withSearchAttributes) {
      options.setTypedSearchAttributes(searchAttributes(run));
    }
    return options.build();
  }

  /**
   * Returns the options of a child run started from workflow code (id, reuse policy, memo, summary,
   * and the search attributes when {@code withSearchAttributes}); the caller adds the parent-close
   * and cancellation policies. Pure: safe in workflow code.
   */
  public static ChildWorkflowOptions.Builder childOptions(
      RunSpec run, boolean withSearchAttributes) {
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(run.temporalWorkflowId())
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setMemo(memo(run))
            .setStaticSummary(summary(run));
    if (withSearchAttributes) {
      options.setTypedSearchAttributes(searchAttributes(run));
    }
    return options;
  }

  /** Returns the run's memo: {@link #MEMO_KEYS}. */
  public static Map<String, Object> memo(RunSpec run) {
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put(MEMO_WORKFLOW_NAME, run.workflowName());
    memo.put(MEMO_WORKFLOW_VERSION, run.workflowVersion());
    memo.put(MEMO_RUN_ID, run.runId());
    memo.put(MEMO_TRIGGER_TYPE, run.triggerType());
    return memo;
  }

  /** Returns the run's search attributes ({@link RunSearchAttributes}). */
  public static io.temporal.common.SearchAttributes searchAttributes(RunSpec run) {
    return RunSearchAttributes.of(
        run.tenantId(), run.workflowId(), run.workflowName(), run.runId(), run.triggerType());
  }

  /**
   * Returns the run's one-line summary in the Temporal UI: {@code <name> v<version> · <trigger>}.
   */
  public static String summary(RunSpec run) {
    return run.workflowName() + " v" + run.workflowVersion() + " · " + run.triggerType();
  }
}

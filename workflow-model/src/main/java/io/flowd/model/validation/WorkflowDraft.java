package io.flowd.model.validation;

import io.flowd.model.FlowControl;
import io.flowd.model.Graph;
import io.flowd.model.Retention;
import io.flowd.model.TriggerSettings;
import io.flowd.model.Workflow;

/**
 * The writable fields of a workflow after reading and checking a request body.
 *
 * @param name the workflow's name
 * @param description its description, or {@code null}
 * @param graph its nodes and edges
 * @param scheduleType {@code manual}, {@code cron} or {@code interval}
 * @param scheduleValue the cron expression or interval, or {@code null} for manual
 * @param scheduleTimezone the IANA zone of a cron schedule (default {@code UTC})
 * @param isActive whether schedule and webhook are live (default {@code true})
 * @param triggers the schedule and webhook settings (defaults when none are given)
 * @param flowControl run timeout, concurrency and failure workflow ({@link FlowControl#NONE} when
 *     unset)
 * @param retention the workflow's own retention policy, or {@code null} for the service default
 */
public record WorkflowDraft(
    String name,
    String description,
    Graph graph,
    String scheduleType,
    String scheduleValue,
    String scheduleTimezone,
    boolean isActive,
    TriggerSettings triggers,
    FlowControl flowControl,
    Retention retention) {

  /** Returns the draft a stored workflow (at some version) is saved from. */
  public static WorkflowDraft of(Workflow w) {
    return new WorkflowDraft(
        w.name(),
        w.description(),
        w.graph(),
        w.scheduleType(),
        w.scheduleValue(),
        w.scheduleTimezone(),
        w.isActive(),
        w.triggers(),
        w.flowControl(),
        w.retention());
  }
}

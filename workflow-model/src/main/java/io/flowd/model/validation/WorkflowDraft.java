package io.flowd.model.validation;

import io.flowd.model.FlowControl;
import io.flowd.model.Graph;

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
 * @param flowControl run timeout, concurrency and failure workflow ({@link FlowControl#NONE} when
 *     unset)
 */
public record WorkflowDraft(
    String name,
    String description,
    Graph graph,
    String scheduleType,
    String scheduleValue,
    String scheduleTimezone,
    boolean isActive,
    FlowControl flowControl) {

  /** Reads the draft's fields without flow control (it defaults to none). */
  public WorkflowDraft(
      String name,
      String description,
      Graph graph,
      String scheduleType,
      String scheduleValue,
      String scheduleTimezone,
      boolean isActive) {
    this(
        name,
        description,
        graph,
        scheduleType,
        scheduleValue,
        scheduleTimezone,
        isActive,
        FlowControl.NONE);
  }
}

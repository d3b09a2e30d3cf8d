package io.flowd.store;

/**
 * A workflow row to insert at version 1; {@link WorkflowDao#insert} binds its accessors by name.
 *
 * @param id the workflow's id
 * @param name its name
 * @param description its description, or {@code null}
 * @param scheduleType {@code manual}, {@code cron} or {@code interval}
 * @param scheduleValue the cron expression or interval, or {@code null}
 * @param scheduleTimezone the IANA zone of its schedule
 * @param isActive whether schedule and webhook are live
 * @param webhookToken its webhook token, or {@code null} without a webhook trigger
 * @param createdBy the authorization id of its creator
 */
public record NewWorkflow(
    String id,
    String name,
    String description,
    String scheduleType,
    String scheduleValue,
    String scheduleTimezone,
    boolean isActive,
    String webhookToken,
    String createdBy) {}

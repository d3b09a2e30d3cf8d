package io.flowd.store;

/**
 * The new state of a workflow row; {@link WorkflowDao#update} binds its accessors by name.
 *
 * @param id the workflow's id
 * @param name its new name
 * @param description its new description, or {@code null}
 * @param version its current version after the change
 * @param scheduleType {@code manual}, {@code cron} or {@code interval}
 * @param scheduleValue the cron expression or interval, or {@code null}
 * @param scheduleTimezone the IANA zone of its schedule
 * @param isActive whether schedule and webhook are live
 * @param webhookToken its webhook token, or {@code null}
 */
public record WorkflowChange(
    String id,
    String name,
    String description,
    int version,
    String scheduleType,
    String scheduleValue,
    String scheduleTimezone,
    boolean isActive,
    String webhookToken) {}

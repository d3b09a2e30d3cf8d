package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;

/**
 * A workflow as the API shows it. List responses leave {@code nodes}, {@code edges} and {@code
 * runs} out (they are {@code null} there and not written).
 *
 * @param id {@code fl_…}
 * @param name up to 200 characters
 * @param description up to 2,000 characters, or {@code null}
 * @param version grows with every change of graph or schedule
 * @param nodes the graph's nodes, in declared order
 * @param edges the graph's edges, in declared order
 * @param scheduleType {@code manual}, {@code cron} or {@code interval}
 * @param scheduleValue the cron expression or interval, or {@code null}
 * @param scheduleTimezone IANA zone for cron schedules
 * @param nextRunAt the next fire time of an active schedule, or {@code null}
 * @param isActive whether schedule and webhook are live
 * @param webhookUrl the inbound URL when the trigger is a {@code webhook_trigger}
 * @param createdAt creation time
 * @param updatedAt last change
 * @param authorization the caller's authorization record
 * @param runs the latest runs, newest first, without logs or workflow
 * @param triggers the schedule and webhook settings, written as top-level fields
 * @param timeoutSeconds flow control: the run timeout, or {@code null}
 * @param concurrency flow control: the concurrency limit, or {@code null}
 * @param onFailure flow control: the failure workflow, or {@code null}
 * @param retention the workflow's own retention policy, or {@code null} for the service default
 */
public record Workflow(
    String id,
    String name,
    String description,
    int version,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Node> nodes,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Edge> edges,
    @JsonProperty("schedule_type") String scheduleType,
    @JsonProperty("schedule_value") String scheduleValue,
    @JsonProperty("schedule_timezone") String scheduleTimezone,
    @JsonProperty("next_run_at") Instant nextRunAt,
    @JsonProperty("is_active") boolean isActive,
    @JsonProperty("webhook_url") String webhookUrl,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    Authorization authorization,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Run> runs,
    @JsonUnwrapped TriggerSettings triggers,
    // Flow control (FlowControl), kept together.
    @JsonProperty("timeout_seconds") Integer timeoutSeconds,
    FlowControl.Concurrency concurrency,
    @JsonProperty("on_failure") FlowControl.OnFailure onFailure,
    Retention retention) {

  /** Creates a workflow with the given trigger settings and without flow-control settings. */
  public Workflow(
      String id,
      String name,
      String description,
      int version,
      List<Node> nodes,
      List<Edge> edges,
      String scheduleType,
      String scheduleValue,
      String scheduleTimezone,
      Instant nextRunAt,
      boolean isActive,
      String webhookUrl,
      Instant createdAt,
      Instant updatedAt,
      Authorization authorization,
      List<Run> runs,
      TriggerSettings triggers) {
    this(
        id,
        name,
        description,
        version,
        nodes,
        edges,
        scheduleType,
        scheduleValue,
        scheduleTimezone,
        nextRunAt,
        isActive,
        webhookUrl,
        createdAt,
        updatedAt,
        authorization,
        runs,
        triggers,
        null,
        null,
        null,
        null);
  }

  /** Returns the flow-control settings of this workflow version. */
  public FlowControl flowControl() {
    return new FlowControl(timeoutSeconds, concurrency, onFailure);
  }

  /** Returns a copy with the given flow-control settings. */
  public Workflow withFlowControl(FlowControl fc) {
    FlowControl f = FlowControl.orNone(fc);
    return new Workflow(
        id,
        name,
        description,
        version,
        nodes,
        edges,
        scheduleType,
        scheduleValue,
        scheduleTimezone,
        nextRunAt,
        isActive,
        webhookUrl,
        createdAt,
        updatedAt,
        authorization,
        runs,
        triggers,
        f.timeoutSeconds(),
        f.concurrency(),
        f.onFailure(),
        retention);
  }

  /** Returns a copy with the given retention policy ({@code null}: the service default). */
  public Workflow withRetention(Retention policy) {
    return new Workflow(
        id,
        name,
        description,
        version,
        nodes,
        edges,
        scheduleType,
        scheduleValue,
        scheduleTimezone,
        nextRunAt,
        isActive,
        webhookUrl,
        createdAt,
        updatedAt,
        authorization,
        runs,
        triggers,
        timeoutSeconds,
        concurrency,
        onFailure,
        policy);
  }

  /** Returns the graph of this workflow. */
  public Graph graph() {
    return new Graph(nodes, edges);
  }

  /** Returns a copy with the given authorization and latest runs. */
  public Workflow withDetails(Authorization auth, List<Run> latestRuns) {
    return new Workflow(
        id,
        name,
        description,
        version,
        nodes,
        edges,
        scheduleType,
        scheduleValue,
        scheduleTimezone,
        nextRunAt,
        isActive,
        webhookUrl,
        createdAt,
        updatedAt,
        auth,
        latestRuns,
        triggers,
        timeoutSeconds,
        concurrency,
        onFailure,
        retention);
  }

  /** Returns the list-view copy, without graph and runs. */
  public Workflow summary() {
    return new Workflow(
        id,
        name,
        description,
        version,
        null,
        null,
        scheduleType,
        scheduleValue,
        scheduleTimezone,
        nextRunAt,
        isActive,
        webhookUrl,
        createdAt,
        updatedAt,
        authorization,
        null,
        triggers,
        timeoutSeconds,
        concurrency,
        onFailure,
        retention);
  }
}

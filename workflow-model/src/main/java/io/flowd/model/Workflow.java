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

  /** Returns a builder of a workflow; unset fields are {@code null}, {@code 0} or {@code false}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from this workflow's fields. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .name(name)
        .description(description)
        .version(version)
        .nodes(nodes)
        .edges(edges)
        .scheduleType(scheduleType)
        .scheduleValue(scheduleValue)
        .scheduleTimezone(scheduleTimezone)
        .nextRunAt(nextRunAt)
        .isActive(isActive)
        .webhookUrl(webhookUrl)
        .createdAt(createdAt)
        .updatedAt(updatedAt)
        .authorization(authorization)
        .runs(runs)
        .triggers(triggers)
        .flowControl(flowControl())
        .retention(retention);
  }

  /** Returns the flow-control settings of this workflow version. */
  public FlowControl flowControl() {
    return new FlowControl(timeoutSeconds, concurrency, onFailure);
  }

  /** Returns a copy with the given flow-control settings. */
  public Workflow withFlowControl(FlowControl fc) {
    return toBuilder().flowControl(fc).build();
  }

  /** Returns a copy with the given retention policy ({@code null}: the service default). */
  public Workflow withRetention(Retention policy) {
    return toBuilder().retention(policy).build();
  }

  /** Returns the graph of this workflow. */
  public Graph graph() {
    return new Graph(nodes, edges);
  }

  /** Returns a copy with the given authorization and latest runs. */
  public Workflow withDetails(Authorization auth, List<Run> latestRuns) {
    return toBuilder().authorization(auth).runs(latestRuns).build();
  }

  /** Returns the list-view copy, without graph and runs. */
  public Workflow summary() {
    return toBuilder().nodes(null).edges(null).runs(null).build();
  }

  /** Builds a {@link Workflow} field by field; the one way to make one besides its constructor. */
  public static final class Builder {
    private String id;
    private String name;
    private String description;
    private int version;
    private List<Node> nodes;
    private List<Edge> edges;
    private String scheduleType;
    private String scheduleValue;
    private String scheduleTimezone;
    private Instant nextRunAt;
    private boolean isActive;
    private String webhookUrl;
    private Instant createdAt;
    private Instant updatedAt;
    private Authorization authorization;
    private List<Run> runs;
    private TriggerSettings triggers;
    private FlowControl flowControl = FlowControl.NONE;
    private Retention retention;

    private Builder() {}

    public Builder id(String value) {
      id = value;
      return this;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder version(int value) {
      version = value;
      return this;
    }

    public Builder nodes(List<Node> value) {
      nodes = value;
      return this;
    }

    public Builder edges(List<Edge> value) {
      edges = value;
      return this;
    }

    public Builder scheduleType(String value) {
      scheduleType = value;
      return this;
    }

    public Builder scheduleValue(String value) {
      scheduleValue = value;
      return this;
    }

    public Builder scheduleTimezone(String value) {
      scheduleTimezone = value;
      return this;
    }

    public Builder nextRunAt(Instant value) {
      nextRunAt = value;
      return this;
    }

    public Builder isActive(boolean value) {
      isActive = value;
      return this;
    }

    public Builder webhookUrl(String value) {
      webhookUrl = value;
      return this;
    }

    public Builder createdAt(Instant value) {
      createdAt = value;
      return this;
    }

    public Builder updatedAt(Instant value) {
      updatedAt = value;
      return this;
    }

    public Builder authorization(Authorization value) {
      authorization = value;
      return this;
    }

    public Builder runs(List<Run> value) {
      runs = value;
      return this;
    }

    public Builder triggers(TriggerSettings value) {
      triggers = value;
      return this;
    }

    /** Sets the flow-control settings; {@code null} is none. */
    public Builder flowControl(FlowControl value) {
      flowControl = FlowControl.orNone(value);
      return this;
    }

    /** Sets the workflow's own retention policy; {@code null} is the service default. */
    public Builder retention(Retention value) {
      retention = value;
      return this;
    }

    public Workflow build() {
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
          flowControl.timeoutSeconds(),
          flowControl.concurrency(),
          flowControl.onFailure(),
          retention);
    }
  }
}

package io.flowd.store;

import io.flowd.model.Edge;
import io.flowd.model.FlowControl;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.validation.WorkflowDraft;
import java.util.List;

/**
 * An immutable version of a workflow's graph and schedule; {@link WorkflowDao#insertVersion} binds
 * its accessors by name, the graph as JSON.
 *
 * @param workflowId the workflow
 * @param version the version number
 * @param name the workflow's name at this version
 * @param description its description, or {@code null}
 * @param nodes the graph's nodes
 * @param edges the graph's edges
 * @param scheduleType {@code manual}, {@code cron} or {@code interval}
 * @param scheduleValue the cron expression or interval, or {@code null}
 * @param scheduleTimezone the IANA zone of the schedule
 * @param flowControl the version's flow-control settings, or {@code null} for none
 */
public record WorkflowVersion(
    String workflowId,
    int version,
    String name,
    String description,
    List<Node> nodes,
    List<Edge> edges,
    String scheduleType,
    String scheduleValue,
    String scheduleTimezone,
    FlowControl flowControl) {

  /** Returns version {@code version} of workflow {@code workflowId} as {@code draft} defines it. */
  public static WorkflowVersion of(String workflowId, int version, WorkflowDraft draft) {
    return new WorkflowVersion(
        workflowId,
        version,
        draft.name(),
        draft.description(),
        draft.graph().nodes(),
        draft.graph().edges(),
        draft.scheduleType(),
        draft.scheduleValue(),
        draft.scheduleTimezone(),
        draft.flowControl());
  }

  /** Returns the nodes as the JSON the {@code nodes} column stores. */
  public String nodesJson() {
    return Json.write(nodes);
  }

  /**
   * Returns the flow-control settings as the JSON the {@code flow_control} column stores, or {@code
   * null} when nothing is set.
   */
  public String flowControlJson() {
    FlowControl f = FlowControl.orNone(flowControl);
    return f.equals(FlowControl.NONE) ? null : Json.write(f);
  }

  /** Returns the edges as the JSON the {@code edges} column stores. */
  public String edgesJson() {
    return Json.write(edges);
  }
}

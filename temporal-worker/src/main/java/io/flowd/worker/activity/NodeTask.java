package io.flowd.worker.activity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.RunRef;
import java.util.List;
import java.util.Map;

/**
 * One node to run in the node activity.
 *
 * @param run the run it belongs to
 * @param nodeId the node's id
 * @param componentId the node's component
 * @param data the node's config, templates not yet rendered
 * @param input the output of the node's first taken predecessor
 * @param scope the template roots the config refers to (node outputs, trigger, run, workflow)
 * @param maxAttempts how many attempts the node gets, so an attempt knows whether it is the last
 * @param begin when not {@code null}, this activity carries the run's first write: before its call
 *     it marks the run running and upserts these logs (of the nodes evaluated before it)
 */
public record NodeTask(
    RunRef run,
    String nodeId,
    String componentId,
    ObjectNode data,
    JsonNode input,
    Map<String, JsonNode> scope,
    int maxAttempts,
    List<LogEntry> begin) {

  /** The canonical constructor, the one Jackson uses. */
  @JsonCreator
  public NodeTask {}

  /** Creates a task that carries no run write. */
  public NodeTask(
      RunRef run,
      String nodeId,
      String componentId,
      ObjectNode data,
      JsonNode input,
      Map<String, JsonNode> scope,
      int maxAttempts) {
    this(run, nodeId, componentId, data, input, scope, maxAttempts, null);
  }
}

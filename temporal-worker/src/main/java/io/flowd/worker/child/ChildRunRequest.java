package io.flowd.worker.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.RunRef;
import java.util.Map;

/**
 * A {@code trigger_workflow} or {@code iterator} node asking for child runs.
 *
 * @param parent the run the node belongs to
 * @param nodeId the node's id
 * @param data the node's config, templates not yet rendered
 * @param scope the template roots the config refers to
 * @param childRunId the id the child run gets (chosen in workflow code, so retries reuse it)
 * @param depth the nesting depth of the child runs
 */
public record ChildRunRequest(
    RunRef parent,
    String nodeId,
    ObjectNode data,
    Map<String, JsonNode> scope,
    String childRunId,
    int depth) {}

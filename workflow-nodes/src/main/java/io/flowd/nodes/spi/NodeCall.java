package io.flowd.nodes.spi;

/**
 * Which node of which run an activity attempt executes. Handlers use it for identifiers that must
 * stay the same across retries, such as the message id of a broker publish.
 *
 * @param tenantId the run's tenant
 * @param runId the run, or {@code test-node} when the node is tried out on its own
 * @param nodeId the node's id in the graph
 */
public record NodeCall(String tenantId, String runId, String nodeId) {

  /** Returns a stable identifier of this node in this run: {@code flowd-<runId>-<nodeId>}. */
  public String stableId() {
    return "flowd-" + runId + "-" + nodeId;
  }
}

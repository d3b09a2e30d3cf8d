package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.template.Templates;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.vault.SecretMask;
import io.flowd.worker.activity.NodeResult;
import java.util.Map;

/** Runs the very handlers flowd runs, without logs or run bookkeeping. */
final class RawActivitiesImpl implements RawActivities {
  private final NodeHandlerRegistry registry;

  RawActivitiesImpl(NodeHandlerRegistry registry) {
    this.registry = registry;
  }

  @Override
  public NodeResult step(String componentId, ObjectNode data, Map<String, JsonNode> scope) {
    ObjectNode config = (ObjectNode) Templates.render(data, scope::get);
    NodeOutcome outcome =
        NodeExecution.invoke(
            new NodeExecution.Prepared(registry.get(componentId), config, SecretMask.NONE), null);
    return new NodeResult(outcome.output(), outcome.handle());
  }
}

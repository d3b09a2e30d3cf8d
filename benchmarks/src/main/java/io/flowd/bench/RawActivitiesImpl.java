package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.template.Templates;
import io.flowd.worker.activity.NodeResult;
import io.flowd.worker.node.ActivityNodeHandler;
import io.flowd.worker.node.NodeHandler;
import io.flowd.worker.node.NodeHandlerRegistry;
import io.flowd.worker.node.NodeOutcome;
import io.flowd.worker.node.PureNodeHandler;
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
    NodeHandler handler = registry.get(componentId);
    NodeOutcome outcome =
        handler instanceof ActivityNodeHandler activity
            ? activity.execute(config, null)
            : ((PureNodeHandler) handler).evaluate(config, null);
    return new NodeResult(outcome.output(), outcome.handle());
  }
}

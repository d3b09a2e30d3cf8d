package io.flowd.nodes.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import java.util.List;

/**
 * A trigger: its output is the run's trigger payload, so it has nothing to execute.
 *
 * @param componentId the trigger's component id, such as {@code manual_trigger}
 */
public record TriggerHandler(String componentId) implements NodeHandler {

  @Override
  public NodeType type() {
    return NodeType.TRIGGER;
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String pathPrefix) {
    return List.of();
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.trigger(this);
  }

  /** Returns false: this node runs in workflow code (or starts a run), where no secret resolves. */
  @Override
  public boolean resolvesVault() {
    return false;
  }
}

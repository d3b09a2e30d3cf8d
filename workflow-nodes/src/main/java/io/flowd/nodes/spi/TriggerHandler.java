package io.flowd.nodes.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import java.util.List;

/**
 * A trigger: its output is the run's trigger payload, so it has nothing to execute.
 *
 * @param componentId the trigger's component id, such as {@code manual_trigger}
 * @param consumesBroker whether the API process consumes a message broker for it ({@code
 *     rabbitmq_trigger} and the like): its connection settings may then refer to the vault
 */
public record TriggerHandler(String componentId, boolean consumesBroker) implements NodeHandler {

  /** Creates a trigger that starts runs from HTTP calls or schedules. */
  public TriggerHandler(String componentId) {
    this(componentId, false);
  }

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

  /**
   * Returns false for triggers that run in workflow code (or start a run), where no secret
   * resolves; true for broker triggers, whose connection settings the API resolves when it
   * connects.
   */
  @Override
  public boolean resolvesVault() {
    return consumesBroker;
  }
}

package io.flowd.nodes.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.ActivityNodeHandler;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeCall;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.vault.SecretMask;
import java.util.List;
import java.util.UUID;

/**
 * The part every broker publish node shares: the process's broker connections, no checks beyond the
 * component schema, and a one-off message id for a call outside a run (test-node). A subclass
 * publishes one message for a {@link NodeCall} and succeeds only once the broker confirmed it.
 */
abstract class BrokerPublishHandler extends HandlerBase implements ActivityNodeHandler {
  /** The connections of this process, shared by every publish node. */
  protected final BrokerClients clients;

  BrokerPublishHandler(String type, BrokerClients clients) {
    super(type, NodeType.ACTION);
    this.clients = clients;
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String pathPrefix) {
    return List.of();
  }

  @Override
  public NodeOutcome execute(ObjectNode config, JsonNode input) {
    return execute(config, input, SecretMask.NONE);
  }

  @Override
  public NodeOutcome execute(ObjectNode config, JsonNode input, SecretMask secrets) {
    return execute(config, input, secrets, new NodeCall("", "test-node", UUID.randomUUID() + ""));
  }

  @Override
  public abstract NodeOutcome execute(
      ObjectNode config, JsonNode input, SecretMask secrets, NodeCall call);
}

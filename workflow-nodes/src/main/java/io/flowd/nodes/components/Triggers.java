package io.flowd.nodes.components;

import io.flowd.nodes.NodesConfig;
import io.flowd.nodes.spi.NodeHandler;
import io.flowd.nodes.spi.NodeHandlerProvider;
import io.flowd.nodes.spi.TriggerHandler;
import java.util.List;

/**
 * Registers the trigger components; only the broker triggers take configuration (checked by their
 * schemas).
 */
public final class Triggers implements NodeHandlerProvider {

  @Override
  public List<NodeHandler> handlers(NodesConfig config) {
    return List.of(
        new TriggerHandler("manual_trigger"),
        new TriggerHandler("webhook_trigger"),
        new TriggerHandler("scheduled_trigger"),
        new TriggerHandler("api_trigger"),
        new TriggerHandler("workflow_trigger"),
        new TriggerHandler("rabbitmq_trigger", true),
        new TriggerHandler("nats_trigger", true),
        new TriggerHandler("kafka_trigger", true));
  }
}

package io.flowd.nodes.broker;

import io.flowd.nodes.NodesConfig;
import io.flowd.nodes.spi.NodeHandler;
import io.flowd.nodes.spi.NodeHandlerProvider;
import java.util.List;

/**
 * Registers {@code rabbitmq_publish}, {@code nats_publish} and {@code kafka_publish}; the three
 * share one {@link BrokerClients}, so a process keeps one connection per broker and settings.
 */
public final class BrokerPublishers implements NodeHandlerProvider {

  @Override
  public List<NodeHandler> handlers(NodesConfig config) {
    BrokerClients clients = new BrokerClients();
    Runtime.getRuntime().addShutdownHook(new Thread(clients::close, "flowd-broker-clients-close"));
    return List.of(
        new RabbitPublishHandler(clients),
        new NatsPublishHandler(clients),
        new KafkaPublishHandler(clients));
  }
}

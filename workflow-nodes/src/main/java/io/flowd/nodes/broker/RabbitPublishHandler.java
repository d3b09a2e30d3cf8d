package io.flowd.nodes.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.flowd.model.Json;
import io.flowd.model.NodeSettings;
import io.flowd.nodes.spi.NodeCall;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.vault.SecretMask;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code rabbitmq_publish}: publishes one message to an exchange and succeeds only once the broker
 * confirmed it (publisher confirms). Its {@code message-id} property is {@code flowd-<run>-<node>},
 * the same for every attempt, so consumers can drop a retried copy.
 */
final class RabbitPublishHandler extends BrokerPublishHandler {

  RabbitPublishHandler(BrokerClients clients) {
    super("rabbitmq_publish", clients);
  }

  @Override
  public NodeOutcome execute(ObjectNode config, JsonNode input, SecretMask secrets, NodeCall call) {
    BrokerSettings.Rabbit settings = BrokerSettings.rabbit(config);
    String exchange = BrokerSettings.optional(config, "exchange");
    String routingKey = BrokerSettings.required(config, "routing_key");
    Map<String, Object> headers = new HashMap<>(MessageBodies.headers(config));
    String messageId = call.stableId();
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .messageId(messageId)
            .contentType(MessageBodies.contentType(config))
            .deliveryMode(config.path("persistent").asBoolean(true) ? 2 : 1)
            .headers(headers)
            .build();
    long timeoutMillis = NodeSettings.of(config).timeoutSeconds() * 1000L;
    try {
      BrokerClients.RabbitPool pool = clients.rabbit(settings);
      Channel channel = pool.take();
      try {
        channel.basicPublish(
            exchange == null ? "" : exchange,
            routingKey,
            false,
            properties,
            MessageBodies.bytes(config.get("body")));
        channel.waitForConfirmsOrDie(Math.max(1_000, timeoutMillis));
      } catch (RuntimeException | java.io.IOException | java.util.concurrent.TimeoutException e) {
        BrokerClients.closeQuietly(channel);
        throw e;
      }
      pool.giveBack(channel);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PublishFailures.retryable("RabbitMQ", e);
    } catch (Exception e) {
      if (e instanceof java.io.IOException || e instanceof java.util.concurrent.TimeoutException) {
        clients.dropRabbit(settings);
      }
      if (e instanceof IllegalArgumentException) {
        throw PublishFailures.refused("RabbitMQ", e.getMessage());
      }
      throw PublishFailures.retryable("RabbitMQ", e);
    }
    ObjectNode out = Json.object();
    out.put("message_id", messageId);
    out.put("exchange", exchange == null ? "" : exchange);
    out.put("routing_key", routingKey);
    out.put("confirmed", true);
    return NodeOutcome.of(out);
  }
}

package io.flowd.api.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.LongString;
import io.flowd.model.Json;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.broker.BrokerClients;
import io.flowd.nodes.broker.BrokerSettings;
import io.flowd.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code rabbitmq_trigger}: consumes a queue with manual acks and a prefetch; replicas are
 * competing consumers of the same queue. A message is acked once its run is stored, rejected
 * without requeue when it is poison (the queue's dead-letter exchange takes it, if it has one), and
 * requeued when its run could not be stored.
 */
final class RabbitTriggerConsumer extends TriggerConsumer {
  private volatile Connection connection;

  RabbitTriggerConsumer(
      TriggerSpec spec,
      TriggerStats stats,
      NodeExecution execution,
      BrokerRunStarts starts,
      Database database) {
    super(spec, stats, execution, starts, database);
  }

  @Override
  protected void consume(ObjectNode config, MessageIntake intake) throws Exception {
    BrokerSettings.Rabbit settings = BrokerSettings.rabbit(config);
    String queue = TriggerSpec.textOf(config, "queue");
    connection = BrokerClients.openRabbit(settings, "flowd trigger " + spec);
    CountDownLatch lost = new CountDownLatch(1);
    connection.addShutdownListener(cause -> lost.countDown());
    Channel channel = connection.createChannel();
    if (config.path("declare").asBoolean(false)) {
      Map<String, Object> args = new HashMap<>();
      String dlx = TriggerSpec.textOf(config, "dead_letter_exchange");
      if (dlx != null) {
        args.put("x-dead-letter-exchange", dlx);
      }
      channel.queueDeclare(queue, true, false, false, args);
      String exchange = TriggerSpec.textOf(config, "exchange");
      if (exchange != null) {
        String routingKey = TriggerSpec.textOf(config, "routing_key");
        channel.queueBind(queue, exchange, routingKey == null ? queue : routingKey);
      }
    } else {
      channel.queueDeclarePassive(queue);
    }
    channel.basicQos(TriggerSpec.intOf(config, "prefetch", 20));
    String dedupeHeader = TriggerSpec.textOf(config, "dedupe_header");
    channel.basicConsume(
        queue,
        false,
        "flowd-" + spec.workflow().id() + "-" + spec.node().id(),
        (tag, delivery) -> handle(channel, intake, delivery, dedupeHeader),
        tag -> lost.countDown());
    Channel lagChannel = connection.createChannel();
    stats.connected(true);
    while (!closed) {
      if (lost.await(TriggerConsumer.LAG_EVERY_MILLIS, TimeUnit.MILLISECONDS)) {
        throw new java.io.IOException("the RabbitMQ connection was lost");
      }
      stats.lag(lagChannel.messageCount(queue));
    }
  }

  private void handle(Channel channel, MessageIntake intake, Delivery delivery, String dedupeHeader)
      throws java.io.IOException {
    long tag = delivery.getEnvelope().getDeliveryTag();
    try {
      if (!awaitCapacity(intake)) {
        return; // closing: the message goes back to the queue with the channel
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    MessageIntake.Result result = intake.take(message(delivery, dedupeHeader));
    switch (result.verdict()) {
      case ACK -> channel.basicAck(tag, false);
      case DEAD_LETTER -> channel.basicReject(tag, false);
      case RETRY -> {
        sleepQuietly(1_000);
        channel.basicNack(tag, false, true);
      }
    }
  }

  private InboundMessage message(Delivery delivery, String dedupeHeader) {
    AMQP.BasicProperties props = delivery.getProperties();
    ObjectNode headers = Json.object();
    Map<String, Object> raw = props.getHeaders() == null ? Map.of() : props.getHeaders();
    new TreeMap<>(raw)
        .forEach((name, value) -> headers.set(name, Json.MAPPER.valueToTree(plain(value))));
    ObjectNode properties = Json.object();
    properties.put("message_id", props.getMessageId());
    properties.put("content_type", props.getContentType());
    properties.put("content_encoding", props.getContentEncoding());
    properties.put("correlation_id", props.getCorrelationId());
    properties.put("reply_to", props.getReplyTo());
    properties.put("type", props.getType());
    properties.put("app_id", props.getAppId());
    properties.put("user_id", props.getUserId());
    properties.put("priority", props.getPriority());
    properties.put("delivery_mode", props.getDeliveryMode());
    properties.put(
        "timestamp",
        props.getTimestamp() == null ? null : props.getTimestamp().toInstant().toString());
    ObjectNode fields = Json.object();
    fields.put("exchange", delivery.getEnvelope().getExchange());
    fields.put("routing_key", delivery.getEnvelope().getRoutingKey());
    fields.put("redelivered", delivery.getEnvelope().isRedeliver());
    Object count = raw.get("x-delivery-count");
    fields.put(
        "delivery_count",
        count instanceof Number n
            ? n.longValue() + 1
            : (delivery.getEnvelope().isRedeliver() ? 2 : 1));
    return new InboundMessage(
        identity(delivery, raw, dedupeHeader),
        delivery.getBody(),
        props.getContentType(),
        headers,
        properties,
        fields);
  }

  /** The message-id, else the dedupe header, else a hash of body and properties. */
  static String identity(Delivery delivery, Map<String, Object> headers, String dedupeHeader) {
    AMQP.BasicProperties props = delivery.getProperties();
    if (props.getMessageId() != null && !props.getMessageId().isEmpty()) {
      return "message-id:" + props.getMessageId();
    }
    if (dedupeHeader != null && headers.get(dedupeHeader) != null) {
      return "header:" + plain(headers.get(dedupeHeader));
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      TreeMap<String, Object> stable = new TreeMap<>();
      headers.forEach(
          (name, value) -> {
            if (!name.startsWith("x-")) {
              stable.put(name, plain(value));
            }
          });
      String described =
          String.join(
              "\n",
              String.valueOf(props.getContentType()),
              String.valueOf(props.getContentEncoding()),
              String.valueOf(props.getCorrelationId()),
              String.valueOf(props.getType()),
              String.valueOf(props.getAppId()),
              String.valueOf(props.getTimestamp() == null ? null : props.getTimestamp().getTime()),
              Json.write(Json.MAPPER.valueToTree(stable)));
      digest.update(described.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(delivery.getBody());
      return "sha256:" + HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Turns AMQP header values (long strings, nested tables and arrays) into plain Java values. */
  static Object plain(Object value) {
    if (value instanceof LongString s) {
      return new String(s.getBytes(), StandardCharsets.UTF_8);
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(RabbitTriggerConsumer::plain).toList();
    }
    if (value instanceof java.util.Date date) {
      return date.toInstant().toString();
    }
    return value;
  }

  @Override
  protected void wake() {
    Connection c = connection;
    if (c != null) {
      try {
        c.abort(2_000);
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
    super.wake();
  }

  @Override
  protected void release() {
    Connection c = connection;
    connection = null;
    if (c != null && c.isOpen()) {
      c.abort(2_000);
    }
  }
}

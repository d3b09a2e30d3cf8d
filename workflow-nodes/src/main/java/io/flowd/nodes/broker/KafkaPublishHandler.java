package io.flowd.nodes.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeSettings;
import io.flowd.nodes.spi.NodeCall;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.vault.SecretMask;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;

/**
 * {@code kafka_publish}: produces one record with the idempotent producer ({@code acks=all}) and
 * succeeds once every in-sync replica has it. The header {@value #MESSAGE_ID_HEADER} carries {@code
 * flowd-<run>-<node>}, the same for every attempt.
 */
final class KafkaPublishHandler extends BrokerPublishHandler {
  /** The record header with the stable message id. */
  static final String MESSAGE_ID_HEADER = "flowd-message-id";

  KafkaPublishHandler(BrokerClients clients) {
    super("kafka_publish", clients);
  }

  @Override
  public NodeOutcome execute(ObjectNode config, JsonNode input, SecretMask secrets, NodeCall call) {
    BrokerSettings.Kafka settings = BrokerSettings.kafka(config);
    String topic = BrokerSettings.required(config, "topic");
    String key = BrokerSettings.optional(config, "key");
    JsonNode partition = config.get("partition");
    String messageId = call.stableId();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            partition != null && partition.canConvertToInt() ? partition.intValue() : null,
            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            MessageBodies.bytes(config.get("body")));
    MessageBodies.headers(config)
        .forEach(
            (name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
    record.headers().add(MESSAGE_ID_HEADER, messageId.getBytes(StandardCharsets.UTF_8));
    record
        .headers()
        .add("content-type", MessageBodies.contentType(config).getBytes(StandardCharsets.UTF_8));
    RecordMetadata metadata;
    try {
      metadata =
          clients
              .kafka(settings)
              .send(record)
              .get(NodeSettings.of(config).timeoutSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PublishFailures.retryable("Kafka", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RetriableException) {
        throw PublishFailures.retryable("Kafka", e);
      }
      throw PublishFailures.refused("Kafka", PublishFailures.describe(e.getCause()));
    } catch (Exception e) {
      throw PublishFailures.retryable("Kafka", e);
    }
    ObjectNode out = Json.object();
    out.put("message_id", messageId);
    out.put("topic", metadata.topic());
    out.put("partition", metadata.partition());
    out.put("offset", metadata.offset());
    out.put("timestamp", metadata.timestamp());
    return NodeOutcome.of(out);
  }
}

package io.flowd.api.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One message as a consumer received it, before it becomes a run's trigger payload.
 *
 * @param identity what identifies the message within its trigger (becomes the run's key)
 * @param body the raw body
 * @param contentType the message's content type, or {@code null}
 * @param headers the message's headers, values as JSON
 * @param properties the broker's message properties (RabbitMQ's, Kafka's key and timestamp)
 * @param fields the broker's own fields: routing key, subject, topic, partition, offset,
 *     redelivered flag, delivery count
 */
record InboundMessage(
    String identity,
    byte[] body,
    String contentType,
    ObjectNode headers,
    ObjectNode properties,
    ObjectNode fields) {}

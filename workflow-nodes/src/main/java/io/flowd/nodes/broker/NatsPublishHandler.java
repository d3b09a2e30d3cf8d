package io.flowd.nodes.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeSettings;
import io.flowd.nodes.spi.NodeCall;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.vault.SecretMask;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.time.Duration;

/**
 * {@code nats_publish}: publishes one message to a JetStream subject and succeeds once the stream
 * acknowledged it. Its {@code Nats-Msg-Id} is {@code flowd-<run>-<node>}, so JetStream itself drops
 * a retried copy within the stream's duplicate window.
 */
final class NatsPublishHandler extends BrokerPublishHandler {

  NatsPublishHandler(BrokerClients clients) {
    super("nats_publish", clients);
  }

  @Override
  public NodeOutcome execute(ObjectNode config, JsonNode input, SecretMask secrets, NodeCall call) {
    BrokerSettings.Nats settings = BrokerSettings.nats(config);
    String subject = BrokerSettings.required(config, "subject");
    String messageId = call.stableId();
    Headers headers = new Headers();
    MessageBodies.headers(config).forEach(headers::add);
    headers.put("Content-Type", MessageBodies.contentType(config));
    PublishOptions.Builder options =
        PublishOptions.builder()
            .messageId(messageId)
            .streamTimeout(Duration.ofSeconds(NodeSettings.of(config).timeoutSeconds()));
    String stream = BrokerSettings.optional(config, "stream");
    if (stream != null) {
      options.expectedStream(stream);
    }
    PublishAck ack;
    try {
      ack =
          clients
              .nats(settings)
              .jetStream()
              .publish(subject, headers, MessageBodies.bytes(config.get("body")), options.build());
    } catch (JetStreamApiException e) {
      throw PublishFailures.refused("NATS JetStream", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PublishFailures.retryable("NATS JetStream", e);
    } catch (Exception e) {
      throw PublishFailures.retryable("NATS JetStream", e);
    }
    ObjectNode out = Json.object();
    out.put("message_id", messageId);
    out.put("subject", subject);
    out.put("stream", ack.getStream());
    out.put("seq", ack.getSeqno());
    out.put("duplicate", ack.isDuplicate());
    return NodeOutcome.of(out);
  }
}

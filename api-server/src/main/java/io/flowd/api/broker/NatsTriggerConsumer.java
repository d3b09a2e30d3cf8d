package io.flowd.api.broker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.broker.BrokerClients;
import io.flowd.nodes.broker.BrokerSettings;
import io.flowd.store.Database;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code nats_trigger}: pulls from a durable JetStream consumer with explicit acks; every replica
 * binds the same durable, so JetStream hands each message to one of them. A message is acked once
 * its run is stored, terminated ({@code term}) when it is poison, and nak'ed with a delay when its
 * run could not be stored. The client reconnects by itself; fetches fail meanwhile.
 */
final class NatsTriggerConsumer extends TriggerConsumer {
  private volatile Connection connection;

  NatsTriggerConsumer(
      TriggerSpec spec,
      TriggerStats stats,
      NodeExecution execution,
      BrokerRunStarts starts,
      Database database) {
    super(spec, stats, execution, starts, database);
  }

  /** Returns the durable name: the configured one, else one per workflow and node. */
  static String durable(TriggerSpec spec, ObjectNode config) {
    String configured = TriggerSpec.textOf(config, "durable");
    if (configured != null) {
      return configured;
    }
    return ("flowd_" + spec.workflow().id() + "_" + spec.node().id())
        .replaceAll("[^A-Za-z0-9_-]", "_");
  }

  @Override
  protected void consume(ObjectNode config, MessageIntake intake) throws Exception {
    BrokerSettings.Nats settings = BrokerSettings.nats(config);
    String stream = TriggerSpec.textOf(config, "stream");
    String subject = TriggerSpec.textOf(config, "subject");
    int batch = TriggerSpec.intOf(config, "batch", 20);
    connection = Nats.connect(BrokerClients.natsOptions(settings, "flowd trigger " + spec).build());
    JetStreamManagement jsm = connection.jetStreamManagement();
    if (config.path("create_stream").asBoolean(false)) {
      try {
        jsm.getStreamInfo(stream);
      } catch (JetStreamApiException missing) {
        jsm.addStream(
            StreamConfiguration.builder()
                .name(stream)
                .subjects(subject == null ? stream + ".>" : subject)
                .storageType(StorageType.File)
                .build());
      }
    }
    String durable = durable(spec, config);
    ConsumerConfiguration.Builder consumer =
        ConsumerConfiguration.builder()
            .durable(durable)
            .ackPolicy(AckPolicy.Explicit)
            .deliverPolicy(DeliverPolicy.All)
            .ackWait(Duration.ofSeconds(TriggerSpec.intOf(config, "ack_wait_seconds", 30)))
            .maxAckPending(Math.max(1000, batch * 10));
    if (subject != null) {
      consumer.filterSubject(subject);
    }
    jsm.addOrUpdateConsumer(stream, consumer.build());
    JetStreamSubscription sub =
        connection.jetStream().subscribe(subject, PullSubscribeOptions.bind(stream, durable));
    long lagAt = 0;
    while (!closed) {
      if (connection.getStatus() == Connection.Status.CLOSED) {
        throw new java.io.IOException("the NATS connection closed");
      }
      stats.connected(connection.getStatus() == Connection.Status.CONNECTED);
      if (!awaitCapacity(intake)) {
        return;
      }
      List<Message> messages;
      try {
        messages = sub.fetch(batch, Duration.ofMillis(500));
      } catch (IllegalStateException disconnected) {
        sleepQuietly(200);
        continue;
      }
      for (int i = 0; i < messages.size(); i++) {
        Message m = messages.get(i);
        if (closed) {
          return; // unacked: redelivered after ack_wait
        }
        if (!intake.hasCapacity()) {
          for (int j = i; j < messages.size(); j++) {
            messages.get(j).nakWithDelay(Duration.ofMillis(500));
          }
          break;
        }
        MessageIntake.Result result = intake.take(message(m, stream));
        switch (result.verdict()) {
          case ACK -> m.ack();
          case DEAD_LETTER -> m.term();
          case RETRY -> m.nakWithDelay(Duration.ofSeconds(1));
        }
      }
      if (System.currentTimeMillis() - lagAt > LAG_EVERY_MILLIS) {
        lagAt = System.currentTimeMillis();
        try {
          stats.lag(sub.getConsumerInfo().getNumPending());
        } catch (Exception e) {
          // lag is best effort; the next fetch shows whether the connection is gone
        }
      }
    }
  }

  private static InboundMessage message(Message m, String stream) {
    Headers raw = m.getHeaders();
    ObjectNode headers = Json.object();
    String contentType = null;
    String msgId = null;
    if (raw != null) {
      for (String name : new TreeSet<>(raw.keySet())) {
        List<String> values = raw.get(name);
        if (values.size() == 1) {
          headers.put(name, values.get(0));
        } else {
          ArrayNode array = headers.putArray(name);
          values.forEach(array::add);
        }
        if (name.equalsIgnoreCase("Content-Type")) {
          contentType = values.get(0);
        }
        if (name.equals("Nats-Msg-Id")) {
          msgId = values.get(0);
        }
      }
    }
    NatsJetStreamMetaData meta = m.metaData();
    ObjectNode fields = Json.object();
    fields.put("subject", m.getSubject());
    fields.put("stream", meta.getStream());
    fields.put("stream_seq", meta.streamSequence());
    fields.put("redelivered", meta.deliveredCount() > 1);
    fields.put("delivery_count", meta.deliveredCount());
    ObjectNode properties = Json.object();
    properties.put(
        "timestamp", meta.timestamp() == null ? null : meta.timestamp().toInstant().toString());
    properties.put("consumer", meta.getConsumer());
    properties.put("pending", meta.pendingCount());
    String identity =
        msgId != null && !msgId.isEmpty()
            ? "msg-id:" + msgId
            : "seq:"
                + (meta.getStream() == null ? stream : meta.getStream())
                + ":"
                + meta.streamSequence();
    byte[] body = m.getData() == null ? new byte[0] : m.getData();
    return new InboundMessage(identity, body, contentType, headers, properties, fields);
  }

  @Override
  protected void release() {
    Connection c = connection;
    connection = null;
    if (c == null) {
      return;
    }
    boolean interrupted = Thread.interrupted(); // set by wake(); the flush must still run
    if (c.getStatus() == Connection.Status.CONNECTED) {
      try {
        c.flush(Duration.ofSeconds(1)); // the acks just sent
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
        // unflushed acks mean redeliveries, which replay their runs
      }
    }
    try {
      c.close();
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

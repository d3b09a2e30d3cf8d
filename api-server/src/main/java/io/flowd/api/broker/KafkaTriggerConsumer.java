package io.flowd.api.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.broker.BrokerSettings;
import io.flowd.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code kafka_trigger}: joins the trigger's consumer group (replicas share the partitions) and
 * commits a record's offset once its run is stored. A poison record is produced to the dead-letter
 * topic (when set) and skipped; a record whose run could not be stored is read again. While the
 * workflow holds {@code max_queued_runs} runs queued, the partitions are paused.
 */
final class KafkaTriggerConsumer extends TriggerConsumer {
  /**
   * A consumer whose last heartbeat was sent longer ago shows as disconnected. It sends one every
   * second (classic group protocol), and none while its coordinator is unknown.
   */
  static final double HEARTBEAT_STALE_SECONDS = 3;

  /** How long an offset commit may take; past it the consumer connects again. */
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private KafkaProducer<byte[], byte[]> deadLetters;

  KafkaTriggerConsumer(
      TriggerSpec spec,
      TriggerStats stats,
      NodeExecution execution,
      BrokerRunStarts starts,
      Database database) {
    super(spec, stats, execution, starts, database);
  }

  /** Returns the consumer group: the configured one, else one per workflow and node. */
  static String group(TriggerSpec spec, ObjectNode config) {
    String configured = TriggerSpec.textOf(config, "group_id");
    return configured != null
        ? configured
        : "flowd-" + spec.workflow().id() + "-" + spec.node().id();
  }

  @Override
  protected void consume(ObjectNode config, MessageIntake intake) throws Exception {
    BrokerSettings.Kafka settings = BrokerSettings.kafka(config);
    String topic = TriggerSpec.textOf(config, "topic");
    String deadLetterTopic = TriggerSpec.textOf(config, "dead_letter_topic");
    String dedupeHeader = TriggerSpec.textOf(config, "dedupe_header");
    Properties props = settings.properties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group(spec, config));
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    String startFrom = TriggerSpec.textOf(config, "start_from");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startFrom == null ? "earliest" : startFrom);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "flowd-trigger-" + spec.node().id());
    props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "5000");
    if (props.getProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic").equals("classic")) {
      props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
    }
    KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer = c;
    if (closed) {
      return;
    }
    c.subscribe(List.of(topic));
    long lagAt = 0;
    while (!closed) {
      if (intake.hasCapacity()) {
        c.resume(c.paused());
      } else {
        c.pause(c.assignment());
      }
      ConsumerRecords<byte[], byte[]> records;
      try {
        records = c.poll(Duration.ofMillis(500));
      } catch (WakeupException e) {
        return;
      }
      stats.connected(connected(c.metrics()));
      Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
      boolean retry = false;
      for (TopicPartition partition : records.partitions()) {
        for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
          if (closed) {
            break;
          }
          if (!intake.hasCapacity()) {
            c.seek(partition, record.offset());
            c.pause(List.of(partition));
            break;
          }
          MessageIntake.Result result = intake.take(message(record, dedupeHeader));
          if (result.verdict() == MessageIntake.Verdict.DEAD_LETTER) {
            if (!deadLetter(settings, deadLetterTopic, record, result.reason())) {
              c.seek(partition, record.offset());
              retry = true;
              break;
            }
          } else if (result.verdict() == MessageIntake.Verdict.RETRY) {
            c.seek(partition, record.offset());
            retry = true;
            break;
          }
          done.put(partition, new OffsetAndMetadata(record.offset() + 1));
        }
      }
      if (!done.isEmpty()) {
        c.commitSync(done, COMMIT_TIMEOUT);
      }
      if (retry) {
        sleepQuietly(1_000);
      }
      if (System.currentTimeMillis() - lagAt > LAG_EVERY_MILLIS) {
        lagAt = System.currentTimeMillis();
        long lag = 0;
        boolean known = false;
        for (TopicPartition tp : c.assignment()) {
          var partitionLag = c.currentLag(tp);
          if (partitionLag.isPresent()) {
            lag += partitionLag.getAsLong();
            known = true;
          }
        }
        stats.lag(known ? lag : null);
      }
    }
  }

  /**
   * Returns whether the consumer talks to the broker now: it has a connection and its group
   * coordinator answered a heartbeat within {@link #HEARTBEAT_STALE_SECONDS}. A connection count
   * alone stays above zero while the client keeps trying a stopped broker.
   */
  static boolean connected(Map<MetricName, ? extends Metric> metrics) {
    Double connections = null;
    Double heartbeatAgo = null;
    for (var entry : metrics.entrySet()) {
      MetricName name = entry.getKey();
      if (name.name().equals("connection-count") && name.group().equals("consumer-metrics")) {
        connections = number(entry.getValue());
      } else if (name.name().equals("last-heartbeat-seconds-ago")
          && name.group().equals("consumer-coordinator-metrics")) {
        heartbeatAgo = number(entry.getValue());
      }
    }
    return connections != null
        && connections > 0
        && (heartbeatAgo == null || heartbeatAgo <= HEARTBEAT_STALE_SECONDS);
  }

  private static Double number(Metric metric) {
    return metric.metricValue() instanceof Number n ? n.doubleValue() : null;
  }

  private boolean deadLetter(
      BrokerSettings.Kafka settings,
      String topic,
      ConsumerRecord<byte[], byte[]> record,
      String reason) {
    if (topic == null) {
      return true;
    }
    try {
      if (deadLetters == null) {
        Properties props = settings.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        deadLetters =
            new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
      }
      ProducerRecord<byte[], byte[]> out =
          new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers());
      out.headers().add("flowd-dead-letter-reason", bytes(reason));
      out.headers().add("flowd-source-topic", bytes(record.topic()));
      out.headers().add("flowd-source-partition", bytes(String.valueOf(record.partition())));
      out.headers().add("flowd-source-offset", bytes(String.valueOf(record.offset())));
      deadLetters.send(out).get(15, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      stats.error("could not dead-letter to " + topic + ": " + e.getMessage());
      return false;
    }
  }

  private static byte[] bytes(String text) {
    return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
  }

  private static InboundMessage message(ConsumerRecord<byte[], byte[]> record, String dedupe) {
    ObjectNode headers = Json.object();
    String contentType = null;
    String dedupeValue = null;
    for (Header header : record.headers()) {
      String value =
          header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
      headers.put(header.key(), value);
      if (header.key().equalsIgnoreCase("content-type")) {
        contentType = value;
      }
      if (dedupe != null && header.key().equals(dedupe)) {
        dedupeValue = value;
      }
    }
    ObjectNode properties = Json.object();
    properties.put(
        "key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
    properties.put(
        "key_base64",
        record.key() == null ? null : Base64.getEncoder().encodeToString(record.key()));
    properties.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
    properties.put("timestamp_type", record.timestampType().name);
    ObjectNode fields = Json.object();
    fields.put(
        "key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
    fields.put("topic", record.topic());
    fields.put("partition", record.partition());
    fields.put("offset", record.offset());
    fields.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
    record.deliveryCount().ifPresent(count -> fields.put("delivery_count", count));
    String identity =
        dedupeValue != null && !dedupeValue.isEmpty()
            ? "header:" + dedupeValue
            : "offset:" + record.topic() + ":" + record.partition() + ":" + record.offset();
    byte[] body = record.value() == null ? new byte[0] : record.value();
    return new InboundMessage(identity, body, contentType, headers, properties, fields);
  }

  @Override
  protected void wake() {
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    super.wake();
  }

  @Override
  protected void release() {
    KafkaConsumer<byte[], byte[]> c = consumer;
    consumer = null;
    if (c != null) {
      try {
        c.close(Duration.ofSeconds(2));
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
    if (deadLetters != null) {
      deadLetters.close(Duration.ofSeconds(2));
      deadLetters = null;
    }
  }
}

package io.flowd.api;

import static io.flowd.api.BrokerTriggerTests.await;
import static io.flowd.api.BrokerTriggerTests.awaitConnected;
import static io.flowd.api.BrokerTriggerTests.runs;
import static io.flowd.api.BrokerTriggerTests.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kafka_trigger} and {@code kafka_publish} against a real Kafka broker in KRaft mode, run
 * in-process from Maven Central's Kafka artifacts (one combined broker and controller).
 */
class KafkaTriggerApiTest {
  private static final String TOKEN = FlowdHarness.token("kafka");
  private static final int MESSAGES = 100;

  private static FlowdHarness flowd;
  private static KafkaClusterTestKit kafka;
  private static Admin admin;
  private static KafkaProducer<String, String> producer;

  @BeforeAll
  static void start() throws Exception {
    kafka =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    admin = Admin.create(props);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    flowd = FlowdHarness.start();
    BrokerTriggerTests.vault(flowd, TOKEN, "KAFKA_SERVERS", kafka.bootstrapServers());
  }

  @AfterAll
  static void stop() throws Exception {
    flowd.close();
    producer.close();
    admin.close();
    kafka.close();
  }

  private static String topic(String purpose, int partitions) throws Exception {
    String name = "flowd-test-" + purpose + "-" + UUID.randomUUID();
    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    return name;
  }

  private static String triggerNode(String topic, String extra) {
    return "{\"id\": \"node_1\", \"type\": \"trigger\", \"data\": {\"componentId\":"
        + " \"kafka_trigger\", \"bootstrap_servers\": \"{{ vault.KAFKA_SERVERS }}\", \"topic\": \""
        + topic
        + "\", \"format\": \"json\""
        + extra
        + "}}";
  }

  private static String delayWorkflow(String topic, String extra) {
    return "{\"name\": \"Kafka delay\", \"nodes\": ["
        + triggerNode(topic, extra)
        + ", {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\": \"delay\","
        + " \"duration\": 0.1, \"unit\": \"seconds\"}}], \"edges\": [{\"id\": \"e1\", \"source\":"
        + " \"node_1\", \"target\": \"node_2\"}]}";
  }

  private static void send(String topic, String key, String body, Map<String, String> headers)
      throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, body);
    headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    producer.send(record).get();
  }

  private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> reader =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      reader.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        reader.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      reader.poll(Duration.ofMillis(300)).forEach(out::add);
    }
    return out;
  }

  @Test
  void eachRecordStartsOneRunAndItsPublishArrivesOnceWithItsRunsMessageId() throws Exception {
    String in = topic("in", 3);
    String out = topic("out", 1);
    String id =
        BrokerTriggerTests.create(
            flowd,
            TOKEN,
            "{\"name\": \"Kafka in, Kafka out\", \"nodes\": ["
                + triggerNode(in, "")
                + ", {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"kafka_publish\", \"bootstrap_servers\": \"{{ vault.KAFKA_SERVERS }}\","
                + " \"topic\": \""
                + out
                + "\", \"key\": \"{{ trigger.key }}\", \"body\": {\"n\": \"{{ trigger.body.n }}\","
                + " \"offset\": \"{{ trigger.offset }}\"}}}], \"edges\": [{\"id\": \"e1\","
                + " \"source\": \"node_1\", \"target\": \"node_2\"}]}");
    awaitConnected(flowd, TOKEN, id);

    for (int i = 0; i < MESSAGES; i++) {
      send(in, "k" + i, "{\"n\": " + i + "}", Map.of("content-type", "application/json"));
    }

    await(
        "all runs completed",
        Duration.ofSeconds(120),
        () -> runs(flowd, id, "completed") == MESSAGES);
    assertThat(runs(flowd, id, null)).isEqualTo(MESSAGES);
    List<ConsumerRecord<String, String>> published = readAll(out, MESSAGES);
    Set<String> ids = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (ConsumerRecord<String, String> record : published) {
      String messageId =
          new String(
              record.headers().lastHeader("flowd-message-id").value(), StandardCharsets.UTF_8);
      assertThat(messageId).matches("flowd-fl_run_[a-z0-9]+-node_2");
      ids.add(messageId);
      keys.add(record.key());
    }
    assertThat(published).hasSize(MESSAGES);
    assertThat(ids).hasSize(MESSAGES);
    assertThat(keys).hasSize(MESSAGES).contains("k0", "k99");
  }

  @Test
  void aDuplicateRecordAndAGroupResetToOldOffsetsStartNoSecondRun() throws Exception {
    String in = topic("dupes", 1);
    String id =
        BrokerTriggerTests.create(
            flowd, TOKEN, delayWorkflow(in, ", \"dedupe_header\": \"event-id\""));
    awaitConnected(flowd, TOKEN, id);

    send(in, null, "{\"n\": 1}", Map.of("event-id", "e-1"));
    send(in, null, "{\"n\": 1}", Map.of("event-id", "e-1"));
    send(in, null, "{\"n\": 2}", Map.of("event-id", "e-2"));
    await("two runs", Duration.ofSeconds(15), () -> runs(flowd, id, "completed") == 2);
    await(
        "the duplicate seen",
        Duration.ofSeconds(15),
        () -> trigger(flowd, TOKEN, id).path("duplicates").asLong() == 1);

    BrokerTriggerTests.deactivate(flowd, TOKEN, id);
    String group = "flowd-" + id + "-node_1";
    await("the group empty within 5 s", Duration.ofSeconds(5), () -> members(group) == 0);
    admin
        .alterConsumerGroupOffsets(
            group, Map.of(new TopicPartition(in, 0), new OffsetAndMetadata(0)))
        .all()
        .get();
    HttpResponseCheck.ok(flowd.request("PUT", "/workflows/" + id, TOKEN, "{\"is_active\": true}"));
    await(
        "the old offsets read again",
        Duration.ofSeconds(20),
        () -> trigger(flowd, TOKEN, id).path("duplicates").asLong() >= 3);
    assertThat(runs(flowd, id, null)).isEqualTo(2);
  }

  @Test
  void aStoppedAndRestartedBrokerResumesWithNothingLostOrDoubled() throws Exception {
    String in = topic("lost", 1);
    int messages = 60;
    String id = BrokerTriggerTests.create(flowd, TOKEN, delayWorkflow(in, ""));
    awaitConnected(flowd, TOKEN, id);
    for (int i = 0; i < messages / 2; i++) {
      send(in, null, "{\"n\": " + i + "}", Map.of());
    }
    await("some runs", Duration.ofSeconds(20), () -> runs(flowd, id, null) > 5);
    BrokerServer broker = kafka.brokers().values().iterator().next();
    broker.shutdown();
    broker.awaitShutdown();
    await(
        "shown disconnected within seconds",
        Duration.ofSeconds(10),
        () -> !trigger(flowd, TOKEN, id).path("connected").asBoolean());
    int beforeRestart = runs(flowd, id, null);
    assertThat(beforeRestart).isLessThanOrEqualTo(messages / 2);
    broker.startup();
    kafka.waitForReadyBrokers();
    for (int i = messages / 2; i < messages; i++) {
      send(in, null, "{\"n\": " + i + "}", Map.of());
    }
    await(
        "every record's run",
        Duration.ofSeconds(120),
        () -> runs(flowd, id, "completed") == messages);
    assertThat(runs(flowd, id, null)).isEqualTo(messages);
    assertThat(BrokerTriggerTests.distinctPayloads(flowd, id, "body")).isEqualTo(messages);
    BrokerTriggerTests.deactivate(flowd, TOKEN, id);
  }

  @Test
  void twoReplicasShareTheConsumerGroupAndStartOneRunPerRecord() throws Exception {
    int messages = BrokerTriggerTests.replicaMessages(200);
    String in = topic("replicas", 4);
    try (var second = BrokerTriggerTests.secondReplica(flowd)) {
      String id =
          BrokerTriggerTests.create(
              flowd, TOKEN, BrokerTriggerTests.withoutDelay(delayWorkflow(in, "")));
      String group = "flowd-" + id + "-node_1";
      await("both replicas in the group", Duration.ofSeconds(30), () -> members(group) == 2);
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        sent.add(producer.send(new ProducerRecord<>(in, "k" + i, "{\"n\": " + i + "}")));
      }
      for (var f : sent) {
        f.get();
      }

      BrokerTriggerTests.awaitOneRunPerMessage(flowd, id, messages);
      BrokerTriggerTests.deactivate(flowd, TOKEN, id);
    }
  }

  @Test
  void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextOneStillRuns() throws Exception {
    String in = topic("poison", 1);
    String dead = topic("dead", 1);
    String id =
        BrokerTriggerTests.create(
            flowd, TOKEN, delayWorkflow(in, ", \"dead_letter_topic\": \"" + dead + "\""));
    awaitConnected(flowd, TOKEN, id);

    send(in, "bad", "{not json", Map.of());
    send(in, "good", "{\"n\": 2}", Map.of());

    await("the next run", Duration.ofSeconds(15), () -> runs(flowd, id, null) == 1);
    List<ConsumerRecord<String, String>> deadLetters = readAll(dead, 1);
    assertThat(deadLetters).hasSize(1);
    assertThat(deadLetters.get(0).value()).isEqualTo("{not json");
    assertThat(
            new String(
                deadLetters.get(0).headers().lastHeader("flowd-dead-letter-reason").value(),
                StandardCharsets.UTF_8))
        .contains("JSON");
    await(
        "the dead-lettering counted",
        Duration.ofSeconds(10),
        () -> trigger(flowd, TOKEN, id).path("dead_lettered").asLong() == 1);
  }

  private static int members(String group) {
    try {
      return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks an answer is 200. */
  private static final class HttpResponseCheck {
    static void ok(java.net.http.HttpResponse<String> response) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
  }
}

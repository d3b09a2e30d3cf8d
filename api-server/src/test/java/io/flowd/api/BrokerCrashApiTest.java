package io.flowd.api;

import static io.flowd.api.BrokerTriggerTests.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.temporal.testserver.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An API replica killed between the commit of a message's run and the message's ack: the replica
 * runs in a JVM of its own with the fault hook {@code FLOWD_TEST_HALT_AFTER_COMMIT}, which halts it
 * (as kill -9 would) right after the run of the named message is committed. A replica started again
 * gets the message again from the broker, replays the stored run, acks it, and goes on: one run per
 * message. Runs need no worker here: a run counts once it is stored.
 */
class BrokerCrashApiTest {
  private static final String TOKEN = FlowdHarness.token("broker-crash");
  private static final String RABBIT_URL = "amqp://guest:guest@127.0.0.1:5672/%2F";
  private static final String NATS_URL = "nats://127.0.0.1:4222";

  private static TestServer.PortBoundTestServer temporal;
  private static String temporalAddress;
  private static String databaseUrl;
  private static Database database;
  private static KafkaClusterTestKit kafka;

  @BeforeAll
  static void start() throws Exception {
    int temporalPort = ApiProcess.freePort();
    temporal = TestServer.createPortBoundServer(temporalPort);
    temporalAddress = "127.0.0.1:" + temporalPort;
    databaseUrl =
        DatabaseBootstrap.freshMigratedDatabase(DatabaseBootstrap.testBaseUrl(), "flowd_crash");
    database = Database.connect(databaseUrl, 2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
    database.close();
    DatabaseBootstrap.drop(databaseUrl);
    temporal.close();
  }

  /** One broker as the test drives it. */
  private interface Broker {
    /** The trigger node's {@code data} fields after {@code componentId}. */
    String triggerFields();

    /** Publishes a message with this id. */
    void publish(String id) throws Exception;

    /** The identity the trigger gives the message with this id. */
    String identity(String id);

    /** Checks, while the restarted replica still consumes, that the broker holds nothing more. */
    default void settled() throws Exception {}
  }

  @Test
  void aRabbitMessageWhoseReplicaWasKilledBeforeTheAckStartsOneRun() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(RABBIT_URL);
    String queue = "flowd-test-crash-" + UUID.randomUUID();
    try (com.rabbitmq.client.Connection rabbit = factory.newConnection("flowd-crash-test");
        Channel channel = rabbit.createChannel()) {
      channel.queueDeclare(queue, true, false, false, null);
      try {
        killedBetweenCommitAndAck(
            "rabbitmq_trigger",
            new Broker() {
              @Override
              public String triggerFields() {
                return "\"url\": \"{{ vault.BROKER_URL }}\", \"queue\": \"" + queue + "\"";
              }

              @Override
              public void publish(String id) throws Exception {
                channel.basicPublish(
                    "",
                    queue,
                    new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .deliveryMode(2)
                        .messageId(id)
                        .build(),
                    ("{\"id\": \"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
              }

              @Override
              public String identity(String id) {
                return "message-id:" + id;
              }
            },
            RABBIT_URL);
      } finally {
        channel.queueDelete(queue);
      }
    }
  }

  @Test
  void aNatsMessageWhoseReplicaWasKilledBeforeTheAckStartsOneRun() throws Exception {
    String stream = "flowd_test_crash_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection nats = Nats.connect(NATS_URL)) {
      JetStreamManagement jsm = nats.jetStreamManagement();
      jsm.addStream(
          StreamConfiguration.builder()
              .name(stream)
              .subjects(stream + ".>")
              .storageType(StorageType.File)
              .build());
      try {
        killedBetweenCommitAndAck(
            "nats_trigger",
            new Broker() {
              @Override
              public String triggerFields() {
                return "\"url\": \"{{ vault.BROKER_URL }}\", \"stream\": \""
                    + stream
                    + "\", \"subject\": \""
                    + stream
                    + ".in\", \"ack_wait_seconds\": 5";
              }

              @Override
              public void publish(String id) throws Exception {
                nats.jetStream()
                    .publish(
                        stream + ".in",
                        new Headers().put("Content-Type", "application/json"),
                        ("{\"id\": \"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
                        PublishOptions.builder().messageId(id).build());
              }

              @Override
              public String identity(String id) {
                return "msg-id:" + id;
              }

              // Checked before the restarted replica is killed: the run of "after" counts once
              // it is committed, a moment before its ack, and a kill in that moment would leave
              // the message pending with no replica left to take it.
              @Override
              public void settled() throws Exception {
                var consumer = jsm.getConsumers(stream).get(0);
                await(
                    "nothing left to redeliver",
                    Duration.ofSeconds(10),
                    () -> {
                      try {
                        var info = jsm.getConsumerInfo(stream, consumer.getName());
                        return info.getNumPending() == 0 && info.getNumAckPending() == 0;
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    });
              }
            },
            NATS_URL);
      } finally {
        jsm.deleteStream(stream);
      }
    }
  }

  @Test
  void aKafkaRecordWhoseReplicaWasKilledBeforeTheCommitStartsOneRun() throws Exception {
    kafka =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
    String topic = "flowd-test-crash-" + UUID.randomUUID();
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      killedBetweenCommitAndAck(
          "kafka_trigger",
          new Broker() {
            private int offset;

            @Override
            public String triggerFields() {
              // Static membership: the restarted replica takes the dead one's place at once
              // instead of waiting out its session.
              return "\"bootstrap_servers\": \"{{ vault.BROKER_URL }}\", \"topic\": \""
                  + topic
                  + "\", \"client_properties\": {\"session.timeout.ms\": \"6000\","
                  + " \"group.instance.id\": \"flowd-crash-test\"}";
            }

            @Override
            public void publish(String id) throws Exception {
              ProducerRecord<String, String> record =
                  new ProducerRecord<>(topic, id, "{\"id\": \"" + id + "\"}");
              record.headers().add("content-type", "application/json".getBytes());
              producer.send(record).get();
              offset++;
            }

            @Override
            public String identity(String id) {
              return "offset:" + topic + ":0:" + offset;
            }
          },
          kafka.bootstrapServers());
    }
  }

  /**
   * Starts a replica that halts after committing the run of message "crash", publishes it, waits
   * for the halt, starts a replica again, and checks that the redelivery replayed the one run and
   * that the next message still runs.
   */
  private static void killedBetweenCommitAndAck(String component, Broker broker, String url)
      throws Exception {
    String crashIdentity = broker.identity("crash");
    String secret = "URL_OF_" + component.toUpperCase(java.util.Locale.ROOT);
    String workflowId;
    try (ApiProcess doomed =
        ApiProcess.start(
            databaseUrl,
            temporalAddress,
            Map.of("FLOWD_TEST_HALT_AFTER_COMMIT", crashIdentity),
            component + "-doomed.log")) {
      doomed.call(
          "POST",
          "/workflows/vault",
          TOKEN,
          "{\"name\": \"" + secret + "\", \"secret\": \"" + url + "\"}",
          201);
      workflowId =
          doomed
              .call(
                  "POST",
                  "/workflows",
                  TOKEN,
                  "{\"name\": \"Crash "
                      + component
                      + "\", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\", \"data\":"
                      + " {\"componentId\": \""
                      + component
                      + "\", \"format\": \"json\", "
                      + broker.triggerFields().replace("BROKER_URL", secret)
                      + "}}, {\"id\": \"node_2\", \"type\": \"action\", \"data\":"
                      + " {\"componentId\": \"data_mapper\", \"mappings\": {\"id\":"
                      + " \"{{ trigger.body.id }}\"}}}], \"edges\": [{\"id\": \"e1\","
                      + " \"source\": \"node_1\", \"target\": \"node_2\"}]}",
                  201)
              .path("id")
              .asText();
      String id = workflowId;
      await(
          "the doomed replica connected",
          Duration.ofSeconds(30),
          () -> doomed.trigger(TOKEN, id).path("connected").asBoolean());

      broker.publish("crash");

      assertThat(doomed.awaitExit(30)).as("halted by the hook").isEqualTo(137);
    }
    assertThat(runs(workflowId)).as("the run was committed before the halt").isEqualTo(1);

    try (ApiProcess restarted =
        ApiProcess.start(databaseUrl, temporalAddress, Map.of(), component + "-restarted.log")) {
      await(
          "the redelivered message replayed its run",
          Duration.ofSeconds(60),
          () -> restarted.trigger(TOKEN, workflowId).path("duplicates").asLong() == 1);
      broker.publish("after");
      await("the next message's run", Duration.ofSeconds(30), () -> runs(workflowId) == 2);
      assertThat(runs(workflowId)).isEqualTo(2);
      assertThat(payloadIds(workflowId)).containsExactlyInAnyOrder("crash", "after");
      broker.settled();
      restarted.call("PUT", "/workflows/" + workflowId, TOKEN, "{\"is_active\": false}", 200);
    }
  }

  private static int runs(String workflowId) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM runs WHERE workflow_id = :w")
                    .bind("w", workflowId)
                    .mapTo(Integer.class)
                    .one());
  }

  private static List<String> payloadIds(String workflowId) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT trigger_payload -> 'body' ->> 'id' FROM runs WHERE workflow_id ="
                            + " :w")
                    .bind("w", workflowId)
                    .mapTo(String.class)
                    .list());
  }
}

package io.flowd.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.flowd.model.Json;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * P9: messages to accepted runs per second for each broker trigger. A backlog of messages is
 * published first; then a workflow with the broker trigger (and one data mapper) is saved active,
 * and the rate is the number of runs over the time between the first and the last run's creation
 * (so the consumer's connect time is not counted). RabbitMQ and NATS are the machine's ({@code
 * FLOWD_BENCH_RABBIT_URL}, {@code FLOWD_BENCH_NATS_URL}); Kafka runs in this JVM in KRaft mode
 * unless {@code FLOWD_BENCH_KAFKA} names bootstrap servers.
 */
final class BrokerIntake {
  private final RemoteStack remote;

  BrokerIntake(RemoteStack remote) {
    this.remote = remote;
  }

  /** Publishes {@code n} messages to a fresh queue and returns its trigger's accepted runs/s. */
  double rabbit(int n) throws Exception {
    String url =
        System.getenv()
            .getOrDefault("FLOWD_BENCH_RABBIT_URL", "amqp://guest:guest@127.0.0.1:5672/%2F");
    String queue = "flowd-bench-" + UUID.randomUUID();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(url);
    try (com.rabbitmq.client.Connection rabbit = factory.newConnection("flowd-bench");
        Channel channel = rabbit.createChannel()) {
      channel.queueDeclare(queue, true, false, false, null);
      try {
        channel.confirmSelect();
        AMQP.BasicProperties.Builder props =
            new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2);
        for (int i = 0; i < n; i++) {
          channel.basicPublish("", queue, props.messageId("m-" + i).build(), body(i));
        }
        channel.waitForConfirmsOrDie(120_000);
        ObjectNode trigger =
            Json.object()
                .put("componentId", "rabbitmq_trigger")
                .put("url", url)
                .put("queue", queue)
                .put("format", "json")
                .put("prefetch", 100);
        return measure(trigger, n);
      } finally {
        channel.queueDelete(queue);
      }
    }
  }

  /** Publishes {@code n} messages to a fresh stream and returns its trigger's accepted runs/s. */
  double nats(int n) throws Exception {
    String url = System.getenv().getOrDefault("FLOWD_BENCH_NATS_URL", "nats://127.0.0.1:4222");
    String stream = "flowd_bench_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection nats = Nats.connect(url)) {
      JetStreamManagement jsm = nats.jetStreamManagement();
      jsm.addStream(
          StreamConfiguration.builder()
              .name(stream)
              .subjects(stream + ".>")
              .storageType(StorageType.File)
              .build());
      try {
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
        Headers headers = new Headers().put("Content-Type", "application/json");
        for (int i = 0; i < n; i++) {
          acks.add(nats.jetStream().publishAsync(stream + ".in", headers, body(i)));
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0]))
            .get(120, TimeUnit.SECONDS);
        ObjectNode trigger =
            Json.object()
                .put("componentId", "nats_trigger")
                .put("url", url)
                .put("stream", stream)
                .put("subject", stream + ".in")
                .put("format", "json");
        return measure(trigger, n);
      } finally {
        jsm.deleteStream(stream);
      }
    }
  }

  /** Publishes {@code n} records to a fresh topic and returns its trigger's accepted runs/s. */
  double kafka(int n) throws Exception {
    String servers = System.getenv("FLOWD_BENCH_KAFKA");
    KafkaClusterTestKit kit = null;
    if (servers == null) {
      kit =
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
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
      servers = kit.bootstrapServers();
    }
    try {
      String topic = "flowd-bench-" + UUID.randomUUID();
      Properties props = new Properties();
      props.put("bootstrap.servers", servers);
      try (Admin admin = Admin.create(props)) {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      }
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          ProducerRecord<String, String> record =
              new ProducerRecord<>(topic, null, new String(body(i), StandardCharsets.UTF_8));
          record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
          sent.add(producer.send(record));
        }
        for (Future<?> f : sent) {
          f.get();
        }
      }
      ObjectNode trigger =
          Json.object()
              .put("componentId", "kafka_trigger")
              .put("bootstrap_servers", servers)
              .put("topic", topic)
              .put("format", "json");
      return measure(trigger, n);
    } finally {
      if (kit != null) {
        kit.close();
      }
    }
  }

  private static byte[] body(int i) {
    return ("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8);
  }

  private double measure(ObjectNode trigger, int n) throws Exception {
    ObjectNode body = Json.object().put("name", "bench: " + trigger.path("componentId").asText());
    var nodes = body.putArray("nodes");
    nodes.addObject().put("id", "t").put("type", "trigger").set("data", trigger);
    nodes
        .addObject()
        .put("id", "m")
        .put("type", "action")
        .putObject("data")
        .put("componentId", "data_mapper")
        .putObject("mappings")
        .put("n", "{{ trigger.body.n }}");
    body.putArray("edges").addObject().put("id", "t-m").put("source", "t").put("target", "m");
    String workflowId = remote.createWorkflow(body);
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (count(workflowId) < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + count(workflowId) + " of " + n + " messages had runs after 5 minutes");
      }
      Thread.sleep(100);
    }
    remote.deactivate(workflowId);
    double seconds =
        remote
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT EXTRACT(EPOCH FROM max(created_at) - min(created_at))"
                                + " FROM runs WHERE workflow_id = :w")
                        .bind("w", workflowId)
                        .mapTo(Double.class)
                        .one());
    if (count(workflowId) != n) {
      throw new IllegalStateException(count(workflowId) + " runs for " + n + " messages");
    }
    remote.drain(new ArrayList<>());
    return (n - 1) / Math.max(seconds, 1e-3);
  }

  private int count(String workflowId) {
    return remote
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM runs WHERE workflow_id = :w")
                    .bind("w", workflowId)
                    .mapTo(Integer.class)
                    .one());
  }
}

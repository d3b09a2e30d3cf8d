package io.flowd.api;

import static io.flowd.api.BrokerTriggerTests.await;
import static io.flowd.api.BrokerTriggerTests.awaitConnected;
import static io.flowd.api.BrokerTriggerTests.runs;
import static io.flowd.api.BrokerTriggerTests.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.flowd.api.app.ApiServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rabbitmq_trigger} and {@code rabbitmq_publish} against the real RabbitMQ on
 * 127.0.0.1:5672: one run per message, redelivery and duplicates replay, poison dead-lettered,
 * back-pressure, reconnect, deactivation. Each test declares its own queues and deletes them.
 */
class RabbitTriggerApiTest {
  private static final String TOKEN = FlowdHarness.token("rabbit");
  private static final String URL = "amqp://guest:guest@127.0.0.1:5672/%2F";
  private static final int MESSAGES = 100;

  private static FlowdHarness flowd;
  private static Connection rabbit;
  private static Channel channel;
  private static final List<String> queues = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    flowd = FlowdHarness.start();
    BrokerTriggerTests.vault(flowd, TOKEN, "RABBIT_URL", URL);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(URL);
    rabbit = factory.newConnection("flowd-test");
    channel = rabbit.createChannel();
  }

  @AfterAll
  static void stop() throws Exception {
    flowd.close();
    for (String queue : queues) {
      channel.queueDelete(queue);
    }
    rabbit.close();
  }

  private static String queue(String purpose) throws Exception {
    String name = "flowd-test-" + purpose + "-" + UUID.randomUUID();
    channel.queueDeclare(name, true, false, false, null);
    queues.add(name);
    return name;
  }

  private static String triggerNode(String queue, String extra) {
    return "{\"id\": \"node_1\", \"type\": \"trigger\", \"data\": {\"componentId\":"
        + " \"rabbitmq_trigger\", \"url\": \"{{ vault.RABBIT_URL }}\", \"queue\": \""
        + queue
        + "\", \"format\": \"json\""
        + extra
        + "}}";
  }

  private static String publishWorkflow(String in, String out) {
    return "{\"name\": \"Rabbit in, rabbit out\", \"nodes\": ["
        + triggerNode(in, ", \"prefetch\": 50")
        + ", {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
        + " \"rabbitmq_publish\", \"url\": \"{{ vault.RABBIT_URL }}\", \"routing_key\": \""
        + out
        + "\", \"headers\": {\"source\": \"{{ trigger.routing_key }}\"}, \"body\": {\"n\":"
        + " \"{{ trigger.body.n }}\"}}}], \"edges\": [{\"id\": \"e1\", \"source\": \"node_1\","
        + " \"target\": \"node_2\"}]}";
  }

  private static String delayWorkflow(String in, String extraTrigger, String extraWorkflow) {
    return "{\"name\": \"Rabbit delay\""
        + extraWorkflow
        + ", \"nodes\": ["
        + triggerNode(in, extraTrigger)
        + ", {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\": \"delay\","
        + " \"duration\": 0.1, \"unit\": \"seconds\"}}], \"edges\": [{\"id\": \"e1\", \"source\":"
        + " \"node_1\", \"target\": \"node_2\"}]}";
  }

  private static void publish(String queue, String messageId, String body) throws Exception {
    AMQP.BasicProperties.Builder props =
        new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2);
    if (messageId != null) {
      props.messageId(messageId);
    }
    channel.basicPublish("", queue, props.build(), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachMessageStartsOneRunAndItsPublishArrivesOnceWithItsRunsMessageId() throws Exception {
    String in = queue("in");
    String out = queue("out");
    String id = BrokerTriggerTests.create(flowd, TOKEN, publishWorkflow(in, out));
    awaitConnected(flowd, TOKEN, id);

    for (int i = 0; i < MESSAGES; i++) {
      publish(in, "m-" + i, "{\"n\": " + i + "}");
    }

    await(
        "all runs completed",
        Duration.ofSeconds(120),
        () -> runs(flowd, id, "completed") == MESSAGES);
    assertThat(runs(flowd, id, null)).isEqualTo(MESSAGES);
    Set<String> messageIds = new HashSet<>();
    Set<String> bodies = new HashSet<>();
    GetResponse got;
    while ((got = channel.basicGet(out, true)) != null) {
      messageIds.add(got.getProps().getMessageId());
      bodies.add(new String(got.getBody(), StandardCharsets.UTF_8));
      assertThat(got.getProps().getMessageId()).matches("flowd-fl_run_[a-z0-9]+-node_2");
      assertThat(got.getProps().getHeaders().get("source").toString()).isEqualTo(in);
    }
    assertThat(messageIds).hasSize(MESSAGES);
    assertThat(bodies).hasSize(MESSAGES).contains("{\"n\":0}", "{\"n\":99}");
    assertThat(trigger(flowd, TOKEN, id).path("messages_last_hour").asLong())
        .isGreaterThanOrEqualTo(MESSAGES);
  }

  @Test
  void theSameMessageTwiceStartsOneRun() throws Exception {
    String in = queue("dupes");
    String id = BrokerTriggerTests.create(flowd, TOKEN, delayWorkflow(in, "", ""));
    awaitConnected(flowd, TOKEN, id);

    publish(in, "same-id", "{\"n\": 1}");
    await("first run", Duration.ofSeconds(10), () -> runs(flowd, id, null) == 1);
    publish(in, "same-id", "{\"n\": 1}");
    publish(in, null, "{\"no\": \"id\"}");
    publish(in, null, "{\"no\": \"id\"}");

    await(
        "three duplicates seen",
        Duration.ofSeconds(15),
        () -> trigger(flowd, TOKEN, id).path("duplicates").asLong() == 2);
    assertThat(runs(flowd, id, null)).isEqualTo(2);
    String metrics = flowd.request("GET", "/metrics", null, null).body();
    assertThat(metrics)
        .containsPattern(
            "flowd_trigger_messages_total\\{[^}]*node_id=\"node_1\",outcome=\"replayed\","
                + "workflow_id=\""
                + id
                + "\"} 2.0")
        .contains("flowd_trigger_connected{component=\"rabbitmq_trigger\"");
  }

  @Test
  void aPoisonMessageIsDeadLetteredAndTheNextOneStillRuns() throws Exception {
    String in = "flowd-test-poison-" + UUID.randomUUID();
    String dlx = "flowd-test-dlx-" + UUID.randomUUID();
    String dead = queue("dead");
    channel.exchangeDeclare(dlx, "fanout", false, true, null);
    channel.queueBind(dead, dlx, "");
    queues.add(in);
    String id =
        BrokerTriggerTests.create(
            flowd,
            TOKEN,
            delayWorkflow(
                in, ", \"declare\": true, \"dead_letter_exchange\": \"" + dlx + "\"", ""));
    awaitConnected(flowd, TOKEN, id);

    publish(in, "poison", "{not json");
    publish(in, "fine", "{\"n\": 2}");

    await("the next run", Duration.ofSeconds(10), () -> runs(flowd, id, null) == 1);
    await(
        "the poison message in the dead-letter queue",
        Duration.ofSeconds(10),
        () -> messageCount(dead) == 1);
    assertThat(new String(channel.basicGet(dead, true).getBody(), StandardCharsets.UTF_8))
        .isEqualTo("{not json");
    await(
        "the dead-lettering counted",
        Duration.ofSeconds(10),
        () -> trigger(flowd, TOKEN, id).path("dead_lettered").asLong() == 1);
    channel.exchangeDelete(dlx);
  }

  @Test
  void aConcurrencyLimitOfTwoNeverHoldsMoreThanTheBoundQueuedAndEveryMessageRuns()
      throws Exception {
    String in = queue("limit");
    int messages = 20;
    String id =
        BrokerTriggerTests.create(
            flowd,
            TOKEN,
            delayWorkflow(
                in,
                ", \"max_queued_runs\": 5",
                ", \"concurrency\": {\"limit\": 2, \"on_limit\": \"queue\"}"));
    awaitConnected(flowd, TOKEN, id);
    for (int i = 0; i < messages; i++) {
      publish(in, "limit-" + i, "{\"n\": " + i + "}");
    }
    AtomicInteger mostQueued = new AtomicInteger();
    await(
        "every message's run completed",
        Duration.ofSeconds(120),
        () -> {
          mostQueued.accumulateAndGet(runs(flowd, id, "queued"), Math::max);
          return runs(flowd, id, "completed") == messages;
        });
    assertThat(mostQueued.get()).isBetween(1, 5);
    assertThat(runs(flowd, id, null)).isEqualTo(messages);
  }

  @Test
  void aLostConnectionResumesWithNothingLostOrDoubled() throws Exception {
    String in = queue("lost");
    int messages = 60;
    try (TcpProxy proxy = TcpProxy.toLoopbackPort(5672)) {
      String proxied = "amqp://guest:guest@127.0.0.1:" + proxy.port() + "/%2F";
      String id =
          BrokerTriggerTests.create(
              flowd, TOKEN, delayWorkflow(in, "", "").replace("{{ vault.RABBIT_URL }}", proxied));
      awaitConnected(flowd, TOKEN, id);
      for (int i = 0; i < messages; i++) {
        publish(in, "lost-" + i, "{\"n\": " + i + "}");
        if (i == messages / 2) {
          await("some runs", Duration.ofSeconds(10), () -> runs(flowd, id, null) > 10);
          proxy.dropConnections();
        }
      }
      await(
          "every message's run",
          Duration.ofSeconds(120),
          () -> runs(flowd, id, "completed") == messages);
      assertThat(runs(flowd, id, null)).isEqualTo(messages);
      assertThat(BrokerTriggerTests.distinctPayloads(flowd, id, "body")).isEqualTo(messages);
    }
  }

  @Test
  void aConnectionClosedByTheBrokerResumesWithNothingLostOrDoubled() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin/rabbitmqctl")),
        "rabbitmqctl closes the consumer's connection");
    String in = queue("closed");
    int messages = 60;
    String id = BrokerTriggerTests.create(flowd, TOKEN, delayWorkflow(in, "", ""));
    awaitConnected(flowd, TOKEN, id);
    for (int i = 0; i < messages / 2; i++) {
      publish(in, "closed-" + i, "{\"n\": " + i + "}");
    }
    await("some runs", Duration.ofSeconds(20), () -> runs(flowd, id, null) > 5);

    List<String> closed = closeConnectionsNaming(id);

    assertThat(closed).as("the trigger's connection closed by the broker").isNotEmpty();
    for (int i = messages / 2; i < messages; i++) {
      publish(in, "closed-" + i, "{\"n\": " + i + "}");
    }
    await(
        "every message's run",
        Duration.ofSeconds(120),
        () -> runs(flowd, id, "completed") == messages);
    assertThat(runs(flowd, id, null)).isEqualTo(messages);
    assertThat(BrokerTriggerTests.distinctPayloads(flowd, id, "body")).isEqualTo(messages);
    BrokerTriggerTests.deactivate(flowd, TOKEN, id);
  }

  /** Closes, with {@code rabbitmqctl close_connection}, the connections whose name holds text. */
  private static List<String> closeConnectionsNaming(String text) throws Exception {
    Process list =
        new ProcessBuilder("rabbitmqctl", "-q", "list_connections", "pid", "client_properties")
            .redirectErrorStream(true)
            .start();
    String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(list.waitFor()).as(out).isZero();
    List<String> pids = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.contains(text)) {
        pids.add(line.split("\t")[0].trim());
      }
    }
    for (String pid : pids) {
      Process close =
          new ProcessBuilder("rabbitmqctl", "-q", "close_connection", pid, "flowd fault test")
              .redirectErrorStream(true)
              .start();
      String said = new String(close.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(close.waitFor()).as(said).isZero();
    }
    return pids;
  }

  @Test
  void deactivatingTheWorkflowStopsConsumptionWithinFiveSeconds() throws Exception {
    String in = queue("off");
    String id = BrokerTriggerTests.create(flowd, TOKEN, delayWorkflow(in, "", ""));
    awaitConnected(flowd, TOKEN, id);
    assertThat(channel.consumerCount(in)).isEqualTo(1);

    BrokerTriggerTests.deactivate(flowd, TOKEN, id);

    await("no consumer", Duration.ofSeconds(5), () -> consumerCount(in) == 0);
    publish(in, "after", "{\"n\": 1}");
    await("the message waits in the queue", Duration.ofSeconds(5), () -> messageCount(in) == 1);
    assertThat(runs(flowd, id, null)).isZero();
    assertThat(trigger(flowd, TOKEN, id).path("connected").asBoolean()).isFalse();
  }

  @Test
  void twoReplicasShareTheQueueAndStartOneRunPerMessage() throws Exception {
    int messages = BrokerTriggerTests.replicaMessages(200);
    String in = queue("replicas");
    try (ApiServer second = BrokerTriggerTests.secondReplica(flowd)) {
      String id =
          BrokerTriggerTests.create(
              flowd,
              TOKEN,
              BrokerTriggerTests.withoutDelay(delayWorkflow(in, ", \"prefetch\": 50", "")));
      await("two consumers", Duration.ofSeconds(20), () -> consumerCount(in) == 2);
      for (int i = 0; i < messages; i++) {
        publish(in, "replica-" + i, "{\"n\": " + i + "}");
      }
      BrokerTriggerTests.awaitOneRunPerMessage(flowd, id, messages);
      await(
          "both replicas report",
          Duration.ofSeconds(15),
          () -> trigger(flowd, TOKEN, id).path("replicas").asInt() == 2);
      BrokerTriggerTests.deactivate(flowd, TOKEN, id);
    }
  }

  @Test
  void aMessageWhoseRunWasStoredButNeverAckedReplaysThatRunWhenRedelivered() throws Exception {
    String in = queue("unacked");
    String id = BrokerTriggerTests.create(flowd, TOKEN, delayWorkflow(in, "", ""));
    awaitConnected(flowd, TOKEN, id);
    publish(in, "before-crash", "{\"n\": 1}");
    await("its run", Duration.ofSeconds(10), () -> runs(flowd, id, null) == 1);
    // What a crash between the commit and the ack leaves: the run stored, the key older than the
    // 24 hours of API keys, and the broker delivering the message again.
    flowd
        .database()
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE idempotency_keys SET created_at = created_at - interval '30 days'"
                        + " WHERE workflow_id = ?",
                    id));
    publish(in, "before-crash", "{\"n\": 1}");

    await(
        "the redelivery replayed",
        Duration.ofSeconds(10),
        () -> trigger(flowd, TOKEN, id).path("duplicates").asLong() == 1);
    assertThat(runs(flowd, id, null)).isEqualTo(1);
    assertThat(messageCount(in)).isZero();
  }

  private static long messageCount(String queue) {
    try {
      return channel.messageCount(queue);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long consumerCount(String queue) {
    try {
      return channel.consumerCount(queue);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package io.flowd.api;

import static io.flowd.api.BrokerTriggerTests.await;
import static io.flowd.api.BrokerTriggerTests.awaitConnected;
import static io.flowd.api.BrokerTriggerTests.runs;
import static io.flowd.api.BrokerTriggerTests.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code nats_trigger} and {@code nats_publish} against the real NATS JetStream on 127.0.0.1:4222,
 * and against a private {@code nats-server} that a test kills and restarts. Each test creates its
 * own streams and deletes them.
 */
class NatsTriggerApiTest {
  private static final String TOKEN = FlowdHarness.token("nats");
  private static final String URL = "nats://127.0.0.1:4222";
  private static final int MESSAGES = 100;

  private static FlowdHarness flowd;
  private static Connection nats;
  private static JetStreamManagement jsm;
  private static final List<String> streams = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    flowd = FlowdHarness.start();
    BrokerTriggerTests.vault(flowd, TOKEN, "NATS_URL", URL);
    nats = Nats.connect(URL);
    jsm = nats.jetStreamManagement();
  }

  @AfterAll
  static void stop() throws Exception {
    flowd.close();
    for (String stream : streams) {
      jsm.deleteStream(stream);
    }
    nats.close();
  }

  private static String stream(JetStreamManagement on, String purpose, Duration dupes)
      throws Exception {
    String name = "flowd_test_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "");
    StreamConfiguration.Builder config =
        StreamConfiguration.builder()
            .name(name)
            .subjects(name + ".>")
            .storageType(StorageType.File);
    if (dupes != null) {
      config.duplicateWindow(dupes);
    }
    on.addStream(config.build());
    if (on == jsm) {
      streams.add(name);
    }
    return name;
  }

  private static String triggerNode(String stream, String url) {
    return "{\"id\": \"node_1\", \"type\": \"trigger\", \"data\": {\"componentId\":"
        + " \"nats_trigger\", \"url\": \""
        + url
        + "\", \"stream\": \""
        + stream
        + "\", \"subject\": \""
        + stream
        + ".in\", \"format\": \"json\"}}";
  }

  private static String delayWorkflow(String stream, String url) {
    return "{\"name\": \"NATS delay\", \"nodes\": ["
        + triggerNode(stream, url)
        + ", {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\": \"delay\","
        + " \"duration\": 0.1, \"unit\": \"seconds\"}}], \"edges\": [{\"id\": \"e1\", \"source\":"
        + " \"node_1\", \"target\": \"node_2\"}]}";
  }

  private static void publish(JetStream js, String subject, String msgId, String body)
      throws Exception {
    Headers headers = new Headers().put("Content-Type", "application/json");
    PublishOptions.Builder options = PublishOptions.builder();
    if (msgId != null) {
      options.messageId(msgId);
    }
    js.publish(subject, headers, body.getBytes(StandardCharsets.UTF_8), options.build());
  }

  @Test
  void eachMessageStartsOneRunAndItsPublishArrivesOnceWithItsRunsMessageId() throws Exception {
    String in = stream(jsm, "in", null);
    String out = stream(jsm, "out", null);
    String id =
        BrokerTriggerTests.create(
            flowd,
            TOKEN,
            "{\"name\": \"NATS in, NATS out\", \"nodes\": ["
                + triggerNode(in, "{{ vault.NATS_URL }}")
                + ", {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"nats_publish\", \"url\": \"{{ vault.NATS_URL }}\", \"subject\": \""
                + out
                + ".done\", \"stream\": \""
                + out
                + "\", \"body\": {\"n\": \"{{ trigger.body.n }}\", \"seq\":"
                + " \"{{ trigger.stream_seq }}\"}}}], \"edges\": [{\"id\": \"e1\", \"source\":"
                + " \"node_1\", \"target\": \"node_2\"}]}");
    awaitConnected(flowd, TOKEN, id);
    JetStream js = nats.jetStream();

    for (int i = 0; i < MESSAGES; i++) {
      publish(js, in + ".in", null, "{\"n\": " + i + "}");
    }

    await(
        "all runs completed",
        Duration.ofSeconds(120),
        () -> runs(flowd, id, "completed") == MESSAGES);
    assertThat(runs(flowd, id, null)).isEqualTo(MESSAGES);
    assertThat(jsm.getStreamInfo(out).getStreamState().getMsgCount()).isEqualTo(MESSAGES);
    Set<String> msgIds = new HashSet<>();
    for (long seq = 1; seq <= MESSAGES; seq++) {
      var message = jsm.getMessage(out, seq);
      String msgId = message.getHeaders().getFirst("Nats-Msg-Id");
      assertThat(msgId).matches("flowd-fl_run_[a-z0-9]+-node_2");
      msgIds.add(msgId);
    }
    assertThat(msgIds).hasSize(MESSAGES);
  }

  @Test
  void theSameMessageTwiceStartsOneRun() throws Exception {
    String in = stream(jsm, "dupes", Duration.ofMillis(100));
    String id = BrokerTriggerTests.create(flowd, TOKEN, delayWorkflow(in, URL));
    awaitConnected(flowd, TOKEN, id);
    JetStream js = nats.jetStream();

    publish(js, in + ".in", "same-id", "{\"n\": 1}");
    await("first run", Duration.ofSeconds(10), () -> runs(flowd, id, null) == 1);
    Thread.sleep(150); // past the stream's duplicate window: JetStream stores it a second time
    publish(js, in + ".in", "same-id", "{\"n\": 1}");

    assertThat(jsm.getStreamInfo(in).getStreamState().getMsgCount()).isEqualTo(2);
    await(
        "the duplicate seen",
        Duration.ofSeconds(15),
        () -> trigger(flowd, TOKEN, id).path("duplicates").asLong() == 1);
    assertThat(runs(flowd, id, null)).isEqualTo(1);
  }

  @Test
  void twoReplicasShareTheDurableConsumerAndStartOneRunPerMessage() throws Exception {
    int messages = BrokerTriggerTests.replicaMessages(200);
    String in = stream(jsm, "replicas", null);
    try (var second = BrokerTriggerTests.secondReplica(flowd)) {
      String id =
          BrokerTriggerTests.create(
              flowd, TOKEN, BrokerTriggerTests.withoutDelay(delayWorkflow(in, URL)));
      awaitConnected(flowd, TOKEN, id);
      await(
          "both replicas consuming",
          Duration.ofSeconds(20),
          () -> trigger(flowd, TOKEN, id).path("replicas").asInt() == 2);
      JetStream js = nats.jetStream();
      List<java.util.concurrent.CompletableFuture<?>> acks = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        acks.add(
            js.publishAsync(
                in + ".in",
                new Headers().put("Content-Type", "application/json"),
                ("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8)));
      }
      java.util.concurrent.CompletableFuture.allOf(
              acks.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
          .get(30, java.util.concurrent.TimeUnit.SECONDS);

      BrokerTriggerTests.awaitOneRunPerMessage(flowd, id, messages);
      BrokerTriggerTests.deactivate(flowd, TOKEN, id);
    }
  }

  @Test
  void aPoisonMessageIsTerminatedAndTheNextOneStillRuns() throws Exception {
    String in = stream(jsm, "poison", null);
    String id = BrokerTriggerTests.create(flowd, TOKEN, delayWorkflow(in, URL));
    awaitConnected(flowd, TOKEN, id);
    JetStream js = nats.jetStream();

    publish(js, in + ".in", null, "{not json");
    publish(js, in + ".in", null, "{\"n\": 2}");

    await("the next run", Duration.ofSeconds(10), () -> runs(flowd, id, null) == 1);
    await(
        "the dead-lettering counted",
        Duration.ofSeconds(10),
        () -> trigger(flowd, TOKEN, id).path("dead_lettered").asLong() == 1);
    assertThat(runs(flowd, id, null)).isEqualTo(1);
  }

  @Test
  void deactivatingTheWorkflowStopsConsumptionWithinFiveSeconds() throws Exception {
    String in = stream(jsm, "off", null);
    String id = BrokerTriggerTests.create(flowd, TOKEN, delayWorkflow(in, URL));
    awaitConnected(flowd, TOKEN, id);

    BrokerTriggerTests.deactivate(flowd, TOKEN, id);

    await(
        "no replica consuming",
        Duration.ofSeconds(5),
        () -> trigger(flowd, TOKEN, id).path("replicas").asInt() == 0);
    publish(nats.jetStream(), in + ".in", null, "{\"n\": 1}");
    Thread.sleep(1_000); // nothing may take it: it stays pending in the durable consumer
    var consumer = jsm.getConsumers(in).get(0);
    assertThat(jsm.getConsumerInfo(in, consumer.getName()).getNumPending()).isEqualTo(1);
    assertThat(runs(flowd, id, null)).isZero();
  }

  @Test
  void aKilledAndRestartedServerResumesWithNothingLostOrDoubled() throws Exception {
    Path store = Files.createTempDirectory("flowd-nats");
    int port = freePort();
    Process server = startServer(port, store);
    try {
      String url = "nats://127.0.0.1:" + port;
      String stream;
      try (Connection own = Nats.connect(options(url))) {
        stream = stream(own.jetStreamManagement(), "lost", null);
      }
      String id = BrokerTriggerTests.create(flowd, TOKEN, delayWorkflow(stream, url));
      awaitConnected(flowd, TOKEN, id);
      int messages = 60;
      try (Connection own = Nats.connect(options(url))) {
        for (int i = 0; i < messages / 2; i++) {
          publish(own.jetStream(), stream + ".in", "lost-" + i, "{\"n\": " + i + "}");
        }
      }
      await("some runs", Duration.ofSeconds(10), () -> runs(flowd, id, null) > 5);
      server.destroyForcibly().waitFor();
      await(
          "shown disconnected",
          Duration.ofSeconds(15),
          () -> !trigger(flowd, TOKEN, id).path("connected").asBoolean());
      server = startServer(port, store);
      try (Connection own = Nats.connect(options(url))) {
        for (int i = messages / 2; i < messages; i++) {
          publish(own.jetStream(), stream + ".in", "lost-" + i, "{\"n\": " + i + "}");
        }
      }
      await(
          "every message's run",
          Duration.ofSeconds(120),
          () -> runs(flowd, id, "completed") == messages);
      assertThat(runs(flowd, id, null)).isEqualTo(messages);
      assertThat(BrokerTriggerTests.distinctPayloads(flowd, id, "body")).isEqualTo(messages);
      BrokerTriggerTests.deactivate(flowd, TOKEN, id);
    } finally {
      server.destroyForcibly().waitFor();
      try (var files = Files.walk(store)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Options options(String url) {
    return new Options.Builder()
        .server(url)
        .connectionTimeout(Duration.ofSeconds(5))
        .maxReconnects(60)
        .reconnectWait(Duration.ofMillis(250))
        .build();
  }

  private static Process startServer(int port, Path store) throws Exception {
    Process process =
        new ProcessBuilder(
                "nats-server",
                "-a",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-js",
                "-sd",
                store.toString())
            .redirectErrorStream(true)
            .redirectOutput(store.resolve("server.log").toFile())
            .start();
    await(
        "nats-server on " + port,
        Duration.ofSeconds(10),
        () -> {
          try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
          } catch (IOException e) {
            return false;
          }
        });
    return process;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

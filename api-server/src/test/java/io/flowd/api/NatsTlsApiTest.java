package io.flowd.api;

import static io.flowd.api.BrokerTriggerTests.await;
import static io.flowd.api.BrokerTriggerTests.awaitConnected;
import static io.flowd.api.BrokerTriggerTests.runs;
import static io.flowd.api.BrokerTriggerTests.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import io.flowd.nodes.broker.BrokerSettings;
import io.flowd.nodes.broker.PemTls;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code nats_trigger} and {@code nats_publish} over mutual TLS: a private {@code nats-server} that
 * requires TLS and a client certificate, with certificates the test makes with keytool, and the PEM
 * material (CA, client certificate and key) in the vault. The key must not show in anything the API
 * answers.
 */
class NatsTlsApiTest {
  private static final String TOKEN = FlowdHarness.token("nats-tls");

  private static FlowdHarness flowd;
  private static TestCertificates certs;
  private static Path dir;
  private static Process server;
  private static String url;
  private static Connection nats;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("flowd-nats-tls");
    certs = TestCertificates.make(dir);
    int port = ApiProcess.freePort();
    url = "tls://127.0.0.1:" + port;
    Files.writeString(
        dir.resolve("server.conf"),
        "listen: \"127.0.0.1:"
            + port
            + "\"\njetstream { store_dir: \""
            + dir.resolve("js")
            + "\" }\ntls {\n  cert_file: \""
            + dir.resolve("server.pem")
            + "\"\n  key_file: \""
            + dir.resolve("server-key.pem")
            + "\"\n  ca_file: \""
            + dir.resolve("ca.pem")
            + "\"\n  verify: true\n  timeout: 5\n}\n");
    server =
        new ProcessBuilder("nats-server", "-c", dir.resolve("server.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    await(
        "nats-server with TLS on " + port,
        Duration.ofSeconds(15),
        () -> {
          try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
          } catch (IOException e) {
            return false;
          }
        });
    nats =
        Nats.connect(
            new Options.Builder()
                .server(url)
                .sslContext(
                    PemTls.sslContext(
                        new BrokerSettings.Tls(certs.ca(), certs.clientCert(), certs.clientKey())))
                .connectionTimeout(Duration.ofSeconds(10))
                .build());
    flowd = FlowdHarness.start();
    vault("NATS_TLS_URL", url);
    vault("NATS_CA", certs.ca());
    vault("NATS_CERT", certs.clientCert());
    vault("NATS_KEY", certs.clientKey());
    vault("NATS_WRONG_KEY", certs.serverKey());
  }

  @AfterAll
  static void stop() throws Exception {
    if (flowd != null) {
      flowd.close();
    }
    if (nats != null) {
      nats.close();
    }
    if (server != null) {
      server.destroyForcibly().waitFor();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static void vault(String name, String secret) {
    var body = Json.object().put("name", name).put("secret", secret);
    HttpResponse<String> response =
        flowd.request("POST", "/workflows/vault", TOKEN, body.toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private static String stream(String purpose) throws Exception {
    String name = "flowd_tls_" + purpose;
    nats.jetStreamManagement()
        .addStream(
            StreamConfiguration.builder()
                .name(name)
                .subjects(name + ".>")
                .storageType(StorageType.File)
                .build());
    return name;
  }

  private static String tlsFields(String key) {
    return "\"url\": \"{{ vault.NATS_TLS_URL }}\", \"tls\": {\"ca_certificates\":"
        + " \"{{ vault.NATS_CA }}\", \"client_certificate\": \"{{ vault.NATS_CERT }}\","
        + " \"client_key\": \"{{ vault."
        + key
        + " }}\"}";
  }

  /** The lines of the client key's PEM body: any one of them showing would leak part of it. */
  private static List<String> keyLines() {
    List<String> lines = new ArrayList<>();
    for (String line : certs.clientKey().split("\n")) {
      if (!line.isBlank() && !line.startsWith("-----")) {
        lines.add(line.strip());
      }
    }
    return lines;
  }

  private static void assertNoKeyIn(String text) {
    assertThat(text).doesNotContain("PRIVATE KEY");
    for (String line : keyLines()) {
      assertThat(text).doesNotContain(line);
    }
  }

  @Test
  void aTriggerAndAPublishOverMutualTlsUseThePemFromTheVaultAndNeverShowTheKey() throws Exception {
    String in = stream("in");
    String out = stream("out");
    String id =
        BrokerTriggerTests.create(
            flowd,
            TOKEN,
            "{\"name\": \"NATS over TLS\", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\","
                + " \"data\": {\"componentId\": \"nats_trigger\", "
                + tlsFields("NATS_KEY")
                + ", \"stream\": \""
                + in
                + "\", \"subject\": \""
                + in
                + ".in\", \"format\": \"json\"}}, {\"id\": \"node_2\", \"type\": \"action\","
                + " \"data\": {\"componentId\": \"nats_publish\", "
                + tlsFields("NATS_KEY")
                + ", \"subject\": \""
                + out
                + ".done\", \"stream\": \""
                + out
                + "\", \"body\": {\"n\": \"{{ trigger.body.n }}\"}}}], \"edges\": [{\"id\":"
                + " \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"}]}");
    awaitConnected(flowd, TOKEN, id);

    int messages = 3;
    for (int i = 0; i < messages; i++) {
      nats.jetStream()
          .publish(
              in + ".in",
              new Headers().put("Content-Type", "application/json"),
              ("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8));
    }

    await(
        "every run completed",
        Duration.ofSeconds(60),
        () -> runs(flowd, id, "completed") == messages);
    assertThat(runs(flowd, id, null)).isEqualTo(messages);
    JetStreamSubscription reader =
        nats.jetStream().subscribe(out + ".done", PullSubscribeOptions.builder().build());
    List<Message> published = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (published.size() < messages && System.nanoTime() < deadline) {
      published.addAll(reader.fetch(messages, Duration.ofMillis(500)));
    }
    Set<String> ids = new HashSet<>();
    published.forEach(m -> ids.add(m.getHeaders().getFirst("Nats-Msg-Id")));
    assertThat(published).hasSize(messages);
    assertThat(ids).hasSize(messages).allMatch(m -> m.matches("flowd-fl_run_[a-z0-9]+-node_2"));

    String workflow = flowd.request("GET", "/workflows/" + id, TOKEN, null).body();
    assertNoKeyIn(workflow);
    List<String> runIds =
        flowd
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT id FROM runs WHERE workflow_id = :w")
                        .bind("w", id)
                        .mapTo(String.class)
                        .list());
    for (String runId : runIds) {
      assertNoKeyIn(flowd.request("GET", "/workflows/runs/" + runId, TOKEN, null).body());
    }
    BrokerTriggerTests.deactivate(flowd, TOKEN, id);
  }

  @Test
  void aTriggerWhoseKeyDoesNotFitItsCertificateShowsDisconnectedWithAnErrorThatHoldsNoKey()
      throws Exception {
    String in = stream("refused");
    String id =
        BrokerTriggerTests.create(
            flowd,
            TOKEN,
            "{\"name\": \"NATS over TLS, wrong key\", \"nodes\": [{\"id\": \"node_1\", \"type\":"
                + " \"trigger\", \"data\": {\"componentId\": \"nats_trigger\", "
                + tlsFields("NATS_WRONG_KEY")
                + ", \"stream\": \""
                + in
                + "\"}}, {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"data_mapper\", \"mappings\": {\"n\": \"{{ trigger.body.n }}\"}}}],"
                + " \"edges\": [{\"id\": \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"}]}");

    await(
        "the refused handshake shown",
        Duration.ofSeconds(30),
        () -> !trigger(flowd, TOKEN, id).path("last_error").isNull());
    JsonNode state = trigger(flowd, TOKEN, id);
    assertThat(state.path("connected").asBoolean()).isFalse();
    assertNoKeyIn(state.toString());
    for (String line : certs.serverKey().split("\n")) {
      if (!line.startsWith("-----")) {
        assertThat(state.toString()).doesNotContain(line.strip());
      }
    }
    BrokerTriggerTests.deactivate(flowd, TOKEN, id);
  }
}

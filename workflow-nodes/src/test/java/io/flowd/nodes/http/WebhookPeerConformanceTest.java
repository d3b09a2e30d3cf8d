package io.flowd.nodes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.flowd.model.Json;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.vault.SecretMask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLParameters;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook client against real local peers that behave the way real servers do: HTTP/1.0, short
 * keep-alive, resets, silence, slow bodies, encodings, TLS with a generated CA. Each test asserts
 * what the node reports (its output or its failure, as the node log records it) and what the peer
 * saw. The peers are shared by the tests; every test uses its own paths.
 */
class WebhookPeerConformanceTest {
  private static final WebhookClient CLIENT = new WebhookClient(new NetworkGuard(true));
  private static final HeldCertificate CA =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("flowd test CA").build();
  private static final HeldCertificate CLIENT_CERTIFICATE =
      new HeldCertificate.Builder().signedBy(CA).commonName("flowd-node").build();
  private static RawPeer raw;
  private static LocalServer jdk;
  private static HttpsServer https;
  private static HttpsServer mutualHttps;
  private static final List<String> HTTPS_CLIENTS =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void startPeers() throws IOException {
    raw = RawPeer.start("127.0.0.1");
    jdk = LocalServer.start("127.0.0.1");
    HeldCertificate serverCertificate =
        new HeldCertificate.Builder()
            .signedBy(CA)
            .addSubjectAlternativeName("127.0.0.1")
            .addSubjectAlternativeName("localhost")
            .build();
    HandshakeCertificates serverTls =
        new HandshakeCertificates.Builder()
            .heldCertificate(serverCertificate, CA.certificate())
            .addTrustedCertificate(CA.certificate())
            .build();
    https = httpsServer(serverTls, false);
    mutualHttps = httpsServer(serverTls, true);
  }

  @AfterAll
  static void stopPeers() throws IOException {
    raw.close();
    jdk.close();
    https.stop(0);
    mutualHttps.stop(0);
  }

  // --- connection reuse -------------------------------------------------------------------

  @Test
  void http_10_peer_without_keep_alive_gets_every_call_on_a_fresh_connection() {
    raw.on(
        "/h10",
        (request, socket, out) -> {
          RawPeer.write(out, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
          return false;
        });

    for (int i = 0; i < 3; i++) {
      assertThat(CLIENT.call(config("POST", raw.url("/h10")), 5).path("body").asText())
          .isEqualTo("ok");
    }

    assertThat(raw.hits("/h10")).isEqualTo(3);
    assertThat(raw.connectionsOf("/h10")).doesNotHaveDuplicates();
  }

  @Test
  void http_10_peer_that_fails_is_called_once_per_attempt_and_reports_its_status() {
    raw.on(
        "/h10-500",
        (request, socket, out) -> {
          RawPeer.write(out, "HTTP/1.0 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nboom");
          return false;
        });

    for (int attempt = 1; attempt <= 3; attempt++) {
      NodeFailure failure = failing(config("GET", raw.url("/h10-500")), 5);
      assertThat(failure.type()).isEqualTo("http_status");
      assertThat(failure.details().path("status").asInt()).isEqualTo(500);
      assertThat(raw.hits("/h10-500")).as("calls after attempt %d", attempt).isEqualTo(attempt);
    }
  }

  @Test
  void http_10_peer_with_keep_alive_keeps_one_connection() {
    raw.on(
        "/h10-ka",
        (request, socket, out) -> {
          RawPeer.write(
              out, "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok");
          return true;
        });

    for (int i = 0; i < 3; i++) {
      CLIENT.call(config("GET", raw.url("/h10-ka")), 5);
    }

    assertThat(raw.connectionsOf("/h10-ka"))
        .hasSize(3)
        .containsOnly(raw.connectionsOf("/h10-ka").get(0));
  }

  @Test
  void connection_close_is_honoured() {
    raw.on(
        "/close",
        (request, socket, out) -> {
          RawPeer.write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
          return false;
        });

    for (int i = 0; i < 3; i++) {
      CLIENT.call(config("GET", raw.url("/close")), 5);
    }

    assertThat(raw.connectionsOf("/close")).hasSize(3).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "announced={0}")
  @ValueSource(booleans = {true, false})
  void a_peer_that_closes_idle_connections_after_a_second_never_costs_a_call(boolean announced)
      throws IOException {
    try (RawPeer shortLived = RawPeer.start("127.0.0.1", 1000)) {
      String keepAlive = announced ? "Keep-Alive: timeout=1\r\n" : "";
      shortLived.on(
          "/short",
          (request, socket, out) -> {
            RawPeer.write(out, "HTTP/1.1 200 OK\r\n" + keepAlive + "Content-Length: 2\r\n\r\nok");
            return true;
          });

      CLIENT.call(config("GET", shortLived.url("/short")), 5);
      awaitTrue(() -> shortLived.closedIdle.get() == 1);
      JsonNode second = CLIENT.call(config("GET", shortLived.url("/short")), 5);

      assertThat(second.path("body").asText()).isEqualTo("ok");
      assertThat(shortLived.hits("/short")).isEqualTo(2);
      assertThat(shortLived.connectionsOf("/short")).containsExactly(1, 2);
    }
  }

  // --- failures in flight -----------------------------------------------------------------

  @Test
  void a_reset_in_the_middle_of_the_answer_fails_once_and_says_so() {
    raw.on(
        "/reset",
        (request, socket, out) -> {
          RawPeer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
          socket.setSoLinger(true, 0);
          socket.close();
          return false;
        });

    NodeFailure failure = failing(config("POST", raw.url("/reset")), 5);

    assertThat(failure.type()).isEqualTo("http_error");
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage())
        .startsWith("POST " + raw.url("/reset") + " failed: the ")
        .containsAnyOf("reset while the answer's body", "before the whole body arrived");
    assertPlain(failure);
    assertThat(raw.hits("/reset")).isEqualTo(1);
  }

  @Test
  void a_peer_that_closes_without_answering_is_not_sent_the_request_again() {
    raw.on("/hangup", (request, socket, out) -> false);

    NodeFailure failure = failing(config("POST", raw.url("/hangup")), 5);

    assertThat(failure.getMessage())
        .endsWith("failed: the peer closed the connection without answering");
    assertThat(raw.hits("/hangup")).isEqualTo(1);
  }

  @Test
  void a_peer_that_accepts_and_never_answers_ends_at_timeout_seconds() {
    raw.on(
        "/silent",
        (request, socket, out) -> {
          Thread.sleep(5_000);
          return false;
        });

    NodeFailure failure = failing(config("GET", raw.url("/silent")), 1);

    assertThat(failure.type()).isEqualTo("timeout");
    assertThat(failure.getMessage())
        .isEqualTo("GET " + raw.url("/silent") + " timed out after 1 seconds");
    assertThat(raw.hits("/silent")).isEqualTo(1);
  }

  @Test
  void a_body_trickled_past_the_timeout_ends_at_timeout_seconds() {
    raw.on(
        "/trickle",
        (request, socket, out) -> {
          RawPeer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
          for (int i = 0; i < 100; i++) {
            RawPeer.write(out, "x");
            Thread.sleep(50);
          }
          return false;
        });

    NodeFailure failure = failing(config("GET", raw.url("/trickle")), 1);

    assertThat(failure.type()).isEqualTo("timeout");
    assertThat(raw.hits("/trickle")).isEqualTo(1);
  }

  @Test
  void a_refused_connection_says_so() throws IOException {
    String url;
    try (RawPeer gone = RawPeer.start("127.0.0.1")) {
      url = gone.url("/gone");
    }

    NodeFailure failure = failing(config("GET", url), 5);

    assertThat(failure.getMessage())
        .isEqualTo("GET " + url + " failed: the connection was refused");
  }

  // --- framing and encodings --------------------------------------------------------------

  @Test
  void a_chunked_answer_is_read_whole() {
    jdk.on(
        "/chunked",
        (exchange, request) -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (String part : List.of("{\"a\":", "[1,2,", "3]}")) {
              out.write(part.getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          }
        });

    JsonNode output = CLIENT.call(config("GET", jdk.url("/chunked")), 5);

    assertThat(output.get("body")).isEqualTo(Json.parse("{\"a\":[1,2,3]}"));
    assertThat(output.at("/headers/transfer-encoding").asText()).isEqualTo("chunked");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate"})
  void compressed_answers_are_decoded(String encoding) {
    String path = "/encoded-" + encoding;
    jdk.on(
        path,
        (exchange, request) -> {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          try (OutputStream out =
              encoding.equals("gzip")
                  ? new GZIPOutputStream(bytes)
                  : new DeflaterOutputStream(bytes)) {
            out.write("{\"compressed\":true}".getBytes(StandardCharsets.UTF_8));
          }
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.getResponseHeaders().set("Content-Encoding", encoding);
          exchange.sendResponseHeaders(200, bytes.size());
          exchange.getResponseBody().write(bytes.toByteArray());
        });

    JsonNode output = CLIENT.call(config("GET", jdk.url(path)), 5);

    assertThat(output.get("body")).isEqualTo(Json.parse("{\"compressed\":true}"));
    assertThat(output.path("headers").has("content-encoding")).isFalse();
    assertThat(
            jdk.requests.stream()
                .filter(r -> r.path().equals(path))
                .findFirst()
                .orElseThrow()
                .headers()
                .getFirst("Accept-Encoding"))
        .contains(encoding);
  }

  @Test
  void a_compressed_answer_over_10_mib_fails_cleanly() {
    jdk.on(
        "/bomb",
        (exchange, request) -> {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(new byte[11 * 1024 * 1024]);
          }
          exchange.getResponseHeaders().set("Content-Encoding", "gzip");
          exchange.sendResponseHeaders(200, bytes.size());
          exchange.getResponseBody().write(bytes.toByteArray());
        });

    NodeFailure failure = failing(config("GET", jdk.url("/bomb")), 5);

    assertThat(failure.type()).isEqualTo("response_too_large");
    assertThat(failure.getMessage()).contains("larger than 10 MiB");
  }

  @Test
  void an_answer_announcing_over_10_mib_fails_without_reading_it() {
    raw.on(
        "/huge",
        (request, socket, out) -> {
          RawPeer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 11534336\r\n\r\n");
          out.write(new byte[64 * 1024]);
          return false;
        });

    NodeFailure failure = failing(config("GET", raw.url("/huge")), 5);

    assertThat(failure.type()).isEqualTo("response_too_large");
    assertThat(failure.retryable()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"204", "304", "HEAD"})
  void answers_without_a_body_have_a_null_body(String kind) {
    String path = "/nobody-" + kind;
    raw.on(
        path,
        (request, socket, out) -> {
          String status = kind.equals("HEAD") ? "200 OK" : kind + " X";
          RawPeer.write(
              out,
              "HTTP/1.1 "
                  + status
                  + "\r\nContent-Type: application/json\r\n"
                  + (kind.equals("HEAD") ? "Content-Length: 1000\r\n" : "")
                  + "ETag: \"v1\"\r\n\r\n");
          return true;
        });
    ObjectNode config = config(kind.equals("HEAD") ? "HEAD" : "GET", raw.url(path));
    config.put("fail_on_status", false);

    JsonNode first = CLIENT.call(config, 5);
    JsonNode second = CLIENT.call(config, 5);

    assertThat(first.path("status").asInt())
        .isEqualTo(kind.equals("HEAD") ? 200 : Integer.parseInt(kind));
    assertThat(first.get("body").isNull()).isTrue();
    assertThat(first.at("/headers/etag").asText()).isEqualTo("\"v1\"");
    assertThat(second).isEqualTo(first);
    assertThat(raw.connectionsOf(path)).hasSize(2).containsOnly(raw.connectionsOf(path).get(0));
  }

  /**
   * A 304 carries the Content-Length of the body it stands for (RFC 9110 8.6); the answer is read
   * at once, not after the timeout. (A 204 with a Content-Length is not valid HTTP; OkHttp refuses
   * it at once.)
   */
  @Test
  void a_304_announcing_a_content_length_answers_at_once() {
    String kind = "304";
    String path = "/announced-" + kind;
    raw.on(
        path,
        (request, socket, out) -> {
          RawPeer.write(
              out, "HTTP/1.1 " + kind + " X\r\nContent-Length: 1000\r\nETag: \"v2\"\r\n\r\n");
          return true;
        });
    ObjectNode config = config("GET", raw.url(path));
    config.put("fail_on_status", false);

    JsonNode first = CLIENT.call(config, 5);
    JsonNode second = CLIENT.call(config, 5);

    assertThat(first.path("status").asInt()).isEqualTo(Integer.parseInt(kind));
    assertThat(first.get("body").isNull()).isTrue();
    assertThat(first.at("/headers/etag").asText()).isEqualTo("\"v2\"");
    assertThat(second).isEqualTo(first);
    assertThat(raw.hits(path)).isEqualTo(2);
  }

  @Test
  void an_unasked_100_continue_is_skipped() {
    raw.on(
        "/continue",
        (request, socket, out) -> {
          RawPeer.write(out, "HTTP/1.1 100 Continue\r\n\r\n");
          RawPeer.write(out, "HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone");
          return true;
        });
    ObjectNode config = config("POST", raw.url("/continue"));
    config.put("body", "payload");

    JsonNode output = CLIENT.call(config, 5);

    assertThat(output.path("status").asInt()).isEqualTo(201);
    assertThat(output.path("body").asText()).isEqualTo("done");
    assertThat(raw.hits("/continue")).isEqualTo(1);
  }

  @Test
  void a_header_block_over_the_limit_fails_with_a_plain_message() {
    raw.on(
        "/fat-headers",
        (request, socket, out) -> {
          StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
          String value = "v".repeat(8000);
          for (int i = 0; i < 40; i++) {
            head.append("X-Fat-").append(i).append(": ").append(value).append("\r\n");
          }
          RawPeer.write(out, head.append("Content-Length: 0\r\n\r\n").toString());
          return false;
        });

    NodeFailure failure = failing(config("GET", raw.url("/fat-headers")), 5);

    assertThat(failure.getMessage())
        .contains("failed: the answer's header block is larger than 256 KiB");
    assertPlain(failure);
    assertThat(failure.getMessage()).doesNotContain("vvvv");
  }

  // --- TLS --------------------------------------------------------------------------------

  @Test
  void tls_with_an_unknown_ca_fails_naming_the_certificate_problem() {
    NodeFailure failure = failing(config("GET", httpsUrl(https, "/tls")), 5);

    assertThat(failure.type()).isEqualTo("http_error");
    assertThat(failure.getMessage())
        .contains(
            "the TLS handshake failed: the server's certificate is not signed by a trusted"
                + " certificate authority");
    assertPlain(failure);
    assertThat(HTTPS_CLIENTS).doesNotContain("/tls");
  }

  @Test
  void tls_with_the_ca_from_the_vault_is_trusted() {
    ObjectNode config = config("GET", httpsUrl(https, "/tls-trusted"));
    config.putObject("tls").put("ca_certificates", CA.certificatePem());

    JsonNode output = CLIENT.call(config, 5, new SecretMask(List.of(CA.certificatePem())));

    assertThat(output.path("body").asText()).isEqualTo("over tls");
  }

  @Test
  void mutual_tls_presents_the_client_certificate_from_the_vault() {
    ObjectNode config = config("GET", httpsUrl(mutualHttps, "/mtls"));
    config
        .putObject("tls")
        .put("ca_certificates", CA.certificatePem())
        .put("client_certificate", CLIENT_CERTIFICATE.certificatePem())
        .put("client_key", CLIENT_CERTIFICATE.privateKeyPkcs8Pem());

    JsonNode output =
        CLIENT.call(config, 5, new SecretMask(List.of(CLIENT_CERTIFICATE.privateKeyPkcs8Pem())));

    assertThat(output.path("body").asText()).isEqualTo("over tls");
    assertThat(HTTPS_CLIENTS).contains("/mtls CN=flowd-node");
  }

  @Test
  void mutual_tls_without_a_client_certificate_fails_and_says_so() {
    ObjectNode config = config("GET", httpsUrl(mutualHttps, "/mtls-none"));
    config.putObject("tls").put("ca_certificates", CA.certificatePem());

    NodeFailure failure = failing(config, 5);

    assertThat(failure.getMessage()).contains("failed: the ");
    assertPlain(failure);
    assertThat(HTTPS_CLIENTS).noneMatch(seen -> seen.startsWith("/mtls-none"));
  }

  @Test
  void a_bad_client_key_is_an_invalid_config_that_does_not_quote_it() {
    ObjectNode config = config("GET", httpsUrl(mutualHttps, "/mtls-bad"));
    config
        .putObject("tls")
        .put("client_certificate", CLIENT_CERTIFICATE.certificatePem())
        .put(
            "client_key",
            "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleQ==\n-----END PRIVATE KEY-----");

    NodeFailure failure = failing(config, 5);

    assertThat(failure.type()).isEqualTo("invalid_config");
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).contains("tls.client_key").doesNotContain("c2VjcmV0");
  }

  @Test
  void a_redirect_from_https_to_http_is_refused_end_to_end() {
    jdk.on("/downgraded", (exchange, request) -> LocalServer.send(exchange, 200, null, "plain"));
    ObjectNode config = config("GET", httpsUrl(https, "/to-http"));
    config.putObject("tls").put("ca_certificates", CA.certificatePem());

    NodeFailure failure = failing(config, 5);

    assertThat(failure.type()).isEqualTo("insecure_redirect");
    assertThat(failure.retryable()).isFalse();
    assertThat(HTTPS_CLIENTS).contains("/to-http");
    assertThat(jdk.hits("/downgraded")).isZero();
  }

  // --- IPv6 -------------------------------------------------------------------------------

  @Test
  void ipv6_loopback_is_called_when_private_networks_are_allowed() throws IOException {
    RawPeer six;
    try {
      six = RawPeer.start("::1");
    } catch (IOException e) {
      Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
      return;
    }
    try (six) {
      six.on(
          "/six",
          (request, socket, out) -> {
            RawPeer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nv6");
            return true;
          });

      JsonNode output = CLIENT.call(config("GET", six.url("/six")), 5);

      assertThat(output.path("body").asText()).isEqualTo("v6");
      assertThat(six.requests.get(0).headers().get("host")).startsWith("[::1]:");
      NodeFailure blocked =
          catchThrowableOfType(
              NodeFailure.class,
              () ->
                  new WebhookClient(new NetworkGuard(false))
                      .call(config("GET", six.url("/six")), 5));
      assertThat(blocked.type()).isEqualTo("blocked_address");
      assertThat(six.hits("/six")).isEqualTo(1);
    }
  }

  // --- helpers ----------------------------------------------------------------------------

  private static HttpsServer httpsServer(HandshakeCertificates tls, boolean needClientAuth)
      throws IOException {
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls.sslContext()) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
            parameters.setNeedClientAuth(needClientAuth);
            params.setSSLParameters(parameters);
          }
        });
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String client = "";
            try {
              X509Certificate peer =
                  (X509Certificate)
                      ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
              client = " " + peer.getSubjectX500Principal().getName();
            } catch (IOException | RuntimeException none) {
              // No client certificate.
            }
            HTTPS_CLIENTS.add(path + client);
            if (path.equals("/to-http")) {
              LocalServer.redirect(exchange, 302, jdk.url("/downgraded"));
            } else {
              LocalServer.send(exchange, 200, "text/plain", "over tls");
            }
          }
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    return server;
  }

  private static String httpsUrl(HttpsServer server, String path) {
    return "https://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static ObjectNode config(String method, String url) {
    return Json.object().put("method", method).put("url", url);
  }

  private static NodeFailure failing(ObjectNode config, int timeoutSeconds) {
    NodeFailure failure =
        catchThrowableOfType(NodeFailure.class, () -> CLIENT.call(config, timeoutSeconds));
    assertThat(failure).as("expected the call to fail").isNotNull();
    return failure;
  }

  /** A failure message names no Java class and holds no stack trace. */
  private static void assertPlain(NodeFailure failure) {
    assertThat(failure.getMessage())
        .doesNotContain("Exception")
        .doesNotContain("java.")
        .doesNotContain("okhttp")
        .doesNotContain("\tat ");
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests an HTTP client would refuse to send, written as raw bytes: every answer is the
 * contract's JSON error body with a 4xx status, never Jetty's HTML page or a 5xx.
 */
class ServerLayerErrorsApiTest {
  private static final String TOKEN = FlowdHarness.token("raw-bytes");
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  /** Sends the bytes, reads until the server closes or 10 s pass, returns status and body. */
  private static String[] exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", flowd.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) != -1; ) {
          answer.write(buffer, 0, n);
        }
      } catch (java.net.SocketTimeoutException | java.net.SocketException done) {
        // Keep what arrived.
      }
      String text = answer.toString(StandardCharsets.ISO_8859_1);
      String status = text.isEmpty() ? "" : text.split(" ", 3)[1];
      int split = text.indexOf("\r\n\r\n");
      String body = split < 0 ? "" : text.substring(split + 4);
      if (text.toLowerCase().contains("transfer-encoding: chunked")) {
        body = body.substring(body.indexOf("\r\n") + 2);
        body = body.substring(0, body.lastIndexOf('}') + 1);
      }
      return new String[] {status, body, text};
    }
  }

  private static String get(String target, String extraHeaders) {
    return "GET "
        + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + TOKEN
        + "\r\n"
        + extraHeaders
        + "Connection: close\r\n\r\n";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "bad path escape, /workflows/%zz, 400",
    "encoded dot segment, /workflows/%2e%2e/health, 4",
    "dot dot segment, /workflows/../health, 4",
    "dot dot above the root, /../../etc/passwd, 4",
    "encoded slash, /workflows/a%2Fb, 4",
    "encoded nul, /workflows/a%00b, 4"
  })
  void malformed_paths_answer_a_json_error(String name, String target, String status)
      throws IOException {
    String[] answer = exchange(get(target, ""));

    assertJsonError(answer, status);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"uri too long, 414", "headers too large, 431"})
  void oversized_requests_answer_a_json_error(String name, String status) throws IOException {
    String request =
        status.equals("414")
            ? get("/workflows/" + "a".repeat(70_000), "")
            : get("/workflows", "X-Big: " + "b".repeat(70_000) + "\r\n");

    assertJsonError(exchange(request), status);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz\r\n{}\r\n0\r\n\r\n", "10\r\n{}\r\n0\r\n\r\n", "2\r\n{}XX"})
  void malformed_chunked_bodies_answer_400_not_500(String chunks) throws IOException {
    String request =
        "POST /workflows HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + TOKEN
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: close\r\n\r\n"
            + chunks;

    assertJsonError(exchange(request), "400");
  }

  /** Checks the answer: its status starts with {@code status}, its body is the JSON error. */
  private static void assertJsonError(String[] answer, String status) {
    assertThat(answer[0]).as(answer[2]).startsWith(status).hasSize(3);
    assertThat(answer[2].toLowerCase()).contains("content-type: application/json");
    JsonNode body = Json.parse(answer[1]);
    assertThat(body.path("type").asText()).isNotEmpty();
    assertThat(body.path("code").asText()).isNotEmpty();
    assertThat(body.path("errors").isArray()).isTrue();
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An API replica ({@code ApiServer}) in a JVM of its own, on a free port, for tests that kill it:
 * configured by environment variables like production, its output in {@code target/api-process}.
 */
final class ApiProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path LOGS = Path.of("target", "api-process");

  private final Process process;
  private final String base;
  private final Path log;

  private ApiProcess(Process process, int port, Path log) {
    this.process = process;
    this.base = "http://127.0.0.1:" + port;
    this.log = log;
  }

  /**
   * Starts an API replica against this database and Temporal and waits until it is healthy.
   *
   * @param extra environment variables set over the defaults
   */
  static ApiProcess start(
      String databaseUrl, String temporalAddress, Map<String, String> extra, String logName)
      throws Exception {
    Files.createDirectories(LOGS);
    int port = freePort();
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", databaseUrl);
    env.put("TEMPORAL_ADDRESS", temporalAddress);
    env.put("FLOWD_HTTP_PORT", Integer.toString(port));
    env.put("FLOWD_HTTP_HOST", "127.0.0.1");
    env.put("FLOWD_JWT_SECRET", FlowdHarness.SECRET);
    env.put("FLOWD_VAULT_KEY", FlowdHarness.VAULT_KEY);
    env.put("FLOWD_DB_POOL_SIZE", "4");
    env.put("FLOWD_SHUTDOWN_TIMEOUT_SECONDS", "5");
    env.put("FLOWD_RATE_LIMIT_PER_MINUTE", "1000000");
    env.putAll(extra);
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Dlogback.configurationFile=logback.xml",
            "-cp",
            classpath,
            "io.flowd.api.app.ApiServer");
    builder.environment().putAll(env);
    Path log = LOGS.resolve(logName);
    File file = log.toFile();
    builder.redirectErrorStream(true).redirectOutput(file);
    ApiProcess api = new ApiProcess(builder.start(), port, log);
    api.awaitHealthy();
    return api;
  }

  private void awaitHealthy() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("the API process died; see " + log).isTrue();
      try {
        if (request("GET", "/health", null, null).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError(base + " did not answer within 120 s; see " + log);
  }

  /** Sends a request to the replica. */
  HttpResponse<String> request(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a request that must answer {@code expected}; returns the parsed body. */
  JsonNode call(String method, String path, String token, String body, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> response = request(method, path, token, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    return response.body().isEmpty() ? Json.object() : Json.parse(response.body());
  }

  /** Returns the {@code triggers} item of the workflow's first broker trigger. */
  JsonNode trigger(String token, String workflowId) {
    try {
      return call("GET", "/workflows/" + workflowId, token, null, 200).path("triggers").path(0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits up to {@code seconds} for the process to end; returns its exit code. */
  int awaitExit(int seconds) throws InterruptedException {
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS))
        .as("the API process ended; see " + log)
        .isTrue();
    return process.exitValue();
  }

  /** Kills the process (kill -9) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

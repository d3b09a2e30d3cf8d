package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.temporal.testserver.TestServer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Production's shape: the API ({@code ApiServer}) and the worker ({@code WorkerMain}) as two JVMs
 * configured by environment variables, against a port-bound Temporal test server and PostgreSQL.
 */
class TwoProcessTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path LOGS = Path.of("target", "two-process");

  private static TestServer.PortBoundTestServer temporal;
  private static String databaseUrl;
  private static Database database;

  @BeforeAll
  static void start() throws IOException {
    int temporalPort = freePort();
    temporal = TestServer.createPortBoundServer(temporalPort);
    System.setProperty("flowd.test.temporal", "127.0.0.1:" + temporalPort);
    databaseUrl = DatabaseBootstrap.freshDatabase(DatabaseBootstrap.testBaseUrl(), "flowd_2p");
    database = Database.connect(databaseUrl, 2);
    Files.createDirectories(LOGS);
  }

  @AfterAll
  static void stop() {
    database.close();
    DatabaseBootstrap.drop(databaseUrl);
    temporal.close();
  }

  @Test
  void a_run_executes_across_api_and_worker_processes_which_exit_0_on_sigterm() throws Exception {
    int apiPort = freePort();
    int workerMetricsPort = freePort();
    Map<String, String> env =
        Map.of(
            "DATABASE_URL", databaseUrl,
            "TEMPORAL_ADDRESS", System.getProperty("flowd.test.temporal"),
            "FLOWD_LOG_FORMAT", "json",
            "FLOWD_SHUTDOWN_TIMEOUT_SECONDS", "10",
            "FLOWD_DB_POOL_SIZE", "3");
    Process worker =
        launch(
            "io.flowd.worker.WorkerMain",
            env,
            Map.of("FLOWD_WORKER_METRICS_PORT", Integer.toString(workerMetricsPort)),
            "worker.log");
    Process api =
        launch(
            "io.flowd.api.app.ApiServer",
            env,
            Map.of(
                "FLOWD_HTTP_PORT",
                Integer.toString(apiPort),
                "FLOWD_JWT_SECRET",
                FlowdHarness.SECRET),
            "api.log");
    try {
      String apiBase = "http://127.0.0.1:" + apiPort;
      String workerBase = "http://127.0.0.1:" + workerMetricsPort;
      awaitHealthy(api, apiBase + "/health");
      awaitHealthy(worker, workerBase + "/health");
      String token = FlowdHarness.token("two-process");

      HttpResponse<String> created =
          send(
              "POST",
              apiBase + "/workflows",
              token,
              """
              {"name": "Across processes", "nodes": [
                 {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
                 {"id": "node_2", "type": "action",
                  "data": {"componentId": "data_mapper", "mappings": {"hi": "{{ trigger.who }}"}}}],
               "edges": [{"id": "e1", "source": "node_1", "target": "node_2"}]}
              """);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String workflowId = Json.parse(created.body()).path("id").asText();
      HttpResponse<String> started =
          send(
              "POST",
              apiBase + "/workflows/" + workflowId + "/execute",
              token,
              "{\"context\": {\"who\": \"Ada\"}}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      String runId = Json.parse(started.body()).path("id").asText();
      JsonNode run = awaitCompleted(apiBase, token, runId);

      assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
      assertThat(run.path("logs").toString()).contains("Ada");
      assertThat(send("GET", apiBase + "/metrics", null, null).body())
          .containsPattern("flowd_runs_started_total\\{trigger_type=\"manual\"} 1(\\.0)?\n")
          .contains("flowd_http_requests_seconds_count{route=\"/workflows/{id}/execute\"");
      String workerMetrics = awaitMetric(workerBase + "/metrics", "temporal_");
      assertThat(workerMetrics)
          .containsPattern("flowd_runs_finished_total\\{status=\"completed\"} 1(\\.0)?\n")
          .contains(
              "flowd_node_duration_seconds_count{component=\"data_mapper\",status=\"success\"}")
          .contains("temporal_");

      api.destroy();
      worker.destroy();
      assertThat(api.waitFor(60, TimeUnit.SECONDS)).as("API stopped").isTrue();
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker stopped").isTrue();
      assertThat(api.exitValue()).as(log("api.log")).isZero();
      assertThat(worker.exitValue()).as(log("worker.log")).isZero();
      assertThat(jsonLines("worker.log"))
          .as("the worker's JSON log names the run and its Temporal execution")
          .anySatisfy(
              line -> {
                assertThat(line.path("mdc").path("run_id").asText()).isEqualTo(runId);
                assertThat(line.path("mdc").path("temporal_workflow_id").asText())
                    .endsWith(":" + runId);
              });
    } finally {
      api.destroyForcibly();
      worker.destroyForcibly();
    }
  }

  private static Process launch(
      String mainClass, Map<String, String> env, Map<String, String> extra, String logName)
      throws IOException {
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
            mainClass);
    builder.environment().putAll(env);
    builder.environment().putAll(extra);
    File log = LOGS.resolve(logName).toFile();
    builder.redirectErrorStream(true).redirectOutput(log);
    return builder.start();
  }

  private static void awaitHealthy(Process process, String url) throws Exception {
    for (int i = 0; i < 600; i++) {
      assertThat(process.isAlive()).as("process died; see " + LOGS).isTrue();
      try {
        if (send("GET", url, null, null).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError(url + " did not answer within 120 s");
  }

  private static JsonNode awaitCompleted(String base, String token, String runId) throws Exception {
    JsonNode run = null;
    for (int i = 0; i < 300; i++) {
      run = Json.parse(send("GET", base + "/workflows/runs/" + runId, token, null).body());
      if ("completed".equals(run.path("status").asText())) {
        return run;
      }
      Thread.sleep(200);
    }
    return run;
  }

  private static String awaitMetric(String url, String needle) throws Exception {
    String body = "";
    for (int i = 0; i < 100 && !body.contains(needle); i++) {
      body = send("GET", url, null, null).body();
      if (!body.contains(needle)) {
        Thread.sleep(200);
      }
    }
    return body;
  }

  private static HttpResponse<String> send(String method, String url, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
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

  private static List<JsonNode> jsonLines(String logName) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(LOGS.resolve(logName))) {
      if (line.startsWith("{")) {
        lines.add(Json.parse(line));
      }
    }
    return lines;
  }

  private static String log(String logName) {
    try {
      return Files.readString(LOGS.resolve(logName));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package io.flowd.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.ApiConfig;
import io.flowd.api.app.ApiServer;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.model.Json;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.flowd.worker.FlowdWorker;
import io.flowd.worker.components.StandardComponents;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole service for black-box tests: a port-bound Temporal test server, a worker, PostgreSQL (a
 * fresh database) and the API on a random port.
 */
public final class FlowdHarness implements AutoCloseable {
  public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";

  private int temporalPort;
  private final String databaseUrl;
  private final Database database;
  private ApiServer api;
  private final HttpClient http = HttpClient.newHttpClient();
  private TestServer.PortBoundTestServer temporal;
  private WorkerFactory workers;
  private WorkflowServiceStubs workerStubs;

  private FlowdHarness(boolean startTemporal) {
    this.temporalPort = freePort();
    this.databaseUrl =
        DatabaseBootstrap.freshDatabase(DatabaseBootstrap.testBaseUrl(), "flowd_api");
    this.database = Database.connect(databaseUrl, 10);
    if (startTemporal) {
      startTemporal();
    }
    this.api = ApiServer.start(config(), database, 0);
  }

  /** Starts everything. */
  public static FlowdHarness start() {
    return new FlowdHarness(true);
  }

  /** Starts PostgreSQL and the API while Temporal is still down. */
  public static FlowdHarness startWithoutTemporal() {
    return new FlowdHarness(false);
  }

  private ApiConfig config() {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", databaseUrl);
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort);
    env.put("FLOWD_JWT_SECRET", SECRET);
    env.put("FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS", "true");
    env.put("FLOWD_OUTBOX_INTERVAL_MS", "300");
    return ApiConfig.fromEnv(env);
  }

  /** Starts the Temporal test server on the harness's port and a worker polling it. */
  public void startTemporal() {
    temporal = TestServer.createPortBoundServer(temporalPort);
    workerStubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort)
                .build());
    workers = WorkerFactory.newInstance(WorkflowClient.newInstance(workerStubs));
    FlowdWorker.register(workers, "flowd", database, StandardComponents.registry(true));
    workers.start();
  }

  /**
   * Stops the API, the worker and the Temporal server, then starts them again on a fresh, empty
   * Temporal server (another port) with the same database: a restart that loses every execution.
   */
  public void restartOnFreshTemporal() {
    api.close();
    workers.shutdownNow();
    workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    workerStubs.shutdownNow();
    temporal.close();
    temporalPort = freePort();
    startTemporal();
    api = ApiServer.start(config(), database, 0);
  }

  /** Returns the address of the current Temporal server. */
  public String temporalAddress() {
    return "127.0.0.1:" + temporalPort;
  }

  public Database database() {
    return database;
  }

  /** Returns a token of {@code subject}, whose tenant is the subject. */
  public static String token(String subject) {
    return JwtAuthenticator.issueToken(SECRET, subject, null, null, Duration.ofHours(1));
  }

  public HttpResponse<String> request(
      String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    boolean typed = false;
    for (int i = 0; i < headers.length; i += 2) {
      typed |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (body != null && !typed) {
      builder.header("Content-Type", "application/json");
    }
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(HttpResponse<String> response) {
    return Json.parse(response.body());
  }

  /** Polls the run until it reaches {@code status} or 20 seconds pass; returns the last read. */
  public JsonNode awaitRun(String token, String runId, String status) throws InterruptedException {
    JsonNode run = null;
    for (int i = 0; i < 200; i++) {
      run = json(request("GET", "/workflows/runs/" + runId, token, null));
      if (status.equals(run.path("status").asText())) {
        return run;
      }
      Thread.sleep(100);
    }
    return run;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    api.close();
    if (workers != null) {
      workers.shutdownNow();
      workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      workerStubs.shutdownNow();
    }
    if (temporal != null) {
      temporal.close();
    }
    database.close();
    DatabaseBootstrap.drop(databaseUrl);
  }
}

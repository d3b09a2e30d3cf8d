package io.flowd.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.ApiConfig;
import io.flowd.api.app.ApiServer;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.Tracing;
import io.flowd.model.Json;
import io.flowd.stack.FlowdStack;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.flowd.store.VaultCipher;
import io.flowd.worker.InProcessWorker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testserver.TestServer;
import java.io.IOException;
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

  /** The vault key of every harness: base64 of 32 bytes. */
  public static final String VAULT_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  private int temporalPort;
  private final FlowdStack stack;
  private final Database database;
  private ApiServer api;
  private final FlowdMetrics metrics;
  private String connectUrl;
  private Map<String, String> overrides = Map.of();
  private final HttpClient http = HttpClient.newHttpClient();
  private final OpenApiContract contract;
  private TcpProxy databaseProxy;
  private WorkflowServiceStubs workerStubs;

  private FlowdHarness(boolean startTemporal, Map<String, String> env, boolean proxyDatabase) {
    this.temporalPort = FlowdStack.freePort();
    this.overrides = env;
    String databaseUrl =
        DatabaseBootstrap.freshMigratedDatabase(DatabaseBootstrap.testBaseUrl(), "flowd_api");
    try {
      this.stack =
          FlowdStack.builder()
              .database(databaseUrl)
              .temporalPort(temporalPort)
              .env("FLOWD_JWT_SECRET", SECRET)
              .env("FLOWD_VAULT_KEY", VAULT_KEY)
              .env("FLOWD_OUTBOX_INTERVAL_MS", "300")
              // High enough that no test but the rate limit's own ever meets it.
              .env("FLOWD_RATE_LIMIT_PER_MINUTE", "1000000")
              .env(env)
              // The first part, so the last one stopped: the database goes once all is closed.
              .part("database-drop", s -> () -> DatabaseBootstrap.drop(databaseUrl))
              .part("database-proxy", s -> proxy(s.databaseUrl(), proxyDatabase))
              .part("database", s -> Database.connect(connectUrl, 10))
              .part("metrics", s -> FlowdMetrics.create())
              .start();
    } catch (Exception e) {
      throw new IllegalStateException("the harness did not start", e);
    }
    this.database = stack.part("database", Database.class);
    this.metrics = stack.part("metrics", FlowdMetrics.class);
    if (startTemporal) {
      startTemporal();
    }
    startApi();
    this.contract = OpenApiContract.of(fetchDocument());
  }

  /** Starts the proxy in front of PostgreSQL when asked; sets the URL the service connects to. */
  private AutoCloseable proxy(String databaseUrl, boolean proxyDatabase) {
    connectUrl = databaseUrl;
    if (!proxyDatabase) {
      return () -> {};
    }
    databaseProxy = TcpProxy.start(databaseUrl);
    connectUrl = databaseProxy.rewrite(databaseUrl);
    return databaseProxy;
  }

  /** Starts everything. */
  public static FlowdHarness start() {
    return new FlowdHarness(true, Map.of(), false);
  }

  /** Starts everything, with these environment variables set over the harness's defaults. */
  public static FlowdHarness start(Map<String, String> env) {
    return new FlowdHarness(true, env, false);
  }

  /** Starts PostgreSQL and the API while Temporal is still down. */
  public static FlowdHarness startWithoutTemporal() {
    return new FlowdHarness(false, Map.of(), false);
  }

  /**
   * Starts everything with every connection to PostgreSQL going through a local TCP proxy, so a
   * test can make PostgreSQL unreachable with {@link #cutDatabase()}.
   */
  public static FlowdHarness startBehindDatabaseProxy() {
    return new FlowdHarness(true, Map.of(), true);
  }

  /** Makes PostgreSQL unreachable for the API: closes the proxy and its open connections. */
  public void cutDatabase() {
    databaseProxy.close();
  }

  private ApiConfig config() {
    Map<String, String> env = new HashMap<>(stack.env());
    env.put("DATABASE_URL", connectUrl);
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort);
    env.putAll(overrides);
    return ApiConfig.fromEnv(env);
  }

  private void startApi() {
    api = start("api", s -> ApiServer.start(config(), database, 0, metrics));
  }

  private <T extends AutoCloseable> T start(String name, FlowdStack.Part<T> part) {
    try {
      return stack.start(name, part);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(name + " did not start", e);
    }
  }

  private String fetchDocument() {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(base() + "/openapi.json")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Returns the port the API listens on. */
  public int port() {
    return api.port();
  }

  private String base() {
    return "http://127.0.0.1:" + api.port();
  }

  /** Returns the API's address, such as {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return base();
  }

  /** Returns the served OpenAPI document's contract, which every response here is checked on. */
  public OpenApiContract contract() {
    return contract;
  }

  /** Starts the Temporal test server on the harness's port and a worker polling it. */
  public void startTemporal() {
    start("temporal", s -> TestServer.createPortBoundServer(temporalPort));
    InProcessWorker worker =
        start(
            "worker",
            s ->
                InProcessWorker.start(
                    "127.0.0.1:" + temporalPort,
                    database,
                    VaultCipher.fromBase64(VAULT_KEY),
                    metrics,
                    Tracing.fromEnv(overrides)));
    workerStubs = worker.stubs();
  }

  /** Returns the worker's Temporal stubs (null while Temporal is down). */
  public WorkflowServiceStubs temporalStubs() {
    return workerStubs;
  }

  /**
   * Returns the Temporal status of an execution, such as {@code
   * WORKFLOW_EXECUTION_STATUS_CANCELED}, or {@code null} when Temporal has no such execution.
   */
  public WorkflowExecutionStatus temporalStatus(String workflowId) {
    try {
      return workerStubs
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace("default")
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build())
          .getWorkflowExecutionInfo()
          .getStatus();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  /** Returns a Temporal client of the harness's server (for reading histories). */
  public WorkflowClient temporalClient() {
    return WorkflowClient.newInstance(workerStubs);
  }

  /**
   * Stops the API, the worker and the Temporal server, then starts them again on a fresh, empty
   * Temporal server (another port) with the same database: a restart that loses every execution.
   */
  public void restartOnFreshTemporal() {
    stopService();
    startOnFreshTemporal();
  }

  /** Stops the API, the worker and the Temporal server; PostgreSQL keeps everything. */
  public void stopService() {
    stack.stop("api");
    stack.stop("worker");
    stack.stop("temporal");
  }

  /** Starts a fresh, empty Temporal server (another port), a worker and the API again. */
  public void startOnFreshTemporal() {
    temporalPort = FlowdStack.freePort();
    startTemporal();
    startApi();
  }

  /**
   * Stops the API process (its HTTP server, sweepers and Temporal client) and starts a new one on
   * another port with the same database, Temporal server and worker: an API crash and restart.
   */
  public void restartApi() {
    startApi();
  }

  /** Returns the address of the current Temporal server. */
  public String temporalAddress() {
    return "127.0.0.1:" + temporalPort;
  }

  /** How many runs of the workflow {@code workflowId} the store holds, read from the table. */
  public long runCount(String workflowId) {
    return database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM runs WHERE workflow_id = :w")
                    .bind("w", workflowId)
                    .mapTo(Long.class)
                    .one());
  }

  public Database database() {
    return database;
  }

  /** Returns a token of {@code subject}, whose tenant is the subject. */
  public static String token(String subject) {
    return JwtAuthenticator.issueToken(SECRET, subject, null, null, Duration.ofHours(1));
  }

  /**
   * Sends a request and returns the answer, after checking both against the served OpenAPI
   * document: a response that breaks it fails the calling test with the validator's messages.
   */
  public HttpResponse<String> request(
      String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base() + path))
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
      HttpRequest request = builder.build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      contract.check(request, body, response);
      return response;
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

  @Override
  public void close() {
    stack.close();
  }
}

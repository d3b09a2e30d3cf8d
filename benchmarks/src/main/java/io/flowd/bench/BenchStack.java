package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.app.ApiConfig;
import io.flowd.api.app.ApiServer;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.model.Json;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.flowd.worker.FlowdWorker;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.TestServiceStubs;
import io.temporal.serviceclient.TestServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The in-process stack of P3, P4 and P5 (figures of flowd alone, which read the JVM's own heap): in
 * this JVM as in the local start but on free ports, a port-bound Temporal test server, a fresh
 * PostgreSQL database, the flowd worker, the API and the webhook sink.
 */
final class BenchStack implements AutoCloseable {
  static final String TENANT = "bench";
  static final String FLOWD_QUEUE = "flowd";

  final BenchOptions options;
  final int temporalPort;
  String databaseUrl;
  Database database;
  Sink sink;
  ApiServer api;
  WorkflowClient client;
  TestServiceStubs testService;
  String token;
  private TestServer.PortBoundTestServer temporal;
  private WorkflowServiceStubs workerStubs;
  private WorkflowServiceStubs clientStubs;
  private WorkerFactory workers;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  BenchStack(BenchOptions options) throws IOException {
    this.options = options;
    this.temporalPort = freePort();
    try {
      start();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void start() throws IOException {
    this.temporal = TestServer.createPortBoundServer(temporalPort);
    this.databaseUrl = DatabaseBootstrap.freshDatabase(options.databaseUrl(), "flowd_bench");
    String secret = secret();
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", databaseUrl);
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort);
    env.put("FLOWD_JWT_SECRET", secret);
    env.put("FLOWD_VAULT_KEY", vaultKey());
    // The bench is one tenant sending thousands of requests a minute on purpose.
    env.put("FLOWD_RATE_LIMIT_PER_MINUTE", "100000000");
    env.put("FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS", "true");
    env.put("FLOWD_DB_POOL_SIZE", Integer.toString(options.poolSize()));
    env.put("FLOWD_HTTP_PORT", "0");
    ApiConfig config = ApiConfig.fromEnv(env);
    this.database = Database.connect(databaseUrl, options.poolSize());
    this.sink = Sink.start(options.sink());

    NodeHandlerRegistry registry = StandardComponents.registry(true);
    this.workerStubs = stubs();
    WorkerFactoryOptions.Builder factoryOptions = WorkerFactoryOptions.newBuilder();
    if (options.workflowCache() > 0) {
      factoryOptions.setWorkflowCacheSize(options.workflowCache());
    }
    this.workers =
        WorkerFactory.newInstance(WorkflowClient.newInstance(workerStubs), factoryOptions.build());
    FlowdWorker.register(
        workers.newWorker(FLOWD_QUEUE, workerOptions()),
        database,
        registry,
        config.store().vault());
    workers.start();

    this.api = ApiServer.start(config, database, 0);
    this.clientStubs = stubs();
    this.client = WorkflowClient.newInstance(clientStubs);
    this.testService =
        TestServiceStubs.newServiceStubs(
            TestServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort)
                .validateAndBuildWithDefaults());
    this.token = JwtAuthenticator.issueToken(secret, TENANT, null, null, Duration.ofDays(1));
  }

  private WorkerOptions workerOptions() {
    WorkerOptions.Builder builder = WorkerOptions.newBuilder();
    if (options.workflowPollers() > 0) {
      builder.setMaxConcurrentWorkflowTaskPollers(options.workflowPollers());
    }
    if (options.activityPollers() > 0) {
      builder.setMaxConcurrentActivityTaskPollers(options.activityPollers());
    }
    return builder.build();
  }

  /** Client stubs with the API's own options. */
  private WorkflowServiceStubs stubs() {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget("127.0.0.1:" + temporalPort)
            .setRpcTimeout(Duration.ofSeconds(5))
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder()
                    .setExpiration(Duration.ofSeconds(2))
                    .setInitialInterval(Duration.ofMillis(50))
                    .setMaximumInterval(Duration.ofMillis(500))
                    .validateBuildWithDefaults())
            .build());
  }

  /** Creates a workflow through the API and returns its id. */
  String createWorkflow(ObjectNode body) throws IOException, InterruptedException {
    HttpResponse<String> response = send("POST", "/workflows", Json.write(body), null);
    if (response.statusCode() != 201) {
      throw new IllegalStateException("creating a workflow failed: " + response.body());
    }
    return Json.parse(response.body()).path("id").asText();
  }

  /**
   * Executes a workflow with a fresh idempotency key; returns the 202 body. A request whose pooled
   * connection the server had just closed is sent again (up to three times) with the same key,
   * which the API maps to the same run.
   */
  JsonNode execute(String workflowId) throws IOException, InterruptedException {
    return execute(workflowId, "{\"context\": {\"user\": \"Ada\", \"plan\": \"pro\"}}");
  }

  /** Like {@link #execute(String)} with the request body {@code body}. */
  JsonNode execute(String workflowId, String body) throws IOException, InterruptedException {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> response = null;
    for (int attempt = 1; response == null; attempt++) {
      try {
        response = send("POST", "/workflows/" + workflowId + "/execute", body, key);
      } catch (IOException closed) {
        if (attempt == 3) {
          throw closed;
        }
      }
    }
    if (response.statusCode() != 202) {
      throw new IllegalStateException(
          "execute answered " + response.statusCode() + ": " + response.body());
    }
    return Json.parse(response.body());
  }

  private HttpResponse<String> send(String method, String path, String body, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String vaultKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static String secret() {
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (api != null) {
      api.close();
    }
    if (workers != null) {
      workers.shutdownNow();
      workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    for (var stubs : java.util.Arrays.asList(clientStubs, workerStubs, testService)) {
      if (stubs != null) {
        stubs.shutdownNow();
      }
    }
    if (temporal != null) {
      temporal.close();
    }
    if (sink != null) {
      sink.close();
    }
    if (database != null) {
      database.close();
    }
    if (databaseUrl != null) {
      DatabaseBootstrap.drop(databaseUrl);
    }
  }
}

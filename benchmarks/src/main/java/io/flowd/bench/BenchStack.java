package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.app.ApiConfig;
import io.flowd.api.app.ApiServer;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.model.Json;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.stack.FlowdStack;
import io.flowd.store.Database;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
  private FlowdStack stack;
  private WorkflowServiceStubs clientStubs;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  BenchStack(BenchOptions options) throws IOException {
    this.options = options;
    this.temporalPort = FlowdStack.freePort();
    try {
      start();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void start() throws IOException {
    try {
      stack =
          FlowdStack.builder()
              .freshDatabase(options.databaseUrl(), "flowd_bench")
              .connect(options.poolSize())
              .temporalPort(temporalPort)
              // The bench is one tenant sending thousands of requests a minute on purpose.
              .env("FLOWD_RATE_LIMIT_PER_MINUTE", "100000000")
              .env("FLOWD_HTTP_PORT", "0")
              .part("temporal", s -> TestServer.createPortBoundServer(s.temporalPort()))
              .part("sink", s -> Sink.start(options.sink()))
              .part("worker", this::startWorker)
              .part("api", s -> ApiServer.start(ApiConfig.fromEnv(s.env()), s.database(), 0))
              .start();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("the bench stack did not start", e);
    }
    this.databaseUrl = stack.databaseUrl();
    this.database = stack.database();
    this.sink = stack.part("sink", Sink.class);
    this.api = stack.part("api", ApiServer.class);
    this.clientStubs = stubs();
    this.client = WorkflowClient.newInstance(clientStubs);
    this.testService =
        TestServiceStubs.newServiceStubs(
            TestServiceStubsOptions.newBuilder()
                .setTarget(stack.temporalAddress())
                .validateAndBuildWithDefaults());
    this.token =
        JwtAuthenticator.issueToken(
            stack.env().get("FLOWD_JWT_SECRET"), TENANT, null, null, Duration.ofDays(1));
  }

  /** Starts the flowd worker on the stack's server; returns what stops it. */
  private AutoCloseable startWorker(FlowdStack s) {
    NodeHandlerRegistry registry = StandardComponents.registry(true);
    WorkflowServiceStubs workerStubs = stubs();
    WorkerFactoryOptions.Builder factoryOptions = WorkerFactoryOptions.newBuilder();
    if (options.workflowCache() > 0) {
      factoryOptions.setWorkflowCacheSize(options.workflowCache());
    }
    WorkerFactory workers =
        WorkerFactory.newInstance(WorkflowClient.newInstance(workerStubs), factoryOptions.build());
    FlowdWorker.register(
        workers.newWorker(FLOWD_QUEUE, workerOptions()),
        s.database(),
        registry,
        ApiConfig.fromEnv(s.env()).store().vault());
    workers.start();
    return () -> {
      workers.shutdownNow();
      workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      workerStubs.shutdownNow();
    };
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

  @Override
  public void close() {
    for (var stubs : java.util.Arrays.asList(clientStubs, testService)) {
      if (stubs != null) {
        stubs.shutdownNow();
      }
    }
    if (stack != null) {
      stack.close();
    }
  }
}

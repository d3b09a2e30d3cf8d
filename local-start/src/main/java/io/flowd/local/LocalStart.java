package io.flowd.local;

import io.flowd.api.app.ApiConfig;
import io.flowd.api.app.ApiServer;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.GracefulShutdown;
import io.flowd.engine.observability.OpsConfig;
import io.flowd.model.Json;
import io.flowd.stack.FlowdStack;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.flowd.store.WorkflowDao;
import io.flowd.worker.StickyRouting;
import io.flowd.worker.WorkerConfig;
import io.flowd.worker.WorkerMain;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The whole service in one JVM for a developer machine: an embedded Temporal test server on
 * 127.0.0.1:7233 ({@code FLOWD_LOCAL_TEMPORAL_PORT}; real time, in memory), the worker and the API.
 * Every setting from the environment wins; only what is missing is filled in, and generated secrets
 * are kept in {@code .local/generated.properties} so tokens survive a restart.
 *
 * <p>With the embedded server the in-process worker keeps sticky workflow-task routing on (the
 * SDK's cache saves a full replay per workflow task): its sticky queue cannot outlive it, since the
 * server dies with the same JVM. Workers in other processes ask the test server for no sticky
 * routing, since it never releases the queue of a worker that died.
 */
public final class LocalStart {
  private static final String LOCAL_TENANT = "local-dev";

  /** How long the local start waits for the embedded Temporal server's first answer. */
  private static final int ANSWER_WAIT_SECONDS = 120;

  private LocalStart() {}

  /**
   * Starts everything, prints a token and a curl example, and runs until stopped. A port already
   * taken, or any other failed start, ends the process with exit code 1 and says why (the database
   * pool would otherwise keep a half-started JVM alive).
   */
  public static void main(String[] args) {
    try {
      start();
    } catch (PortTaken e) {
      System.err.println("flowd cannot start: " + e.getMessage());
      System.exit(1);
    } catch (Exception e) {
      System.err.println("flowd could not start: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** A port the local start needs is in use. */
  private static final class PortTaken extends Exception {
    PortTaken(String message) {
      super(message);
    }
  }

  private static void requireFree(int port, String what) throws PortTaken {
    try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(port));
    } catch (IOException e) {
      throw new PortTaken(
          "port "
              + port
              + " ("
              + what
              + ") is already in use. Stop what listens there, or choose another port.");
    }
  }

  private static void start() throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    Path stateDir = Path.of(env.getOrDefault("FLOWD_LOCAL_DIR", ".local"));
    Properties generated = loadGenerated(stateDir);
    env.putIfAbsent("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/flowd?user=postgres");
    env.putIfAbsent("FLOWD_HTTP_PORT", "8080");
    env.putIfAbsent("FLOWD_HTTP_HOST", "127.0.0.1");
    allowLocalNetworks(env);
    if (!env.containsKey("FLOWD_JWT_SECRET") && !env.containsKey("FLOWD_JWT_PUBLIC_KEY")) {
      env.put("FLOWD_JWT_SECRET", generated(generated, stateDir, "FLOWD_JWT_SECRET", 48));
    }
    if (!env.containsKey("FLOWD_VAULT_KEY")) {
      env.put("FLOWD_VAULT_KEY", generated(generated, stateDir, "FLOWD_VAULT_KEY", 32));
    }
    boolean embedTemporal = !env.containsKey("TEMPORAL_ADDRESS");
    int temporalPort = Integer.parseInt(env.getOrDefault("FLOWD_LOCAL_TEMPORAL_PORT", "7233"));
    if (embedTemporal) {
      fillEmbeddedTemporal(env, temporalPort);
    }
    ApiConfig config = ApiConfig.fromEnv(env);
    requireFree(config.httpPort(), "the API, FLOWD_HTTP_PORT");
    if (embedTemporal) {
      requireFree(
          temporalPort,
          "the embedded Temporal server; set FLOWD_LOCAL_TEMPORAL_PORT, or TEMPORAL_ADDRESS to use"
              + " another server");
    }

    DatabaseBootstrap.ensureExists(config.store().databaseUrl());
    FlowdStack.Builder builder =
        FlowdStack.builder()
            .database(config.store().databaseUrl())
            .connect(config.store().databasePoolSize())
            .temporalAddress(env.get("TEMPORAL_ADDRESS"))
            .env(env);
    if (embedTemporal) {
      builder.part("temporal", s -> answering(embeddedTemporal(temporalPort), temporalPort));
    }
    FlowdStack stack =
        builder
            .part("metrics", s -> FlowdMetrics.create())
            .part(
                "worker",
                s ->
                    WorkerMain.start(
                        WorkerConfig.fromEnv(s.env()),
                        OpsConfig.fromEnv(s.env()),
                        s.database(),
                        s.part("metrics", FlowdMetrics.class)))
            .part(
                "api",
                s ->
                    ApiServer.start(
                        config,
                        s.database(),
                        config.httpPort(),
                        s.part("metrics", FlowdMetrics.class)))
            .start();
    GracefulShutdown.onSignal("local start", stack::close);
    Database database = stack.database();

    String token =
        config.jwt().hmacSecret() == null
            ? null
            : JwtAuthenticator.issueToken(
                config.jwt().hmacSecret(),
                LOCAL_TENANT,
                null,
                "dev@localhost",
                Duration.ofDays(30));
    printWelcome(config, database, token, embedTemporal ? temporalPort : 0);
  }

  private static void printWelcome(
      ApiConfig config, Database database, String token, int embeddedPort) throws Exception {
    String base = "http://localhost:" + config.httpPort();
    StringBuilder out = new StringBuilder();
    out.append("\nflowd is running: API ").append(base);
    out.append(embeddedPort > 0 ? ", embedded Temporal on 127.0.0.1:" + embeddedPort : "");
    out.append(", database ").append(config.store().databaseUrl()).append('\n');
    out.append(privateNetworksLine(config.nodes().allowPrivateNetworks())).append('\n');
    if (token == null) {
      out.append("FLOWD_JWT_PUBLIC_KEY is set: sign your own tokens with its private key.\n");
      out.append("Console: ").append(base).append("/ui  (sign in with such a token)\n");
      System.out.println(out);
      return;
    }
    String workflowId = sampleWorkflow(database, base, token);
    out.append("\nToken (tenant ").append(LOCAL_TENANT).append(", valid 30 days):\n");
    out.append("export FLOWD_TOKEN=").append(token).append("\n\n");
    out.append("Console: ")
        .append(base)
        .append("/ui  (paste the token above into \"API token\")\n\n");
    out.append("Execute the sample workflow ").append(workflowId).append(":\n");
    out.append("curl -s -X POST ")
        .append(base)
        .append("/workflows/")
        .append(workflowId)
        .append("/execute \\\n  -H \"Authorization: Bearer $FLOWD_TOKEN\"")
        .append(" -H 'Content-Type: application/json' \\\n")
        .append("  -H \"Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)\" \\\n")
        .append("  -d '{\"context\": {\"user\": \"Ada\"}}'\n\n");
    out.append("Then read the run (use the \"id\" it answered):\n");
    out.append("curl -s ")
        .append(base)
        .append("/workflows/runs/<run id> -H \"Authorization: Bearer $FLOWD_TOKEN\"\n");
    System.out.println(out);
  }

  /**
   * Lets the {@code webhook} action call private and loopback addresses unless {@code
   * FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS} is set: the local start is a development tool bound to
   * loopback, whose first workflow usually calls a service on the same machine. Every other process
   * keeps the guard on by default.
   */
  static void allowLocalNetworks(Map<String, String> env) {
    env.putIfAbsent("FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS", "true");
  }

  /** The banner's line on what the {@code webhook} action may call. */
  static String privateNetworksLine(boolean allowed) {
    return allowed
        ? "The webhook action may call private and loopback addresses (this machine's services);"
            + " set FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS=false to block them as a server does."
        : "The webhook action refuses private and loopback addresses"
            + " (FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS=false).";
  }

  /** Returns the id of the local tenant's sample workflow, creating it through the API once. */
  private static String sampleWorkflow(Database database, String base, String token)
      throws IOException, InterruptedException {
    var existing = database.dao(WorkflowDao.class).list(LOCAL_TENANT, 100, 0, base);
    for (var workflow : existing) {
      if ("Sample: greet a user".equals(workflow.name())) {
        return workflow.id();
      }
    }
    String body =
        """
        {"name": "Sample: greet a user",
         "description": "manual_trigger, a string_condition, then a data_mapper",
         "nodes": [
           {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "node_2", "type": "condition",
            "data": {"componentId": "string_condition", "left": "{{ trigger.user }}",
                     "operator": "is_not_empty"}},
           {"id": "node_3", "type": "action",
            "data": {"componentId": "data_mapper",
                     "mappings": {"greeting": "Hello {{ trigger.user }}"}}},
           {"id": "node_4", "type": "action",
            "data": {"componentId": "data_mapper", "mappings": {"greeting": "Hello stranger"}}}
         ],
         "edges": [
           {"id": "edge_1_2", "source": "node_1", "target": "node_2"},
           {"id": "edge_2_3", "source": "node_2", "target": "node_3", "sourceHandle": "true"},
           {"id": "edge_2_4", "source": "node_2", "target": "node_4", "sourceHandle": "false"}
         ]}
        """;
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/workflows"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("could not create the sample workflow: " + response.body());
    }
    return Json.parse(response.body()).path("id").asText();
  }

  private static Properties loadGenerated(Path dir) throws IOException {
    Properties props = new Properties();
    Path file = dir.resolve("generated.properties");
    if (Files.exists(file)) {
      try (var in = Files.newInputStream(file)) {
        props.load(in);
      }
    }
    return props;
  }

  private static String generated(Properties props, Path dir, String name, int bytes)
      throws IOException {
    String value = props.getProperty(name);
    if (value == null) {
      byte[] random = new byte[bytes];
      new SecureRandom().nextBytes(random);
      value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      props.setProperty(name, value);
      Files.createDirectories(dir);
      try (var out = Files.newOutputStream(dir.resolve("generated.properties"))) {
        props.store(out, "secrets generated by the local start; delete to regenerate");
      }
    }
    return value;
  }

  /**
   * Points the worker and the API at the embedded server on {@code port} and, unless set, keeps the
   * in-process worker's sticky routing on: its sticky queue lives and dies with the server.
   */
  static void fillEmbeddedTemporal(Map<String, String> env, int port) {
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + port);
    env.putIfAbsent(
        "FLOWD_STICKY_SCHEDULE_TO_START_SECONDS",
        Long.toString(StickyRouting.CLUSTER_DEFAULT.toSeconds()));
  }

  /**
   * Returns {@code server} once it has answered a namespace request, waiting up to {@value
   * #ANSWER_WAIT_SECONDS} s: on a busy machine its first answers take seconds, longer than the
   * worker's own first call may wait before its start fails. Closes it when it never answers.
   */
  static Closeable answering(Closeable server, int port) throws IOException {
    Duration wait = Duration.ofSeconds(ANSWER_WAIT_SECONDS);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .setRpcTimeout(wait)
                .setSystemInfoTimeout(wait)
                .build());
    try {
      stubs
          .blockingStub()
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("default").build());
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    } finally {
      stubs.shutdownNow();
    }
  }

  /**
   * Starts the Temporal test server on 127.0.0.1 only ({@link TestServer#createPortBoundServer}
   * listens on every interface), in real time.
   */
  static Closeable embeddedTemporal(int port) {
    // true locks time skipping: the server keeps real time instead of jumping to its next timer
    // whenever nothing runs (which fired delays at once and broke duration metrics).
    TestServicesStarter services = new TestServicesStarter(true, 0);
    ServerBuilder<?> builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
            InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server;
    try {
      server = builder.build().start();
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
    return () -> {
      server.shutdownNow();
      services.close();
    };
  }
}

package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Json;
import io.flowd.stack.FlowdStack;
import io.flowd.store.Database;
import io.flowd.worker.activity.NodeResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The two sides of P1, P2 and P6, each in processes of its own, driven from this (the driver)
 * process: flowd as {@code ./start-local} runs it (API, worker and the embedded Temporal test
 * server in one JVM); the hand-written workflow's worker in a second JVM against a test server in a
 * third. The webhook sink runs here, in the driver.
 */
final class RemoteStack implements AutoCloseable {
  static final String TENANT = "bench";
  private static final String STANDARD_BODY =
      "{\"context\": {\"user\": \"Ada\", \"plan\": \"pro\"}}";

  final BenchOptions options;
  final Path dir;
  final Sink sink;
  final List<Proc> flowdProcs = new ArrayList<>();
  final List<Proc> rawProcs = new ArrayList<>();
  private final List<Proc> extraWorkers = new ArrayList<>();
  private FlowdStack stack;
  private String databaseUrl;
  private Database database;
  private Proc flowd;
  private Map<String, String> flowdEnv;
  private String temporalAddress;
  private int apiPort;
  private String token;
  private WorkflowServiceStubs flowdStubs;
  private WorkflowServiceStubs rawStubs;
  private WorkflowClient flowdClient;
  private WorkflowClient rawClient;
  private final String javaHome;
  private final String flowdClassPath;
  private final Map<String, String> extraFlowdEnv;
  final Timeline flowdTimeline = new Timeline();
  final Timeline rawTimeline = new Timeline();
  private String standardId;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  RemoteStack(BenchOptions options, Path dir) throws Exception {
    this(options, dir, System.getProperty("java.home"), System.getProperty("java.class.path"));
  }

  RemoteStack(BenchOptions options, Path dir, String javaHome, String flowdClassPath)
      throws Exception {
    this(options, dir, javaHome, flowdClassPath, Map.of());
  }

  /**
   * Starts both sides' processes on the JDK at {@code javaHome}, flowd's local start on the class
   * path {@code flowdClassPath} (another build of flowd, for a before-and-after comparison), with
   * the variables {@code extraFlowdEnv} added to flowd's environment (a switch to compare).
   */
  RemoteStack(
      BenchOptions options,
      Path dir,
      String javaHome,
      String flowdClassPath,
      Map<String, String> extraFlowdEnv)
      throws Exception {
    this.options = options;
    this.extraFlowdEnv = Map.copyOf(extraFlowdEnv);
    this.dir = dir;
    this.javaHome = javaHome;
    this.flowdClassPath = flowdClassPath;
    this.sink = Sink.start(options.sink());
    try {
      start();
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private void start() throws Exception {
    int flowdTemporal = freePort();
    int rawTemporal = freePort();
    Proc rawServer = testServer("raw-test-server", rawTemporal);
    rawProcs.add(rawServer);

    apiPort = freePort();
    temporalAddress = "127.0.0.1:" + flowdTemporal;
    // flowd as ./start-local runs it: the API, the worker and the embedded Temporal server.
    stack =
        FlowdStack.builder()
            .freshDatabase(options.databaseUrl(), "flowd_bench")
            .env("FLOWD_RATE_LIMIT_PER_MINUTE", "100000000")
            .env("FLOWD_DB_POOL_SIZE", Integer.toString(options.poolSize()))
            .env("FLOWD_LOCAL_DIR", dir.resolve("local").toString())
            .part(
                "flowd",
                s -> {
                  Map<String, String> apiEnv = new HashMap<>(s.env());
                  apiEnv.put("FLOWD_HTTP_PORT", Integer.toString(apiPort));
                  apiEnv.put("FLOWD_LOCAL_TEMPORAL_PORT", Integer.toString(flowdTemporal));
                  apiEnv.putAll(extraFlowdEnv);
                  return Proc.start(
                      javaHome,
                      flowdClassPath,
                      "flowd",
                      dir,
                      options.flowdJavaOpts(),
                      "io.flowd.local.LocalStart",
                      List.of(),
                      apiEnv);
                })
            .start();
    databaseUrl = stack.databaseUrl();
    flowdEnv = stack.env();
    flowd = stack.part("flowd", Proc.class);
    flowdProcs.add(0, flowd);
    rawServer.awaitPort(rawTemporal, Duration.ofSeconds(60));
    Proc rawWorker =
        Proc.start(
            javaHome,
            "raw-worker",
            dir,
            options.rawJavaOpts(),
            "io.flowd.bench.RawWorkerMain",
            List.of("127.0.0.1:" + rawTemporal),
            Map.of());
    rawProcs.add(0, rawWorker);
    flowd.awaitLog("flowd is running", Duration.ofSeconds(120));
    rawWorker.awaitLog("raw worker polling", Duration.ofSeconds(60));

    database = Database.connect(databaseUrl, 2);
    token =
        JwtAuthenticator.issueToken(
            flowdEnv.get("FLOWD_JWT_SECRET"), TENANT, null, null, Duration.ofDays(1));
    flowdStubs = stubs(flowdTemporal);
    rawStubs = stubs(rawTemporal);
    flowdClient = WorkflowClient.newInstance(flowdStubs);
    rawClient = WorkflowClient.newInstance(rawStubs);
    standardId = createWorkflow(Graphs.standard(sink.url()));
  }

  private Proc testServer(String name, int port) throws IOException {
    return Proc.start(
        javaHome,
        name,
        dir,
        options.serverJavaOpts(),
        "io.temporal.testserver.TestServer",
        List.of(Integer.toString(port)),
        Map.of());
  }

  /** Starts one more flowd worker process (WorkerMain) on the same task queue and database. */
  Proc addFlowdWorker() throws Exception {
    Map<String, String> env = new HashMap<>(flowdEnv);
    env.put("FLOWD_WORKER_METRICS_PORT", "0");
    env.put("TEMPORAL_ADDRESS", temporalAddress);
    Proc worker =
        Proc.start(
            javaHome,
            "flowd-worker-" + (extraWorkers.size() + 2),
            dir,
            options.flowdJavaOpts(),
            "io.flowd.worker.WorkerMain",
            List.of(),
            env);
    extraWorkers.add(worker);
    flowdProcs.add(worker);
    worker.awaitLog("flowd worker polling", Duration.ofSeconds(120));
    return worker;
  }

  /** Stops the extra worker processes; their CPU stays out of later figures. */
  void stopExtraWorkers() {
    for (Proc worker : extraWorkers) {
      worker.close();
      flowdProcs.remove(worker);
    }
    extraWorkers.clear();
  }

  /** CPU time of every process of one side so far, in nanoseconds. */
  static long cpuNanos(List<Proc> procs) {
    long sum = 0;
    for (Proc proc : procs) {
      proc.checkAlive();
      sum += proc.cpuNanos();
    }
    return sum;
  }

  Proc flowd() {
    return flowd;
  }

  WorkflowClient flowdClient() {
    return flowdClient;
  }

  WorkflowClient rawClient() {
    return rawClient;
  }

  /** POSTs an execute of the standard graph with a fresh key; returns the run's Temporal id. */
  String flowdExecute() throws IOException, InterruptedException {
    return execute(standardId, STANDARD_BODY).path("temporal_workflow_id").asText();
  }

  /** Executes the standard graph over HTTP and waits for the run's completion. */
  void flowdRun() throws Exception {
    long start = System.currentTimeMillis();
    String id = flowdExecute();
    long accepted = System.currentTimeMillis();
    flowdClient.newUntypedWorkflowStub(id).getResult(2, TimeUnit.MINUTES, RunResult.class);
    flowdTimeline.add(new Timeline.Sample(id, start, accepted, System.currentTimeMillis()));
  }

  /** Starts the hand-written workflow with {@code WorkflowClient.start}; returns its id. */
  String rawStart() {
    String id = "bench-raw-" + UUID.randomUUID();
    RawWorkflow stub =
        rawClient.newWorkflowStub(
            RawWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(RawWorkerMain.QUEUE)
                .build());
    WorkflowClient.start(stub::run, Graphs.rawInput(sink.url()));
    return id;
  }

  /** Starts the hand-written workflow and waits for its completion. */
  void rawRun() throws Exception {
    long start = System.currentTimeMillis();
    String id = rawStart();
    long accepted = System.currentTimeMillis();
    rawClient.newUntypedWorkflowStub(id).getResult(2, TimeUnit.MINUTES, NodeResult.class);
    rawTimeline.add(new Timeline.Sample(id, start, accepted, System.currentTimeMillis()));
  }

  /** Waits until no flowd run is pending or running and every listed raw run has completed. */
  void drain(List<String> rawIds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(options.drainMinutes());
    while (openRuns() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(openRuns() + " flowd runs did not finish in time");
      }
      Thread.sleep(100);
    }
    synchronized (rawIds) {
      for (String id : rawIds) {
        WorkflowStub stub = rawClient.newUntypedWorkflowStub(id);
        long left = Math.max(1, deadline - System.nanoTime());
        stub.getResult(left, TimeUnit.NANOSECONDS, NodeResult.class);
      }
      rawIds.clear();
    }
  }

  private int openRuns() {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM runs WHERE tenant_id = :t"
                            + " AND status IN ('pending', 'running')")
                    .bind("t", TENANT)
                    .mapTo(Integer.class)
                    .one());
  }

  /** The flowd database, for counting runs. */
  Database database() {
    return database;
  }

  /** Deactivates a workflow (stops its broker triggers). */
  void deactivate(String workflowId) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + apiPort + "/workflows/" + workflowId))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"is_active\": false}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("deactivating failed: " + response.body());
    }
  }

  String createWorkflow(ObjectNode body) throws IOException, InterruptedException {
    HttpResponse<String> response = send("/workflows", Json.write(body), null);
    if (response.statusCode() != 201) {
      throw new IllegalStateException("creating a workflow failed: " + response.body());
    }
    return Json.parse(response.body()).path("id").asText();
  }

  /**
   * Executes with a fresh idempotency key; a request whose pooled connection the server had just
   * closed is sent again (up to three times) with the same key, which maps to the same run.
   */
  private JsonNode execute(String workflowId, String body)
      throws IOException, InterruptedException {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> response = null;
    for (int attempt = 1; response == null; attempt++) {
      try {
        response = send("/workflows/" + workflowId + "/execute", body, key);
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

  private HttpResponse<String> send(String path, String body, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Starts a JFR recording in the flowd JVM (jcmd), with the {@code default} settings: the {@code
   * profile} settings (allocation and lock events) slowed the measured loop by more than half.
   */
  void startRecording(String name) throws Exception {
    jcmd(flowd.pid(), "JFR.start", "name=" + name, "settings=default");
  }

  /** Stops the recording and writes it to {@code file}. */
  void stopRecording(String name, Path file) throws Exception {
    jcmd(flowd.pid(), "JFR.stop", "name=" + name, "filename=" + file);
  }

  private static void jcmd(long pid, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    command.add(Long.toString(pid));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("jcmd failed: " + out);
    }
  }

  /** Client stubs with the API's own options, so raw starts pay what the API's starts pay. */
  private static WorkflowServiceStubs stubs(int port) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget("127.0.0.1:" + port)
            .setRpcTimeout(Duration.ofSeconds(5))
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder()
                    .setExpiration(Duration.ofSeconds(2))
                    .setInitialInterval(Duration.ofMillis(50))
                    .setMaximumInterval(Duration.ofMillis(500))
                    .validateBuildWithDefaults())
            .build());
  }

  private static int freePort() {
    return FlowdStack.freePort();
  }

  @Override
  public void close() {
    for (var stubs : java.util.Arrays.asList(flowdStubs, rawStubs)) {
      if (stubs != null) {
        stubs.shutdownNow();
      }
    }
    stopExtraWorkers();
    for (Proc proc : rawProcs) {
      proc.close();
    }
    sink.close();
    if (database != null) {
      database.close();
    }
    if (stack != null) {
      // Stops the flowd process, then drops its database.
      stack.close();
    }
  }
}

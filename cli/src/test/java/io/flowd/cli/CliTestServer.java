package io.flowd.cli;

import io.flowd.api.app.ApiConfig;
import io.flowd.api.app.ApiServer;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.flowd.store.VaultCipher;
import io.flowd.worker.FlowdWorker;
import io.flowd.worker.observability.ObservedWorkers;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real service for the CLI's tests: the Temporal test server on a port, a worker, a fresh
 * PostgreSQL database and the API on a random port.
 */
final class CliTestServer implements AutoCloseable {
  static final String SECRET = "cli-test-secret-cli-test-secret-0123456789";
  private static final String VAULT_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  private final String databaseUrl =
      DatabaseBootstrap.freshDatabase(DatabaseBootstrap.testBaseUrl(), "flowd_cli");
  private final Database database = Database.connect(databaseUrl, 10);
  private final FlowdMetrics metrics = FlowdMetrics.create();
  private final TestServer.PortBoundTestServer temporal;
  private final WorkflowServiceStubs stubs;
  private final WorkerFactory workers;
  private final ApiServer api;

  CliTestServer() {
    int temporalPort = freePort();
    temporal = TestServer.createPortBoundServer(temporalPort);
    stubs = ObservedWorkers.stubs("127.0.0.1:" + temporalPort, metrics);
    workers = ObservedWorkers.factory(WorkflowClient.newInstance(stubs), metrics);
    FlowdWorker.register(
        workers,
        "flowd",
        database,
        StandardComponents.registry(true),
        VaultCipher.fromBase64(VAULT_KEY),
        metrics);
    workers.start();
    ApiConfig config =
        ApiConfig.fromEnv(
            Map.of(
                "DATABASE_URL",
                databaseUrl,
                "TEMPORAL_ADDRESS",
                "127.0.0.1:" + temporalPort,
                "FLOWD_JWT_SECRET",
                SECRET,
                "FLOWD_VAULT_KEY",
                VAULT_KEY,
                "FLOWD_OUTBOX_INTERVAL_MS",
                "300",
                "FLOWD_RATE_LIMIT_PER_MINUTE",
                "1000000"));
    api = ApiServer.start(config, database, 0, metrics);
  }

  String url() {
    return "http://127.0.0.1:" + api.port();
  }

  /** Returns a token of {@code tenant} (as subject and team). */
  static String token(String tenant) {
    return JwtAuthenticator.issueToken(SECRET, tenant + "-user", tenant, null, Duration.ofHours(1));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    api.close();
    workers.shutdownNow();
    workers.awaitTermination(10, TimeUnit.SECONDS);
    stubs.shutdownNow();
    temporal.close();
    metrics.close();
    database.close();
    DatabaseBootstrap.drop(databaseUrl);
  }
}

package io.flowd.cli;

import io.flowd.api.app.ApiConfig;
import io.flowd.api.app.ApiServer;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.stack.FlowdStack;
import io.flowd.store.DatabaseBootstrap;
import io.flowd.store.VaultCipher;
import io.flowd.worker.InProcessWorker;
import io.temporal.testserver.TestServer;
import java.time.Duration;

/**
 * The real service for the CLI's tests: the Temporal test server on a port, a worker, a fresh
 * PostgreSQL database and the API on a random port.
 */
final class CliTestServer implements AutoCloseable {
  static final String SECRET = "cli-test-secret-cli-test-secret-0123456789";
  private static final String VAULT_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  private final FlowdStack stack;
  private final ApiServer api;

  CliTestServer() {
    try {
      stack =
          FlowdStack.builder()
              .freshDatabase(DatabaseBootstrap.testBaseUrl(), "flowd_cli")
              .connect(10)
              .temporalPort(FlowdStack.freePort())
              .env("FLOWD_JWT_SECRET", SECRET)
              .env("FLOWD_VAULT_KEY", VAULT_KEY)
              .env("FLOWD_OUTBOX_INTERVAL_MS", "300")
              .env("FLOWD_RATE_LIMIT_PER_MINUTE", "1000000")
              .part("metrics", s -> FlowdMetrics.create())
              .part("temporal", s -> TestServer.createPortBoundServer(s.temporalPort()))
              .part(
                  "worker",
                  s ->
                      InProcessWorker.start(
                          s.temporalAddress(),
                          s.database(),
                          VaultCipher.fromBase64(VAULT_KEY),
                          s.part("metrics", FlowdMetrics.class)))
              .part(
                  "api",
                  s ->
                      ApiServer.start(
                          ApiConfig.fromEnv(s.env()),
                          s.database(),
                          0,
                          s.part("metrics", FlowdMetrics.class)))
              .start();
    } catch (Exception e) {
      throw new IllegalStateException("the CLI's test server did not start", e);
    }
    api = stack.part("api", ApiServer.class);
  }

  String url() {
    return "http://127.0.0.1:" + api.port();
  }

  /** Returns a token of {@code tenant} (as subject and team). */
  static String token(String tenant) {
    return JwtAuthenticator.issueToken(SECRET, tenant + "-user", tenant, null, Duration.ofHours(1));
  }

  @Override
  public void close() {
    stack.close();
  }
}

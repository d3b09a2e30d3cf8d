package io.flowd.worker.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowd.engine.observability.FlowdMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The worker process's tiny HTTP server: {@code GET /metrics} (Prometheus text) and {@code GET
 * /health}, on {@code FLOWD_WORKER_METRICS_PORT}.
 */
public final class MetricsHttpServer implements AutoCloseable {
  private final HttpServer server;

  private MetricsHttpServer(HttpServer server) {
    this.server = server;
  }

  /** Starts serving {@code metrics} on all interfaces; port 0 picks a free port. */
  public static MetricsHttpServer start(int port, FlowdMetrics metrics) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
      server.createContext(
          "/metrics",
          exchange -> answer(exchange, 200, FlowdMetrics.CONTENT_TYPE, metrics.scrape()));
      server.createContext(
          "/health", exchange -> answer(exchange, 200, "application/json", "{\"status\":\"ok\"}"));
      server.start();
      return new MetricsHttpServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on metrics port " + port, e);
    }
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Returns the port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package io.flowd.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** The local HTTP server the {@code webhook} nodes POST to; it counts what it receives. */
final class Sink implements AutoCloseable {
  private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong hits = new AtomicLong();

  private Sink(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static Sink start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            8,
            task -> {
              Thread thread = new Thread(task, "bench-sink");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    Sink sink = new Sink(server, executor);
    server.createContext(
        "/hook",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            sink.hits.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, OK.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(OK);
            }
          }
        });
    server.start();
    return sink;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  long hits() {
    return hits.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

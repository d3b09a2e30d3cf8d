package io.flowd.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.flowd.model.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook target of the fault runs: {@code POST /hook/<node>?sleep=<ms>} with body {@code
 * {"run": "<run id>"}}; it counts calls per (run, node) so duplicates can be told.
 */
final class ChaosSink implements AutoCloseable {
  private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, Long> firstCall = new ConcurrentHashMap<>();
  private final Map<String, Long> lastCall = new ConcurrentHashMap<>();
  private final Map<String, java.util.List<Long>> callTimes = new ConcurrentHashMap<>();

  private ChaosSink(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static ChaosSink start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    ExecutorService executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    ChaosSink sink = new ChaosSink(server, executor);
    server.createContext(
        "/hook/",
        exchange -> {
          try (exchange) {
            String node = exchange.getRequestURI().getPath().substring("/hook/".length());
            String query = exchange.getRequestURI().getQuery();
            JsonNode body = Json.parse(new String(exchange.getRequestBody().readAllBytes()));
            String key = body.path("run").asText() + "/" + node;
            long now = System.currentTimeMillis();
            sink.firstCall.putIfAbsent(key, now);
            sink.lastCall.merge(key, now, Math::max);
            sink.calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            sink.callTimes
                .computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(now);
            if (query != null && query.startsWith("sleep=")) {
              try {
                Thread.sleep(Long.parseLong(query.substring("sleep=".length())));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
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

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/";
  }

  /** Returns how often the node was called for the run. */
  int calls(String runId, String node) {
    AtomicInteger n = calls.get(runId + "/" + node);
    return n == null ? 0 : n.get();
  }

  /** When the node was first called for the run (epoch milliseconds), or 0. */
  long firstCall(String runId, String node) {
    return firstCall.getOrDefault(runId + "/" + node, 0L);
  }

  /** When the node was last called for the run (epoch milliseconds), or 0. */
  long lastCall(String runId, String node) {
    return lastCall.getOrDefault(runId + "/" + node, 0L);
  }

  /** When each call of the node for the run arrived (epoch milliseconds), in order. */
  java.util.List<Long> callTimes(String runId, String node) {
    return callTimes.getOrDefault(runId + "/" + node, java.util.List.of());
  }

  int total() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

package io.flowd.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTP peer on 127.0.0.1 for black-box tests: records requests, answers as told. */
final class EchoServer implements AutoCloseable {
  /** One request as the server saw it. */
  record Seen(String method, String path, String authorization, String body) {}

  /** Answers one request. */
  interface Responder {
    void respond(HttpExchange exchange, Seen request) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor;
  final List<Seen> requests = new CopyOnWriteArrayList<>();

  private EchoServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static EchoServer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    ExecutorService executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.start();
    return new EchoServer(server, executor);
  }

  EchoServer on(String path, Responder responder) {
    server.createContext(
        path,
        exchange -> {
          try (exchange) {
            Seen seen =
                new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(seen);
            responder.respond(exchange, seen);
          }
        });
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  long hits(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).count();
  }

  static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

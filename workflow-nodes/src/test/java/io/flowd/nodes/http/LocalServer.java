package io.flowd.nodes.http;

import com.sun.net.httpserver.Headers;
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

/** A real HTTP server on a loopback address that records every request it answers. */
final class LocalServer implements AutoCloseable {
  /** One request as the server saw it. */
  record Recorded(String method, String path, String query, Headers headers, String body) {}

  /** Answers one request. */
  interface Responder {
    void respond(HttpExchange exchange, Recorded request) throws IOException;
  }

  private final String address;
  private final HttpServer server;
  private final ExecutorService executor;
  final List<Recorded> requests = new CopyOnWriteArrayList<>();

  private LocalServer(String address, HttpServer server, ExecutorService executor) {
    this.address = address;
    this.server = server;
    this.executor = executor;
  }

  static LocalServer start(String address) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
    ExecutorService executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "local-http-server");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.start();
    return new LocalServer(address, server, executor);
  }

  LocalServer on(String path, Responder responder) {
    server.createContext(
        path,
        exchange -> {
          try (exchange) {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Recorded request =
                new Recorded(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(),
                    body);
            requests.add(request);
            responder.respond(exchange, request);
          }
        });
    return this;
  }

  String url(String path) {
    return "http://" + address + ":" + server.getAddress().getPort() + path;
  }

  long hits(String path) {
    return requests.stream().filter(request -> request.path().equals(path)).count();
  }

  static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  static void redirect(HttpExchange exchange, int status, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(status, -1);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

package io.flowd.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local HTTP server the {@code webhook} nodes POST to; it counts what it receives. {@code
 * keep-alive} is the JDK's HTTP/1.1 server; {@code http10} answers each request with HTTP/1.0 and
 * closes the connection without a {@code Connection} header, as Python's http.server does.
 */
final class Sink implements AutoCloseable {
  private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ServerSocket rawServer;
  private final ExecutorService executor;
  private final AtomicLong hits = new AtomicLong();

  private Sink(HttpServer server, ServerSocket rawServer, ExecutorService executor) {
    this.server = server;
    this.rawServer = rawServer;
    this.executor = executor;
  }

  static Sink start(String mode) throws IOException {
    return mode.equals("http10") ? startHttp10() : start();
  }

  private static Sink startHttp10() throws IOException {
    ServerSocket socket = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    ExecutorService executor = Executors.newCachedThreadPool(Sink::daemon);
    Sink sink = new Sink(null, socket, executor);
    byte[] answer =
        ("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + OK.length
                + "\r\n\r\n"
                + new String(OK, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.ISO_8859_1);
    executor.execute(
        () -> {
          while (!socket.isClosed()) {
            try {
              Socket connection = socket.accept();
              executor.execute(() -> sink.answerHttp10(connection, answer));
            } catch (IOException closed) {
              return;
            }
          }
        });
    return sink;
  }

  private void answerHttp10(Socket connection, byte[] answer) {
    try (connection) {
      InputStream in = new BufferedInputStream(connection.getInputStream());
      int length = 0;
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != -1; b = in.read()) {
        if (b != '\n') {
          line.append((char) b);
          continue;
        }
        String header = line.toString().strip();
        line.setLength(0);
        if (header.isEmpty()) {
          break;
        }
        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(header.substring("content-length:".length()).strip());
        }
      }
      in.readNBytes(length);
      hits.incrementAndGet();
      OutputStream out = connection.getOutputStream();
      out.write(answer);
      out.flush();
    } catch (IOException gone) {
      // The client went away.
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "bench-sink");
    thread.setDaemon(true);
    return thread;
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
    Sink sink = new Sink(server, null, executor);
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
    int port = server != null ? server.getAddress().getPort() : rawServer.getLocalPort();
    return "http://127.0.0.1:" + port + "/hook";
  }

  long hits() {
    return hits.get();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    } else {
      try {
        rawServer.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    executor.shutdownNow();
  }
}

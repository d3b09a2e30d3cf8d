package io.flowd.nodes.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP peer on a raw {@link ServerSocket}, for behaviours a server library would not produce on
 * purpose: HTTP/1.0 answers, closing idle connections without a word, resets, silence. Each path
 * has a script that writes the answer bytes itself and says whether the connection stays open.
 */
final class RawPeer implements AutoCloseable {
  /** One request as the peer read it, and the number of the connection that carried it. */
  record Seen(String method, String path, Map<String, String> headers, int connection) {}

  /** Writes the answer to one request; returns whether the connection stays open. */
  interface Script {
    boolean answer(Seen request, Socket socket, OutputStream out) throws Exception;
  }

  final List<Seen> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger closedIdle = new AtomicInteger();
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final ServerSocket server;
  private final String host;
  private final int idleMillis;

  private RawPeer(ServerSocket server, String host, int idleMillis) {
    this.server = server;
    this.host = host;
    this.idleMillis = idleMillis;
    Thread acceptor = new Thread(this::accept, "raw-peer");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a peer that keeps idle connections open until the client closes them. */
  static RawPeer start(String address) throws IOException {
    return start(address, 0);
  }

  /** Starts a peer that closes a connection idle for {@code idleMillis}, without a word. */
  static RawPeer start(String address, int idleMillis) throws IOException {
    InetAddress bind = InetAddress.getByName(address);
    String host = address.contains(":") ? "[" + address + "]" : address;
    return new RawPeer(new ServerSocket(0, 50, bind), host, idleMillis);
  }

  RawPeer on(String path, Script script) {
    scripts.put(path, script);
    return this;
  }

  String url(String path) {
    return "http://" + host + ":" + server.getLocalPort() + path;
  }

  long hits(String path) {
    return requests.stream().filter(request -> request.path().equals(path)).count();
  }

  /** The connections that carried requests to {@code path}, in order. */
  List<Integer> connectionsOf(String path) {
    return requests.stream()
        .filter(request -> request.path().equals(path))
        .map(Seen::connection)
        .toList();
  }

  /** Writes {@code text} as ISO-8859-1 bytes (the head of an answer) and flushes. */
  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        int number = connections.incrementAndGet();
        Thread thread = new Thread(() -> serve(socket, number), "raw-peer-connection");
        thread.setDaemon(true);
        thread.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket, int number) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        socket.setSoTimeout(idleMillis);
        String requestLine;
        try {
          requestLine = line(in);
        } catch (SocketTimeoutException idle) {
          closedIdle.incrementAndGet();
          return;
        }
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        socket.setSoTimeout(0);
        Map<String, String> headers = new TreeMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
          int colon = header.indexOf(':');
          headers.put(
              header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
              header.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        in.readNBytes(length);
        String[] parts = requestLine.split(" ");
        Seen request = new Seen(parts[0], parts[1].split("\\?")[0], headers, number);
        requests.add(request);
        Script script = scripts.get(request.path());
        if (script == null || !script.answer(request, socket, out)) {
          return;
        }
      }
    } catch (Exception gone) {
      // The client went away or the script ended the connection.
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
      }
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

package io.flowd.api;

import io.flowd.store.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback TCP forwarder in front of PostgreSQL (or a broker). Closing it closes its port and
 * every connection through it, which is what an unreachable database looks like to the API, without
 * stopping the PostgreSQL server the other tests share.
 */
final class TcpProxy implements AutoCloseable {
  private static final Pattern HOST_PORT = Pattern.compile("//([^/:]+)(?::(\\d+))?/");

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private TcpProxy(ServerSocket server, String targetHost, int targetPort) {
    this.server = server;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Starts a proxy on a free loopback port towards the server of {@code jdbcUrl}. */
  static TcpProxy start(String jdbcUrl) {
    Matcher m = HOST_PORT.matcher(DatabaseUrl.parse(jdbcUrl).jdbcUrl());
    if (!m.find()) {
      throw new IllegalArgumentException("no host in " + jdbcUrl);
    }
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      TcpProxy proxy =
          new TcpProxy(
              server, m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
      Thread acceptor = new Thread(proxy::acceptLoop, "db-proxy-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Starts a proxy on a free loopback port towards {@code 127.0.0.1:port} (a broker). */
  static TcpProxy toLoopbackPort(int port) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      TcpProxy proxy = new TcpProxy(server, "127.0.0.1", port);
      Thread acceptor = new Thread(proxy::acceptLoop, "broker-proxy-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Returns the port the proxy listens on. */
  int port() {
    return server.getLocalPort();
  }

  /** Closes every connection through the proxy (a broker dropping its clients); keeps listening. */
  void dropConnections() {
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  /** Returns {@code jdbcUrl} pointing at this proxy instead of the server. */
  String rewrite(String jdbcUrl) {
    return HOST_PORT.matcher(jdbcUrl).replaceFirst("//127.0.0.1:" + server.getLocalPort() + "/");
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // One side closed: the other is closed below.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "db-proxy-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    sockets.forEach(TcpProxy::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Already closed.
    }
  }
}

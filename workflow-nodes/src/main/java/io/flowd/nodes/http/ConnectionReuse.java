package io.flowd.nodes.http;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Keeps a pooled connection from carrying a request once its peer may have closed it.
 *
 * <p>OkHttp's pool keeps an idle connection for as long as the client's pool allows, and reuses it
 * without a check for most requests. A peer that answered with HTTP/1.0 (without {@code Connection:
 * keep-alive}), that sent {@code Connection: close}, whose {@code Keep-Alive: timeout=N} has
 * passed, or that closed the connection while it was idle, would then receive nothing: the request
 * goes out on a dead socket and fails before any byte reaches the peer.
 *
 * <p>This network interceptor runs after OkHttp picked a connection and before it writes the
 * request. It remembers what each connection's last answer allowed, and when a reused connection is
 * no longer usable (or the peer has closed it, checked with a non-consuming 1 ms read when the
 * connection was idle for a while) it closes the socket and throws {@link Stale}; nothing has been
 * written, so the caller sends the request again on another connection. A connection that fails
 * after the request was written is never retried here.
 */
final class ConnectionReuse implements Interceptor {
  /** A reused connection idle at least this long is probed for a close by its peer. */
  static final long PROBE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private static final Pattern KEEP_ALIVE_TIMEOUT =
      Pattern.compile("(?:^|[,;\\s])timeout\\s*=\\s*(\\d{1,9})", Pattern.CASE_INSENSITIVE);

  /** What the last answer on one connection allows; keyed by the connection, weakly. */
  private record Allowance(boolean reusable, long idleSince, long keepAliveNanos) {}

  private final Map<Connection, Allowance> allowances =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Thrown before anything was written on a connection that must not carry another request. */
  static final class Stale extends IOException {
    Stale() {
      super("the pooled connection is no longer usable");
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Connection connection = chain.connection();
    if (connection == null) {
      return chain.proceed(chain.request());
    }
    Allowance allowance = allowances.get(connection);
    if (allowance != null && !usable(allowance, connection.socket(), System.nanoTime())) {
      allowances.remove(connection);
      closeQuietly(connection.socket());
      throw new Stale();
    }
    Response response = chain.proceed(chain.request());
    allowances.put(
        connection, new Allowance(reusable(response), System.nanoTime(), keepAliveNanos(response)));
    return response;
  }

  private static boolean usable(Allowance allowance, Socket socket, long now) {
    if (!allowance.reusable() || socket.isClosed() || socket.isInputShutdown()) {
      return false;
    }
    long idle = now - allowance.idleSince();
    if (allowance.keepAliveNanos() >= 0 && idle >= allowance.keepAliveNanos()) {
      return false;
    }
    return idle < PROBE_AFTER_NANOS || !closedByPeer(socket);
  }

  /** Whether the answer lets the connection carry another request. */
  static boolean reusable(Response response) {
    String connection = response.header("Connection", "").toLowerCase(Locale.ROOT);
    if (connection.contains("close")) {
      return false;
    }
    return response.protocol() != Protocol.HTTP_1_0 || connection.contains("keep-alive");
  }

  /**
   * How long the connection may stay idle after this answer: {@code Keep-Alive: timeout=N} less a
   * margin (half of it, at most a second) for the time the answer took to arrive; -1 when the peer
   * does not say.
   */
  static long keepAliveNanos(Response response) {
    String keepAlive = response.header("Keep-Alive");
    if (keepAlive == null) {
      return -1;
    }
    Matcher matcher = KEEP_ALIVE_TIMEOUT.matcher(keepAlive);
    if (!matcher.find()) {
      return -1;
    }
    long millis = TimeUnit.SECONDS.toMillis(Long.parseLong(matcher.group(1)));
    return TimeUnit.MILLISECONDS.toNanos(millis - Math.min(1000, millis / 2));
  }

  /**
   * Whether the peer closed the idle connection: a read that waits at most 1 ms sees the end of the
   * stream (or data no request asked for, which also makes the connection unusable).
   */
  private static boolean closedByPeer(Socket socket) {
    try {
      int timeout = socket.getSoTimeout();
      try {
        socket.setSoTimeout(1);
        socket.getInputStream().read();
        return true;
      } finally {
        socket.setSoTimeout(timeout);
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException broken) {
      return true;
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // The connection is dropped either way.
    }
  }
}

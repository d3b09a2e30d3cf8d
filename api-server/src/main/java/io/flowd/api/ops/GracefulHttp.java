package io.flowd.api.ops;

import io.javalin.Javalin;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * Makes {@link Javalin#stop()} graceful: the connectors stop accepting at once, requests in flight
 * get up to the shutdown timeout to finish, and only then is the server torn down.
 */
public final class GracefulHttp {
  private GracefulHttp() {}

  /** Configures {@code app}, which must not be started yet. */
  public static Javalin configure(Javalin app, Duration timeout) {
    Server server = app.jettyServer().server();
    if (server.getDescendant(GracefulHandler.class) == null) {
      server.insertHandler(new GracefulHandler());
    }
    server.setStopTimeout(timeout.toMillis());
    return app;
  }
}

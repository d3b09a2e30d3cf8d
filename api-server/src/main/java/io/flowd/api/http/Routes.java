package io.flowd.api.http;

import io.flowd.engine.observability.Tracing;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The route table the controllers register on. Each route carries its {@link Access}; the table
 * then installs every route on Javalin, fixed path segments before path parameters at the same
 * place (so {@code /workflows/runs} wins over {@code /workflows/{id}} whatever the order of
 * registration), and lists the routes for the OpenAPI check.
 */
public final class Routes {
  /** Who may call a route; Javalin keeps it as the route's role. */
  public enum Access implements RouteRole {
    /** Needs a bearer token and counts against the tenant's rate limit. */
    AUTHENTICATED,
    /** Open to anyone: health, the OpenAPI document, inbound webhooks, the console's files. */
    PUBLIC
  }

  /**
   * One registered route.
   *
   * @param method the HTTP method, upper case
   * @param path the Javalin path template
   */
  public record Route(String method, String path, Access access, Handler handler) {
    /** Returns {@code "METHOD path"}, the form the OpenAPI document's operations take. */
    public String key() {
      return method + " " + path;
    }
  }

  private final List<Route> routes = new ArrayList<>();

  /** Registers an authenticated {@code GET}. */
  public Routes get(String path, Handler handler) {
    return add(HandlerType.GET, path, handler, Access.AUTHENTICATED);
  }

  /** Registers a {@code GET} with the given access. */
  public Routes get(String path, Handler handler, Access access) {
    return add(HandlerType.GET, path, handler, access);
  }

  /** Registers an authenticated {@code POST}. */
  public Routes post(String path, Handler handler) {
    return add(HandlerType.POST, path, handler, Access.AUTHENTICATED);
  }

  /** Registers a {@code POST} with the given access. */
  public Routes post(String path, Handler handler, Access access) {
    return add(HandlerType.POST, path, handler, access);
  }

  /** Registers an authenticated {@code PUT}. */
  public Routes put(String path, Handler handler) {
    return add(HandlerType.PUT, path, handler, Access.AUTHENTICATED);
  }

  /** Registers an authenticated {@code DELETE}. */
  public Routes delete(String path, Handler handler) {
    return add(HandlerType.DELETE, path, handler, Access.AUTHENTICATED);
  }

  /** Registers an {@code OPTIONS} with the given access. */
  public Routes options(String path, Handler handler, Access access) {
    return add(HandlerType.OPTIONS, path, handler, access);
  }

  private Routes add(HandlerType method, String path, Handler handler, Access access) {
    routes.add(new Route(method.name(), path, access, handler));
    return this;
  }

  /** Returns the registered routes, in the order Javalin matches them. */
  public List<Route> list() {
    // Stable: a path whose first parameter comes later (or that has none) is matched first.
    return routes.stream()
        .sorted(Comparator.comparingInt(Routes::firstParameter).reversed())
        .toList();
  }

  /** Registers every route of {@code groups} on a new table. */
  public static Routes of(List<RouteGroup> groups) {
    Routes table = new Routes();
    groups.forEach(group -> group.register(table));
    return table;
  }

  /** Installs every route on Javalin, its access as its role. */
  public void installOn(RoutesConfig javalin) {
    installOn(javalin, Tracing.off());
  }

  /**
   * Installs every route on Javalin, its access as its role; the routes that start runs open a
   * server span ({@link ServerSpans}).
   */
  public void installOn(RoutesConfig javalin, Tracing tracing) {
    for (Route route : list()) {
      javalin.addHttpHandler(
          HandlerType.findOrCreate(route.method()),
          route.path(),
          ServerSpans.wrap(tracing, route, route.handler()),
          route.access());
    }
  }

  private static int firstParameter(Route route) {
    int brace = route.path().indexOf('{');
    return brace < 0 ? Integer.MAX_VALUE : brace;
  }
}

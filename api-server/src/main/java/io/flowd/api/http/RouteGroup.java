package io.flowd.api.http;

/**
 * One area's routes. Each controller registers its own routes, with the access each needs, so a new
 * route is written in one place: the authentication filter reads the access from the route, and the
 * OpenAPI test compares the document with the registered routes.
 */
@FunctionalInterface
public interface RouteGroup {
  /** Adds this area's routes to {@code routes}. */
  void register(Routes routes);
}

package io.flowd.api.app;

import io.flowd.api.auth.AuthenticationException;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.JsonErrorHandler;
import io.flowd.store.DatabaseErrors;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the contract's JSON error body: {@link ApiException}s as they are,
 * authentication failures as 401, Javalin's own errors and unknown routes as 4xx, a lost database
 * as 503 with {@code Retry-After}, and anything else as a logged 500.
 */
final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  /** Seconds a client should wait before retrying while a dependency is down. */
  static final long RETRY_AFTER_SECONDS = 5;

  private ErrorMapper() {}

  static void install(JavalinConfig javalin) {
    javalin.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    javalin.jetty.modifyServletContextHandler(
        context -> context.setErrorHandler(new JsonErrorHandler()));
    javalin.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
    javalin.routes.exception(
        AuthenticationException.class,
        (e, ctx) -> error(ctx, ApiException.unauthorized(e.getMessage())));
    javalin.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, fromJavalin(e)));
    javalin.routes.exception(Exception.class, (e, ctx) -> unexpected(ctx, e));
    javalin.routes.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            error(ctx, ApiException.notFound("No route " + ctx.method() + " " + ctx.path()));
          }
        });
  }

  private static ApiException fromJavalin(HttpResponseException e) {
    return switch (e.getStatus()) {
      case 413 -> ApiException.payloadTooLarge();
      case 404 -> ApiException.notFound(e.getMessage());
      case 405 -> ApiException.notFound("No such route");
      default -> ApiException.badRequest("bad_request", e.getMessage());
    };
  }

  private static void unexpected(Context ctx, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jetty.http.HttpException bad) {
        // Jetty refused the request's framing (such as a malformed chunked body): bad input.
        error(ctx, JsonErrorHandler.answer(bad.getCode()));
        return;
      }
      if (t instanceof org.eclipse.jetty.io.EofException) {
        error(ctx, JsonErrorHandler.answer(400));
        return;
      }
    }
    if (isDatabaseDown(e)) {
      error(
          ctx,
          ApiException.unavailable(
              "PostgreSQL is unreachable; try again shortly.", RETRY_AFTER_SECONDS));
      return;
    }
    LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
    error(ctx, ApiException.internal());
  }

  private static boolean isDatabaseDown(Throwable e) {
    return DatabaseErrors.isUnavailable(e);
  }

  private static void error(Context ctx, ApiException e) {
    e.headers().forEach(ctx::header);
    Requests.json(ctx, e.status(), e.body());
  }
}

package io.flowd.api.console;

import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the web console at {@code /ui}: its static files from the classpath folder {@code
 * console/}, and its {@code index.html} for every other path under {@code /ui}, so deep links such
 * as {@code /ui/runs/fl_run_…} open the app, which reads the path itself. The pages need no
 * authentication (they hold no data); the app calls the API with the token the person signs in
 * with. A strict Content-Security-Policy lets the browser load nothing from anywhere else and run
 * no inline script.
 */
public final class ConsoleAssets implements RouteGroup {
  /** Where the console is served. */
  public static final String PATH = "/ui";

  private static final String ROOT = "console/";
  private static final Pattern ASSET =
      Pattern.compile("assets/([a-z0-9-]+/)?[a-z0-9-]+\\.(js|css|svg)");
  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "html", "text/html; charset=utf-8");
  private static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

  @Override
  public void register(Routes routes) {
    routes.get(PATH, this::serve, Routes.Access.PUBLIC);
    routes.get(PATH + "/*", this::serve, Routes.Access.PUBLIC);
  }

  /** Answers {@code GET /ui} and {@code GET /ui/*}. */
  public void serve(Context ctx) {
    String rest =
        ctx.path().length() > PATH.length() ? ctx.path().substring(PATH.length() + 1) : "";
    String name = ASSET.matcher(rest).matches() ? rest : "index.html";
    Optional<byte[]> body = cache.computeIfAbsent(name, ConsoleAssets::load);
    if (body.isEmpty()) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found");
      return;
    }
    String extension = name.substring(name.lastIndexOf('.') + 1);
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
    ctx.status(200).contentType(TYPES.get(extension)).result(body.get());
  }

  private static Optional<byte[]> load(String name) {
    try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

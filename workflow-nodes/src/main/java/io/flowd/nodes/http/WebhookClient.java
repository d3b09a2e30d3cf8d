package io.flowd.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowd.model.Json;
import io.flowd.nodes.spi.NodeFailure;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes the HTTP request of a {@code webhook} action node.
 *
 * <p>The config is the node's rendered {@code data}: {@code method} (GET, POST, PUT, PATCH, DELETE
 * or HEAD; default GET), {@code url} (absolute http or https), {@code headers} (a list of {@code
 * {"key", "value"}}), {@code body} (an object or array is sent as JSON, a string as is) and {@code
 * fail_on_status} (default true). Every hop's host is resolved and checked by the {@link
 * NetworkGuard} before connecting; up to {@value #MAX_REDIRECTS} redirects are followed by hand so
 * that each one is checked too, and credentials ({@code Authorization}, {@code Cookie}) are dropped
 * when a redirect leaves the original origin. Failures are {@link NodeFailure}s whose messages name
 * the method and the URL without its query string, which may hold secrets. Instances are
 * thread-safe and meant to be shared.
 */
public final class WebhookClient {
  /** The most redirects one call follows. */
  public static final int MAX_REDIRECTS = 5;

  /** The largest response body one call reads, in bytes (10 MiB). */
  public static final long MAX_RESPONSE_BYTES = 10L * 1024 * 1024;

  private static final int MESSAGE_BODY_CHARS = 200;
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
  private static final Set<String> CLIENT_MANAGED_HEADERS = Set.of("content-length", "connection");
  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "cookie", "proxy-authorization");

  private final NetworkGuard guard;
  private final HttpClient http;

  /** Creates a client whose every connection is checked by {@code guard}. */
  public WebhookClient(NetworkGuard guard) {
    this.guard = Objects.requireNonNull(guard);
    // No proxy: the guard's check is only meaningful for direct connections.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();
  }

  /**
   * Sends the request the config describes and returns {@code {"status", "headers", "body"}}.
   * Header names are lowercase, repeated headers are joined by {@code ", "}; the body is the parsed
   * JSON when the response is JSON (or has no content type and parses), else the text, or null when
   * empty.
   *
   * @param config the node's rendered data
   * @param timeoutSeconds the limit for the whole call, redirects and body included
   * @throws NodeFailure {@code invalid_config} (not retryable) for a bad config; {@code
   *     blocked_address} (not retryable) for a refused address; {@code http_status} for a non-2xx
   *     answer while {@code fail_on_status} is true (retryable for 408, 429 and 5xx); {@code
   *     timeout} and {@code http_error} (retryable); {@code response_too_large}, {@code
   *     too_many_redirects} and {@code invalid_redirect} (not retryable)
   */
  public JsonNode call(JsonNode config, int timeoutSeconds) {
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("timeoutSeconds must be positive: " + timeoutSeconds);
    }
    Request request = Request.parse(config);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    String method = request.method();
    URI uri = request.uri();
    List<Header> headers = request.headers();
    byte[] body = request.body();
    for (int redirects = 0; ; redirects++) {
      // The HTTP client resolves the host again when it connects. Both lookups normally hit the
      // JVM's address cache, but a DNS answer that changes in between (rebinding) is a residual
      // risk we accept: pinning the checked address would break TLS host names and Host headers.
      guard.resolveAllowed(uri.getHost());
      HttpResponse<byte[]> response = send(method, uri, headers, body, deadline, timeoutSeconds);
      Optional<String> location = redirectLocation(response);
      if (location.isEmpty()) {
        return output(method, uri, response, request.failOnStatus());
      }
      if (redirects == MAX_REDIRECTS) {
        throw new NodeFailure(
            "too_many_redirects",
            describe(method, uri) + " redirected more than " + MAX_REDIRECTS + " times",
            false);
      }
      URI next = resolveRedirect(method, uri, location.get());
      if (!sameOrigin(uri, next)) {
        headers = without(headers, CREDENTIAL_HEADERS);
      }
      int status = response.statusCode();
      if ((status == 303 && !method.equals("HEAD"))
          || ((status == 301 || status == 302) && method.equals("POST"))) {
        method = "GET";
        body = null;
        headers = without(headers, Set.of("content-type"));
      }
      uri = next;
    }
  }

  private HttpResponse<byte[]> send(
      String method,
      URI uri,
      List<Header> headers,
      byte[] body,
      long deadline,
      int timeoutSeconds) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw timeout(method, uri, timeoutSeconds);
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofNanos(remaining))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Header header : headers) {
      builder.header(header.name(), header.value());
    }
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(builder.build(), WebhookClient::bodyHandler);
    try {
      return future.get(remaining, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timeout(method, uri, timeoutSeconds);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new NodeFailure("http_error", describe(method, uri) + " was interrupted", true);
    } catch (ExecutionException e) {
      throw failure(e.getCause(), method, uri, timeoutSeconds);
    }
  }

  private static HttpResponse.BodySubscriber<byte[]> bodyHandler(HttpResponse.ResponseInfo info) {
    if (isRedirect(info.statusCode()) && info.headers().firstValue("location").isPresent()) {
      return HttpResponse.BodySubscribers.replacing(new byte[0]);
    }
    return new LimitedBodySubscriber(MAX_RESPONSE_BYTES);
  }

  private static NodeFailure failure(Throwable error, String method, URI uri, int timeout) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof LimitedBodySubscriber.TooLargeException) {
        return new NodeFailure(
            "response_too_large",
            "the response to " + describe(method, uri) + " is larger than 10 MiB",
            false);
      }
      if (cause instanceof HttpTimeoutException) {
        return timeout(method, uri, timeout);
      }
    }
    Throwable root = error;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    String reason =
        root.getMessage() == null
            ? root.getClass().getSimpleName()
            : root.getClass().getSimpleName() + ": " + root.getMessage();
    return new NodeFailure("http_error", describe(method, uri) + " failed: " + reason, true);
  }

  private static NodeFailure timeout(String method, URI uri, int timeoutSeconds) {
    return new NodeFailure(
        "timeout", describe(method, uri) + " timed out after " + timeoutSeconds + " seconds", true);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static Optional<String> redirectLocation(HttpResponse<?> response) {
    if (!isRedirect(response.statusCode())) {
      return Optional.empty();
    }
    return response.headers().firstValue("location").filter(value -> !value.isBlank());
  }

  private static URI resolveRedirect(String method, URI from, String location) {
    URI next;
    try {
      next = from.resolve(new URI(location.trim()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new NodeFailure(
          "invalid_redirect",
          describe(method, from) + " redirected to an invalid location: " + location,
          false);
    }
    if (!isHttp(next) || next.getHost() == null) {
      throw new NodeFailure(
          "invalid_redirect",
          describe(method, from) + " redirected to a location that is not an http(s) URL",
          false);
    }
    return next;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private static List<Header> without(List<Header> headers, Set<String> names) {
    List<Header> kept = new ArrayList<>();
    for (Header header : headers) {
      if (!names.contains(header.name().toLowerCase(Locale.ROOT))) {
        kept.add(header);
      }
    }
    return kept;
  }

  private static ObjectNode output(
      String method, URI uri, HttpResponse<byte[]> response, boolean failOnStatus) {
    int status = response.statusCode();
    Optional<String> contentType = response.headers().firstValue("content-type");
    byte[] bytes = response.body() == null ? new byte[0] : response.body();
    String text = new String(bytes, charset(contentType));
    if (failOnStatus && (status < 200 || status > 299)) {
      String snippet = text.strip();
      if (snippet.length() > MESSAGE_BODY_CHARS) {
        int end = MESSAGE_BODY_CHARS;
        if (Character.isHighSurrogate(snippet.charAt(end - 1))) {
          end--;
        }
        snippet = snippet.substring(0, end);
      }
      String message = "HTTP " + status + " from " + describe(method, uri);
      boolean retryable = status >= 500 || status == 429 || status == 408;
      throw new NodeFailure(
          "http_status", snippet.isEmpty() ? message : message + ": " + snippet, retryable);
    }
    ObjectNode out = Json.object();
    out.put("status", status);
    ObjectNode headers = out.putObject("headers");
    for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
      if (!header.getKey().startsWith(":")) {
        headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(", ", header.getValue()));
      }
    }
    out.set("body", body(text, contentType));
    return out;
  }

  private static JsonNode body(String text, Optional<String> contentType) {
    if (text.isEmpty()) {
      return NullNode.getInstance();
    }
    boolean json = contentType.map(WebhookClient::isJson).orElse(false);
    if (json || contentType.isEmpty()) {
      try {
        return Json.parse(text);
      } catch (IllegalArgumentException notJson) {
        return TextNode.valueOf(text);
      }
    }
    return TextNode.valueOf(text);
  }

  private static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json")
        || mediaType.equals("text/json")
        || mediaType.endsWith("+json");
  }

  private static Charset charset(Optional<String> contentType) {
    if (contentType.isPresent()) {
      for (String parameter : contentType.get().split(";")) {
        String[] pair = parameter.split("=", 2);
        if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
          try {
            return Charset.forName(pair[1].strip().replace("\"", ""));
          } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static boolean isHttp(URI uri) {
    String scheme = uri.getScheme();
    return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
  }

  /** Names a request for messages: the method and the URL without user info or query. */
  static String describe(String method, URI uri) {
    StringBuilder text = new StringBuilder(method).append(' ');
    text.append(uri.getScheme().toLowerCase(Locale.ROOT)).append("://").append(uri.getHost());
    if (uri.getPort() != -1) {
      text.append(':').append(uri.getPort());
    }
    if (uri.getRawPath() != null) {
      text.append(uri.getRawPath());
    }
    return text.toString();
  }

  private record Header(String name, String value) {}

  private record Request(
      String method, URI uri, List<Header> headers, byte[] body, boolean failOnStatus) {

    static Request parse(JsonNode config) {
      if (config == null || !config.isObject()) {
        throw invalid("the webhook config must be an object");
      }
      String method = method(config.get("method"));
      URI uri = url(config.get("url"));
      List<Header> headers = headers(config.get("headers"));
      JsonNode bodyNode = config.get("body");
      byte[] body = null;
      if (bodyNode != null && !bodyNode.isNull() && !bodyNode.isMissingNode()) {
        if (bodyNode.isTextual()) {
          body = bodyNode.textValue().getBytes(StandardCharsets.UTF_8);
        } else {
          body = Json.write(bodyNode).getBytes(StandardCharsets.UTF_8);
          boolean typed =
              headers.stream().anyMatch(header -> header.name().equalsIgnoreCase("content-type"));
          if (!typed) {
            headers.add(new Header("Content-Type", "application/json"));
          }
        }
      }
      return new Request(method, uri, headers, body, failOnStatus(config.get("fail_on_status")));
    }

    private static String method(JsonNode node) {
      if (node == null || node.isNull()) {
        return "GET";
      }
      String method = node.isTextual() ? node.textValue().strip().toUpperCase(Locale.ROOT) : "";
      if (!METHODS.contains(method)) {
        throw invalid("method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, not " + node);
      }
      return method;
    }

    private static URI url(JsonNode node) {
      if (node == null || !node.isTextual() || node.textValue().isBlank()) {
        throw invalid("url is required and must be a string");
      }
      URI uri;
      try {
        uri = new URI(node.textValue().strip());
      } catch (URISyntaxException e) {
        throw invalid("url is not a valid URL: " + e.getMessage());
      }
      if (!isHttp(uri) || uri.getHost() == null) {
        throw invalid("url must be an absolute http or https URL with a host");
      }
      return uri;
    }

    private static List<Header> headers(JsonNode node) {
      List<Header> headers = new ArrayList<>();
      if (node == null || node.isNull()) {
        return headers;
      }
      if (!node.isArray()) {
        throw invalid("headers must be a list of {\"key\", \"value\"}");
      }
      HttpRequest.Builder probe = HttpRequest.newBuilder();
      for (int i = 0; i < node.size(); i++) {
        JsonNode entry = node.get(i);
        JsonNode key = entry.get("key");
        if (key == null || !key.isTextual() || key.textValue().isBlank()) {
          throw invalid("headers[" + i + "].key is required and must be a string");
        }
        String name = key.textValue().strip();
        if (CLIENT_MANAGED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
          continue;
        }
        JsonNode valueNode = entry.get("value");
        String value;
        if (valueNode == null || valueNode.isNull()) {
          value = "";
        } else if (valueNode.isValueNode()) {
          value = valueNode.asText();
        } else {
          value = Json.write(valueNode);
        }
        try {
          probe.header(name, value);
        } catch (IllegalArgumentException e) {
          throw invalid("headers[" + i + "] cannot be sent: " + e.getMessage());
        }
        headers.add(new Header(name, value));
      }
      return headers;
    }

    private static boolean failOnStatus(JsonNode node) {
      if (node == null || node.isNull()) {
        return true;
      }
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      if (node.isTextual()
          && (node.textValue().equalsIgnoreCase("true")
              || node.textValue().equalsIgnoreCase("false"))) {
        return Boolean.parseBoolean(node.textValue());
      }
      throw invalid("fail_on_status must be true or false");
    }

    private static NodeFailure invalid(String message) {
      return new NodeFailure("invalid_config", message, false);
    }
  }
}

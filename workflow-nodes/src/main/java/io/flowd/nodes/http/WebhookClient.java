package io.flowd.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowd.model.Json;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.vault.SecretMask;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Dns;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.GzipSource;
import okio.InflaterSource;
import okio.Okio;

/**
 * Makes the HTTP request of a {@code webhook} action node.
 *
 * <p>The config is the node's rendered {@code data}: {@code method} (GET, POST, PUT, PATCH, DELETE
 * or HEAD; default GET), {@code url} (absolute http or https), {@code headers} (a list of {@code
 * {"key", "value"}}), {@code body} (an object or array is sent as JSON, a string as is) and {@code
 * fail_on_status} (default true). Every host name is resolved once, by the {@link NetworkGuard},
 * and the connection goes to the very addresses it checked (there is no second lookup a changing
 * DNS answer could slip through); TLS and the {@code Host} header still use the name. Up to {@value
 * #MAX_REDIRECTS} redirects are followed by hand so that each one is checked too. When a redirect
 * changes the origin (scheme, host or port), {@code Authorization}, {@code Cookie}, {@code
 * Proxy-Authorization}, every header whose value holds a vault secret, and a body that holds one
 * are dropped; a redirect from https to http is refused. {@code tls} ({@code ca_certificates},
 * {@code client_certificate}, {@code client_key}, PEM) adds trusted CAs and a client certificate.
 *
 * <p>Connections are pooled, and {@link ConnectionReuse} keeps a pooled connection the peer may
 * have closed from carrying a request: such a request goes out on a fresh connection before
 * anything was written, so a stale connection never costs an attempt, while a request that may have
 * reached the peer is never sent twice within one call. Failures are {@link NodeFailure}s whose
 * messages name the method and the URL without its query string, which may hold secrets, say in
 * plain words what happened ({@link FailureReasons}), and never quote a header value. Instances are
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
  private static final Set<String> CLIENT_MANAGED_HEADERS =
      Set.of("content-length", "connection", "host", "transfer-encoding");
  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "cookie", "proxy-authorization");

  /** The most pooled connections one call finds stale before it opens a fresh one anyway. */
  private static final int MAX_STALE_CONNECTIONS = 40;

  private static final int MAX_TLS_CLIENTS = 64;

  private final NetworkGuard guard;
  private final OkHttpClient http;
  private final Map<String, OkHttpClient> tlsClients = new ConcurrentHashMap<>();

  /** Creates a client whose every connection is checked by {@code guard}. */
  public WebhookClient(NetworkGuard guard) {
    this.guard = Objects.requireNonNull(guard);
    Dispatcher dispatcher = new Dispatcher();
    // The callers bound concurrency (activity slots, the test-node pool); OkHttp's own limits
    // (64 calls, 5 per host) would queue calls behind each other instead.
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    // No proxy: the guard's check is only meaningful for direct connections.
    this.http =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(32, 30, TimeUnit.SECONDS))
            .addNetworkInterceptor(new ConnectionReuse())
            .protocols(List.of(Protocol.HTTP_1_1))
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .proxy(Proxy.NO_PROXY)
            .dns(new GuardedDns(guard))
            .connectTimeout(0, TimeUnit.MILLISECONDS)
            .readTimeout(0, TimeUnit.MILLISECONDS)
            .writeTimeout(0, TimeUnit.MILLISECONDS)
            .build();
  }

  /** Resolves through the guard, so the addresses connected to are the addresses checked. */
  private record GuardedDns(NetworkGuard guard) implements Dns {
    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
      try {
        return guard.resolveAllowed(hostname);
      } catch (NodeFailure refused) {
        throw new Refused(refused);
      }
    }
  }

  /** Carries the guard's failure through OkHttp's connection code. */
  private static final class Refused extends UnknownHostException {
    private final transient NodeFailure failure;

    Refused(NodeFailure failure) {
      super(failure.getMessage());
      this.failure = failure;
    }
  }

  /**
   * Sends the request without knowing of any secret in it; see {@link #call(JsonNode, int,
   * SecretMask)}.
   */
  public JsonNode call(JsonNode config, int timeoutSeconds) {
    return call(config, timeoutSeconds, SecretMask.NONE);
  }

  /**
   * Sends the request the config describes and returns {@code {"status", "headers", "body"}}.
   * Header names are lowercase, repeated headers are joined by {@code ", "}; the body is the parsed
   * JSON when the response is JSON (or has no content type and parses), else the text, or null when
   * empty.
   *
   * @param config the node's rendered data
   * @param timeoutSeconds the limit for the whole call, redirects and body included
   * @param secrets the vault values the config holds: headers and a body holding one do not follow
   *     a redirect to another origin, and error texts are masked before they are cut
   * @throws NodeFailure {@code invalid_config} (not retryable) for a bad config; {@code
   *     blocked_address} (not retryable) for a refused address; {@code http_status} for a non-2xx
   *     answer while {@code fail_on_status} is true (retryable for 408, 429 and 5xx); {@code
   *     timeout} and {@code http_error} (retryable); {@code response_too_large}, {@code
   *     too_many_redirects}, {@code invalid_redirect} and {@code insecure_redirect} (not retryable)
   */
  public JsonNode call(JsonNode config, int timeoutSeconds, SecretMask secrets) {
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("timeoutSeconds must be positive: " + timeoutSeconds);
    }
    Request request = Request.parse(config);
    boolean propagate = config.path("propagate_trace").asBoolean(true);
    OutgoingTrace trace = OutgoingTrace.start(request.method(), request.uri(), propagate);
    try {
      JsonNode output = call(request, timeoutSeconds, secrets, trace);
      trace.finish(output.path("status").asInt(), null);
      return output;
    } catch (RuntimeException e) {
      trace.finish(0, e);
      throw e;
    }
  }

  private JsonNode call(
      Request request, int timeoutSeconds, SecretMask secrets, OutgoingTrace trace) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    String method = request.method();
    URI uri = request.uri();
    List<Header> traced = request.headers();
    trace.inject(
        (name, value) -> {
          if (traced.stream().noneMatch(header -> header.name().equalsIgnoreCase(name))) {
            traced.add(new Header(name, value));
          }
        });
    List<Header> headers = traced;
    byte[] body = request.body();
    for (int redirects = 0; ; redirects++) {
      if (isAddressLiteral(uri.getHost())) {
        guard.resolveAllowed(uri.getHost()); // names are checked as they resolve, in GuardedDns
      }
      Answer response =
          send(clientFor(request.tls()), method, uri, headers, body, deadline, timeoutSeconds);
      Optional<String> location = redirectLocation(response);
      if (location.isEmpty()) {
        return output(method, uri, response, request.failOnStatus(), secrets);
      }
      if (redirects == MAX_REDIRECTS) {
        throw new NodeFailure(
            "too_many_redirects",
            describe(method, uri) + " redirected more than " + MAX_REDIRECTS + " times",
            false);
      }
      URI next = resolveRedirect(method, uri, location.get());
      if (isDowngrade(uri, next)) {
        throw new NodeFailure(
            "insecure_redirect",
            describe(method, uri) + " redirected from https to http, which is refused",
            false);
      }
      if (!sameOrigin(uri, next)) {
        headers = without(headers, CREDENTIAL_HEADERS);
        headers = withoutSecrets(headers, secrets);
        if (body != null && secrets.reveals(new String(body, StandardCharsets.UTF_8))) {
          body = null;
          headers = without(headers, Set.of("content-type"));
        }
      }
      int status = response.status();
      if ((status == 303 && !method.equals("HEAD"))
          || ((status == 301 || status == 302) && method.equals("POST"))) {
        method = "GET";
        body = null;
        headers = without(headers, Set.of("content-type"));
      }
      uri = next;
    }
  }

  /** Returns whether a redirect leaves https for plain http. */
  static boolean isDowngrade(URI from, URI to) {
    return from.getScheme().equalsIgnoreCase("https") && to.getScheme().equalsIgnoreCase("http");
  }

  private static boolean isAddressLiteral(String host) {
    return host.startsWith("[") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  private static List<Header> withoutSecrets(List<Header> headers, SecretMask secrets) {
    List<Header> kept = new ArrayList<>();
    for (Header header : headers) {
      if (!secrets.reveals(header.value()) && !secrets.reveals(header.name())) {
        kept.add(header);
      }
    }
    return kept;
  }

  /** One response: its status, headers and (for anything but a redirect) its body. */
  private record Answer(int status, Headers headers, byte[] body) {}

  /** The shared client, or one that shares its pool and threads but trusts the node's TLS. */
  private OkHttpClient clientFor(Optional<TlsSettings> tls) {
    if (tls.isEmpty()) {
      return http;
    }
    if (tlsClients.size() >= MAX_TLS_CLIENTS) {
      tlsClients.clear();
    }
    return tlsClients.computeIfAbsent(
        tls.get().key(),
        key ->
            http.newBuilder()
                .sslSocketFactory(
                    tls.get().certificates().sslSocketFactory(),
                    tls.get().certificates().trustManager())
                .build());
  }

  /**
   * Sends one request. A pooled connection that turns out to be stale before anything was written
   * on it ({@link ConnectionReuse.Stale}) is dropped and the request goes out on another; a failure
   * after the request may have reached the peer ends the call.
   */
  private Answer send(
      OkHttpClient client,
      String method,
      URI uri,
      List<Header> headers,
      byte[] body,
      long deadline,
      int timeoutSeconds) {
    for (int stale = 0; ; stale++) {
      try {
        return sendOnce(client, method, uri, headers, body, deadline, timeoutSeconds);
      } catch (StaleConnection e) {
        if (stale == MAX_STALE_CONNECTIONS) {
          client.connectionPool().evictAll();
        }
      }
    }
  }

  /** Internal signal that a request found its pooled connection stale and sent nothing. */
  private static final class StaleConnection extends RuntimeException {
    StaleConnection() {
      super(null, null, false, false);
    }
  }

  private Answer sendOnce(
      OkHttpClient client,
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
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null) {
      throw new NodeFailure("invalid_config", describe(method, uri) + " is not a valid URL", false);
    }
    RequestBody requestBody = null;
    if (body != null) {
      requestBody = RequestBody.create(body, null);
    } else if (okhttp3.internal.http.HttpMethod.requiresRequestBody(method)) {
      requestBody = RequestBody.create(new byte[0], null);
    }
    okhttp3.Request.Builder builder = new okhttp3.Request.Builder().url(url);
    builder.method(method, requestBody);
    boolean acceptsEncoding = false;
    for (Header header : headers) {
      builder.addHeader(header.name(), header.value());
      acceptsEncoding |= header.name().equalsIgnoreCase("accept-encoding");
    }
    if (!acceptsEncoding) {
      builder.header("Accept-Encoding", "gzip, deflate");
    }
    Call call = client.newCall(builder.build());
    call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
    CompletableFuture<Answer> future = new CompletableFuture<>();
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call failed, IOException e) {
            future.completeExceptionally(e);
          }

          @Override
          public void onResponse(Call done, Response response) {
            try (response) {
              future.complete(read(response));
            } catch (TooLarge e) {
              future.completeExceptionally(e);
            } catch (IOException | RuntimeException e) {
              future.completeExceptionally(new BodyFailed(e));
            }
          }
        });
    try {
      return future.get();
    } catch (InterruptedException e) {
      call.cancel();
      Thread.currentThread().interrupt();
      throw new NodeFailure("http_error", describe(method, uri) + " was interrupted", true);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ConnectionReuse.Stale) {
        throw new StaleConnection();
      }
      throw failure(e.getCause(), method, uri, timeoutSeconds);
    }
  }

  /** Reading the body failed after the status line and headers had arrived. */
  private static final class BodyFailed extends IOException {
    BodyFailed(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static Answer read(Response response) throws IOException {
    ResponseBody responseBody = response.body();
    if ((isRedirect(response.code()) && response.header("location") != null)
        || responseBody == null
        || hasNoBody(response)) {
      return new Answer(response.code(), response.headers(), new byte[0]);
    }
    if (responseBody.contentLength() > MAX_RESPONSE_BYTES) {
      throw new TooLarge();
    }
    BufferedSource source = responseBody.source();
    Headers headers = response.headers();
    String encoding = response.header("Content-Encoding", "").strip().toLowerCase(Locale.ROOT);
    if ((encoding.equals("gzip") || encoding.equals("deflate")) && !source.exhausted()) {
      source = Okio.buffer(encoding.equals("gzip") ? new GzipSource(source) : inflating(source));
      headers =
          headers.newBuilder().removeAll("Content-Encoding").removeAll("Content-Length").build();
    }
    if (source.request(MAX_RESPONSE_BYTES + 1)) {
      throw new TooLarge();
    }
    return new Answer(response.code(), headers, source.getBuffer().readByteArray());
  }

  /**
   * Whether the answer has no body whatever its headers say: a {@code HEAD}, a {@code 204}, a
   * {@code 304} (RFC 9110 6.4.1). OkHttp trusts a {@code Content-Length} on a 304 and would wait
   * for bytes that never come until the node's timeout; closing the unread body instead keeps the
   * connection out of the pool.
   */
  private static boolean hasNoBody(Response response) {
    int code = response.code();
    return response.request().method().equals("HEAD")
        || code == 204
        || code == 304
        || (code >= 100 && code < 200);
  }

  /** A {@code deflate} body: zlib-wrapped as HTTP says, or raw as some servers send it. */
  private static InflaterSource inflating(BufferedSource source) throws IOException {
    source.request(2);
    boolean zlib =
        source.getBuffer().size() >= 2
            && (source.getBuffer().getByte(0) & 0x0f) == 8
            && ((source.getBuffer().getByte(0) & 0xff) * 256
                        + (source.getBuffer().getByte(1) & 0xff))
                    % 31
                == 0;
    return new InflaterSource(source, new Inflater(!zlib));
  }

  /** The body was larger than {@link #MAX_RESPONSE_BYTES}. */
  private static final class TooLarge extends IOException {
    TooLarge() {
      super("the response body is larger than " + MAX_RESPONSE_BYTES + " bytes");
    }
  }

  private static NodeFailure failure(Throwable error, String method, URI uri, int timeout) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof Refused refused) {
        return refused.failure;
      }
      if (cause instanceof TooLarge) {
        return new NodeFailure(
            "response_too_large",
            "the response to " + describe(method, uri) + " is larger than 10 MiB",
            false);
      }
      if (cause instanceof InterruptedIOException) {
        return timeout(method, uri, timeout);
      }
    }
    if (error instanceof UnknownHostException) {
      return new NodeFailure("http_error", "cannot resolve host " + uri.getHost(), true);
    }
    boolean answered = error instanceof BodyFailed;
    return new NodeFailure(
        "http_error",
        describe(method, uri) + " failed: " + FailureReasons.explain(error, answered),
        true);
  }

  private static NodeFailure timeout(String method, URI uri, int timeoutSeconds) {
    return new NodeFailure(
        "timeout", describe(method, uri) + " timed out after " + timeoutSeconds + " seconds", true);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static Optional<String> redirectLocation(Answer response) {
    if (!isRedirect(response.status())) {
      return Optional.empty();
    }
    return Optional.ofNullable(response.headers().get("location"))
        .filter(value -> !value.isBlank());
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
      String method, URI uri, Answer response, boolean failOnStatus, SecretMask secrets) {
    int status = response.status();
    Optional<String> contentType = Optional.ofNullable(response.headers().get("content-type"));
    String text = new String(response.body(), charset(contentType));
    if (failOnStatus && (status < 200 || status > 299)) {
      String snippet = secrets.apply(text.strip());
      if (snippet.length() > MESSAGE_BODY_CHARS) {
        int end = MESSAGE_BODY_CHARS;
        if (Character.isHighSurrogate(snippet.charAt(end - 1))) {
          end--;
        }
        snippet = snippet.substring(0, end);
      }
      String message = "HTTP " + status + " from " + describe(method, uri);
      boolean retryable = status >= 500 || status == 429 || status == 408;
      ObjectNode details = Json.object().put("status", status);
      details.set("body", body(text, contentType));
      throw new NodeFailure(
          "http_status",
          snippet.isEmpty() ? message : message + ": " + snippet,
          retryable,
          details);
    }
    ObjectNode out = Json.object();
    out.put("status", status);
    ObjectNode headers = out.putObject("headers");
    for (Map.Entry<String, List<String>> header : response.headers().toMultimap().entrySet()) {
      headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(", ", header.getValue()));
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
      String method,
      URI uri,
      List<Header> headers,
      byte[] body,
      boolean failOnStatus,
      Optional<TlsSettings> tls) {

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
      return new Request(
          method,
          uri,
          headers,
          body,
          failOnStatus(config.get("fail_on_status")),
          TlsSettings.parse(config.get("tls")));
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
      Headers.Builder probe = new Headers.Builder();
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
          probe.add(name, value);
        } catch (IllegalArgumentException e) {
          // OkHttp's message quotes the value, which may hold a secret.
          throw invalid(
              "headers["
                  + i
                  + "] cannot be sent: its name or value holds a character HTTP headers do not"
                  + " allow (a line break, a control or non-ASCII character)");
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

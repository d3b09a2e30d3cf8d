package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The flowd HTTP API as the tool uses it. Every failure becomes a {@link CliException} whose
 * message is one sentence: the server unreachable, the token refused, or the server's own error
 * message.
 */
public final class ApiClient {
  private final String baseUrl;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Creates a client of the server at {@code baseUrl} that sends {@code token}. */
  public ApiClient(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  /** Returns the server's address. */
  public String baseUrl() {
    return baseUrl;
  }

  /** {@code GET path}; throws on any status but 200. */
  public JsonNode get(String path) {
    return expect(send("GET", path, null), 200);
  }

  /** {@code GET path}, or {@code null} on 404. */
  public JsonNode getOrNull(String path) {
    HttpResponse<String> response = send("GET", path, null);
    return response.statusCode() == 404 ? null : expect(response, 200);
  }

  /** {@code PUT path} with a JSON body; returns the answer of a 200 or 201. */
  public JsonNode put(String path, JsonNode body) {
    return expect(send("PUT", path, Json.write(body)), 200, 201);
  }

  /** {@code POST path} with a JSON body (or none); returns the answer of any 2xx. */
  public JsonNode post(String path, JsonNode body, String... headers) {
    return expect(
        send("POST", path, body == null ? null : Json.write(body), headers), 200, 201, 202);
  }

  /** {@code DELETE path}. */
  public void delete(String path) {
    expect(send("DELETE", path, null), 204);
  }

  /** Starts a run of workflow {@code id} with a fresh idempotency key. */
  public JsonNode execute(String id, JsonNode context) {
    JsonNode body = Json.object().set("context", context == null ? Json.object() : context);
    return post(
        "/workflows/" + id + "/execute", body, "Idempotency-Key", UUID.randomUUID().toString());
  }

  /** Returns every item of a paged list route, following pages up to {@code max} items. */
  public List<JsonNode> all(String path, int max) {
    List<JsonNode> items = new ArrayList<>();
    String separator = path.contains("?") ? "&" : "?";
    for (int page = 1; items.size() < max; page++) {
      JsonNode answer = get(path + separator + "per_page=100&page=" + page);
      answer.path("data").forEach(items::add);
      if (page >= answer.path("meta").path("last_page").asInt(1)) {
        break;
      }
    }
    return items;
  }

  /** Encodes one path segment or query value. */
  public static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers) {
    if (token == null || token.isBlank()) {
      throw new CliException(
          ExitCodes.UNAUTHORIZED,
          "No token is set: set FLOWD_TOKEN or pass --token (flowd token makes one).");
    }
    HttpRequest.Builder builder;
    try {
      builder =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(Duration.ofSeconds(60))
              .header("Authorization", "Bearer " + token)
              .header("Accept", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCodes.USAGE, "The server address " + baseUrl + " is not a valid URL.");
    }
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw unreachable("the connection was refused or timed out");
    } catch (HttpTimeoutException e) {
      throw unreachable("it did not answer within 60 seconds");
    } catch (IOException e) {
      throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.UNREACHABLE, "Interrupted while waiting for the server.");
    }
  }

  private CliException unreachable(String why) {
    return new CliException(
        ExitCodes.UNREACHABLE,
        "Cannot reach the flowd server at "
            + baseUrl
            + ": "
            + why
            + ". Check FLOWD_URL or --url, and that the server runs.");
  }

  private static JsonNode expect(HttpResponse<String> response, int... statuses) {
    int status = response.statusCode();
    for (int expected : statuses) {
      if (status == expected) {
        return status == 204 || response.body().isEmpty() ? Json.object() : parse(response);
      }
    }
    String message = serverMessage(response);
    if (status == 401) {
      throw new CliException(
          ExitCodes.UNAUTHORIZED,
          "The server refused the token (" + message + "). Check FLOWD_TOKEN or --token.");
    }
    if (status >= 500) {
      throw new CliException(
          ExitCodes.UNREACHABLE, "The server failed with status " + status + ": " + message);
    }
    throw new CliException(ExitCodes.REFUSED, sentence(message));
  }

  private static JsonNode parse(HttpResponse<String> response) {
    try {
      return Json.parse(response.body());
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCodes.UNREACHABLE,
          "The server at "
              + response.uri().getHost()
              + " did not answer with JSON; is FLOWD_URL a flowd server?");
    }
  }

  private static String serverMessage(HttpResponse<String> response) {
    try {
      JsonNode body = Json.parse(response.body());
      String message = body.path("message").asText("");
      List<String> details = new ArrayList<>();
      body.path("errors")
          .forEach(e -> details.add(e.path("path").asText() + ": " + e.path("message").asText()));
      if (!details.isEmpty()) {
        message = message + " " + String.join("; ", details);
      }
      return message.isBlank() ? "status " + response.statusCode() : message.strip();
    } catch (IllegalArgumentException e) {
      return "status " + response.statusCode();
    }
  }

  private static String sentence(String message) {
    String text = message.strip();
    return text.endsWith(".") ? text : text + ".";
  }
}

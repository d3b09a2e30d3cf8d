package io.flowd.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks HTTP exchanges against the served OpenAPI document with Atlassian's validator. Every
 * response must match the document. A request must match it too whenever the server accepted it (a
 * 2xx answer): tests send invalid requests on purpose, and those must be refused, not described.
 *
 * <p>The validator reads schemas through the OpenAPI 3.0 model and checks them as JSON Schema
 * draft-04, so it would take an OpenAPI 3.1 type array ({@code type: ["string", "null"]}) for no
 * type at all and let every value through. It is therefore given the document written in 3.0 terms,
 * with the same meaning (see {@link #asOpenApi30}).
 */
final class OpenApiContract {
  private static final Map<String, OpenApiInteractionValidator> BY_DOCUMENT =
      new ConcurrentHashMap<>();

  private final OpenApiInteractionValidator validator;

  private OpenApiContract(OpenApiInteractionValidator validator) {
    this.validator = validator;
  }

  /** Returns the contract of this OpenAPI document (parsed once per distinct document). */
  static OpenApiContract of(String document) {
    return new OpenApiContract(
        BY_DOCUMENT.computeIfAbsent(
            document,
            d ->
                OpenApiInteractionValidator.createForInlineApiSpecification(asOpenApi30(d))
                    .build()));
  }

  private static final List<String> EVERY_TYPE =
      List.of("object", "array", "string", "number", "boolean");

  /**
   * Writes an OpenAPI 3.1 document in OpenAPI 3.0 terms for the validator: {@code [T, "null"]}
   * becomes {@code T} with {@code nullable}, a type array of every type becomes no type (any
   * value), and any other type array becomes an {@code anyOf} of one schema per type (the array
   * branch taking {@code items}). Keywords that apply to one type only (such as {@code minimum})
   * keep their meaning beside the {@code anyOf}.
   */
  static String asOpenApi30(String document) {
    ObjectNode root = (ObjectNode) Json.parse(document);
    root.put("openapi", "3.0.3");
    withoutTypeArrays(root);
    return Json.write(root);
  }

  private static void withoutTypeArrays(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode type = object.get("type");
      if (type != null && type.isArray()) {
        List<String> types = new ArrayList<>();
        type.forEach(t -> types.add(t.asText()));
        boolean nullable = types.remove("null");
        object.remove("type");
        if (types.size() == 1) {
          object.put("type", types.get(0));
          if (nullable) {
            object.put("nullable", true);
          }
        } else if (!types.containsAll(EVERY_TYPE)) {
          ArrayNode anyOf = object.putArray("anyOf");
          for (String one : types) {
            ObjectNode branch = anyOf.addObject().put("type", one);
            if (one.equals("array") && object.has("items")) {
              branch.set("items", object.remove("items"));
            }
          }
          if (nullable) {
            anyOf.addObject().put("type", "null");
          }
        }
      }
      object.fields().forEachRemaining(field -> withoutTypeArrays(field.getValue()));
    } else if (node instanceof ArrayNode array) {
      array.forEach(OpenApiContract::withoutTypeArrays);
    }
  }

  /**
   * Returns the problems of one exchange, each with the validator's message; empty when it matches
   * the document.
   */
  List<String> problems(
      String method,
      URI uri,
      Map<String, String> requestHeaders,
      String requestBody,
      int status,
      Map<String, List<String>> responseHeaders,
      String responseBody) {
    SimpleRequest.Builder request = new SimpleRequest.Builder(method, uri.getRawPath());
    queryParams(uri.getRawQuery()).forEach(request::withQueryParam);
    requestHeaders.forEach(request::withHeader);
    if (requestBody != null) {
      request.withBody(requestBody);
    }
    SimpleResponse.Builder response = new SimpleResponse.Builder(status);
    responseHeaders.forEach(
        (name, values) -> {
          if (!name.startsWith(":")) {
            response.withHeader(name, values);
          }
        });
    if (responseBody != null && !responseBody.isEmpty()) {
      response.withBody(responseBody);
    }
    ValidationReport report = validator.validate(request.build(), response.build());
    boolean accepted = status >= 200 && status < 300;
    List<String> problems = new ArrayList<>();
    for (ValidationReport.Message message : report.getMessages()) {
      if (message.getLevel() != ValidationReport.Level.ERROR) {
        continue;
      }
      boolean aboutRequest = message.getKey().startsWith("validation.request");
      if (aboutRequest && !accepted) {
        continue;
      }
      StringBuilder nested = new StringBuilder();
      message.getNestedMessages().stream()
          .filter(n -> !n.getMessage().contains("not found in enum"))
          .forEach(n -> nested.append("\n      ").append(n.getMessage()));
      problems.add(
          (aboutRequest ? "request " : "response ")
              + message.getKey()
              + ": "
              + message.getMessage()
              + nested);
    }
    return problems;
  }

  /** Checks a real exchange; fails with the validator's messages when it breaks the document. */
  void check(HttpRequest sent, String requestBody, HttpResponse<String> received) {
    Map<String, String> headers = new LinkedHashMap<>();
    sent.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
    List<String> problems =
        problems(
            sent.method(),
            sent.uri(),
            headers,
            requestBody,
            received.statusCode(),
            received.headers().map(),
            received.body());
    if (!problems.isEmpty()) {
      throw new AssertionError(
          sent.method()
              + " "
              + sent.uri().getRawPath()
              + (sent.uri().getRawQuery() == null ? "" : "?" + sent.uri().getRawQuery())
              + " answered "
              + received.statusCode()
              + ", which breaks openapi.json:\n  "
              + String.join("\n  ", problems)
              + "\nbody: "
              + received.body());
    }
  }

  private static Map<String, List<String>> queryParams(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}

package io.flowd.nodes.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.flowd.model.Json;
import io.flowd.model.ValidationError;
import io.flowd.model.validation.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A component's configuration as a JSON Schema (draft-07): the resource {@code
 * io/flowd/nodes/schemas/<componentId>.json} next to the handlers. It documents every field (it is
 * served in {@code /openapi.json}) and is the first check of a node's {@code data}.
 */
public final class ConfigSchema {
  /** Where the schemas live on the class path. */
  public static final String FOLDER = "io/flowd/nodes/schemas/";

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .pathType(PathType.JSON_POINTER)
          .locale(Locale.ENGLISH)
          .build();

  private final JsonNode document;
  private final JsonSchema schema;

  private ConfigSchema(JsonNode document) {
    this.document = document;
    this.schema = FACTORY.getSchema(document, CONFIG);
  }

  /**
   * Reads the schema of {@code componentId} with the class loader of its handler.
   *
   * @throws IllegalStateException when the resource is missing or not JSON
   */
  public static ConfigSchema of(String componentId, ClassLoader loader) {
    return read(FOLDER + componentId + ".json", loader)
        .orElseThrow(
            () -> new IllegalStateException("component " + componentId + " has no schema"));
  }

  /** Reads the schema of the settings every node takes ({@code node-settings.json}). */
  public static ConfigSchema settings() {
    return read(FOLDER + "node-settings.json", ConfigSchema.class.getClassLoader()).orElseThrow();
  }

  /** Reads the schema at {@code resource}, or returns empty when there is none. */
  static java.util.Optional<ConfigSchema> read(String resource, ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new ConfigSchema(Json.MAPPER.readTree(in)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Returns a schema that accepts every object, for handlers that ship none (tests). */
  static ConfigSchema anyObject() {
    return new ConfigSchema(Json.object().put("type", "object"));
  }

  /** The one {@code $schema} a user's schema may name: draft-07, the dialect flowd checks. */
  private static final List<String> USER_DIALECTS =
      List.of("http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema");

  /**
   * Returns what makes a user's JSON Schema (such as {@code wait_for_input}'s {@code input_schema})
   * unusable, empty when it is usable: it must be an object in draft-07, and every {@code $ref}
   * must point inside it (nothing is ever fetched).
   */
  public static List<String> userSchemaProblems(JsonNode document) {
    List<String> problems = new ArrayList<>();
    if (document == null || !document.isObject()) {
      problems.add("must be a JSON Schema object, such as {\"type\": \"object\"}");
      return problems;
    }
    JsonNode dialect = document.get("$schema");
    if (dialect != null && !(dialect.isTextual() && USER_DIALECTS.contains(dialect.asText()))) {
      problems.add("$schema may only name draft-07 (" + USER_DIALECTS.get(0) + ")");
    }
    if (document.findValues("$ref").stream().anyMatch(r -> !r.asText("").startsWith("#"))) {
      problems.add("every $ref must point inside the schema (start with #)");
    }
    if (problems.isEmpty()) {
      try {
        new ConfigSchema(document).schema.validate(Json.object());
      } catch (RuntimeException e) {
        problems.add("is not a valid JSON Schema");
      }
    }
    return problems;
  }

  /**
   * Checks {@code value} against a user's JSON Schema that {@link #userSchemaProblems} accepts and
   * returns one error (with {@code code}) per place that breaks it, paths below {@code path}.
   */
  public static List<ValidationError> checkValue(
      JsonNode document, JsonNode value, String path, String code) {
    Map<String, ValidationError> byPath = new LinkedHashMap<>();
    for (ValidationMessage message : new ConfigSchema(document).schema.validate(value)) {
      String at = path + suffix(message.getInstanceLocation());
      if ("required".equals(message.getType()) && message.getProperty() != null) {
        at = at + "." + message.getProperty();
      }
      byPath.putIfAbsent(at, new ValidationError(code, at, message.getError()));
    }
    return new ArrayList<>(byPath.values());
  }

  /** Returns the schema document; callers must not change it. */
  public JsonNode document() {
    return document;
  }

  /**
   * Checks a node's {@code data} and returns one {@code invalid_config} error per field that breaks
   * the schema, with paths below {@code path} (such as {@code nodes[2].data.url}).
   */
  public List<ValidationError> check(ObjectNode data, String path) {
    return check(data, path, List.of());
  }

  /**
   * Like {@link #check(ObjectNode, String)}; a top-level field named in {@code alsoKnown} (the
   * settings every node takes) is not unknown. An unknown field gets code {@code unknown_field}
   * and, when a known field is close, a did-you-mean.
   */
  public List<ValidationError> check(ObjectNode data, String path, List<String> alsoKnown) {
    Map<String, ValidationError> byPath = new LinkedHashMap<>();
    for (ValidationMessage message : schema.validate(data)) {
      if ("additionalProperties".equals(message.getType())) {
        unknownField(message, path, alsoKnown, byPath);
        continue;
      }
      String at = path + suffix(message.getInstanceLocation());
      String field = lastName(message.getInstanceLocation());
      if ("required".equals(message.getType()) && message.getProperty() != null) {
        at = at + "." + message.getProperty();
        field = message.getProperty();
      }
      String text = field == null ? message.getError() : field + ": " + message.getError();
      byPath.putIfAbsent(at, new ValidationError("invalid_config", at, text));
    }
    return new ArrayList<>(byPath.values());
  }

  private void unknownField(
      ValidationMessage message,
      String path,
      List<String> alsoKnown,
      Map<String, ValidationError> byPath) {
    String field = message.getProperty();
    if (field == null && message.getArguments() != null && message.getArguments().length > 0) {
      field = String.valueOf(message.getArguments()[0]);
    }
    boolean root = message.getInstanceLocation().getNameCount() == 0;
    if (field == null || (root && alsoKnown.contains(field))) {
      return;
    }
    List<String> known = new ArrayList<>();
    document
        .at(parentPointer(message))
        .path("properties")
        .fieldNames()
        .forEachRemaining(known::add);
    if (root) {
      known.addAll(alsoKnown);
    }
    String at = path + suffix(message.getInstanceLocation()) + "." + field;
    byPath.putIfAbsent(
        at,
        new ValidationError(
            "unknown_field",
            at,
            "unknown field '" + field + "'" + Suggestions.didYouMean(field, known)));
  }

  /** Returns the JSON pointer of the schema object whose {@code additionalProperties} failed. */
  private static String parentPointer(ValidationMessage message) {
    JsonNodePath fragment = message.getSchemaLocation().getFragment();
    StringBuilder pointer = new StringBuilder();
    for (int i = 0; i < fragment.getNameCount() - 1; i++) {
      pointer.append('/').append(fragment.getElement(i));
    }
    return pointer.toString();
  }

  private static String suffix(JsonNodePath location) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        out.append('.').append(element);
      }
    }
    return out.toString();
  }

  private static String lastName(JsonNodePath location) {
    for (int i = location.getNameCount() - 1; i >= 0; i--) {
      if (location.getElement(i) instanceof String name) {
        return name;
      }
    }
    return null;
  }
}

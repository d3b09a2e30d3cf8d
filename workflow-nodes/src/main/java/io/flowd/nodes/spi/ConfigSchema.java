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

  /** Returns the schema document; callers must not change it. */
  public JsonNode document() {
    return document;
  }

  /**
   * Checks a node's {@code data} and returns one {@code invalid_config} error per field that breaks
   * the schema, with paths below {@code path} (such as {@code nodes[2].data.url}).
   */
  public List<ValidationError> check(ObjectNode data, String path) {
    Map<String, ValidationError> byPath = new LinkedHashMap<>();
    for (ValidationMessage message : schema.validate(data)) {
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

package io.flowd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.ConfigSchema;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The API as an OpenAPI 3.0 document, served at {@code GET /openapi.json}. It is assembled once at
 * start-up from the resource {@code /openapi.json} (routes and response schemas) and the component
 * registry: {@code ComponentId} lists the registered components, {@code NodeSettings} is the
 * settings every node takes, each component's configuration schema becomes {@code
 * NodeData.<componentId>}, and {@code NodeData} is a {@code oneOf} of them with a discriminator on
 * {@code componentId}.
 */
public final class OpenApiDocument {
  private static final String RESOURCE = "/openapi.json";
  private static final String SCHEMAS = "#/components/schemas/";
  private static final List<String> JSON_SCHEMA_ONLY = List.of("$schema", "$id", "$comment");

  private OpenApiDocument() {}

  /**
   * Returns the document of the standard components as UTF-8 JSON, assembled once. Callers must not
   * change the array.
   */
  public static byte[] bytes() {
    return Holder.BYTES;
  }

  private static final class Holder {
    static final byte[] BYTES = assemble(StandardComponents.registry(false));
  }

  /**
   * Returns the document for the components of {@code registry} as UTF-8 JSON.
   *
   * @throws IllegalStateException when the resource is missing from the class path
   */
  public static byte[] assemble(NodeHandlerRegistry registry) {
    ObjectNode document = (ObjectNode) Json.parse(new String(load(), StandardCharsets.UTF_8));
    ObjectNode schemas = (ObjectNode) document.path("components").path("schemas");
    ArrayNode ids = ((ObjectNode) schemas.get("ComponentId")).putArray("enum");
    schemas.set("NodeSettings", toOpenApi(ConfigSchema.settings().document()));
    ArrayNode oneOf = Json.MAPPER.createArrayNode();
    ObjectNode mapping = Json.object();
    for (String id : registry.componentIds()) {
      ids.add(id);
      ObjectNode entry = Json.object();
      entry
          .putArray("allOf")
          .add(ref("NodeSettings"))
          .add(toOpenApi(registry.schema(id).document()));
      String name = "NodeData." + id;
      schemas.set(name, entry);
      oneOf.add(ref(name));
      mapping.put(id, SCHEMAS + name);
    }
    ObjectNode data = Json.object();
    data.put(
        "description",
        "The node's component (componentId) and its configuration, one schema per component, plus"
            + " the settings every node takes. String values may hold templates such as {{"
            + " node_1.body.id }}.");
    data.set("oneOf", oneOf);
    data.putObject("discriminator").put("propertyName", "componentId").set("mapping", mapping);
    schemas.set("NodeData", data);
    return Json.write(document).getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode ref(String name) {
    return Json.object().put("$ref", SCHEMAS + name);
  }

  /**
   * Turns a draft-07 schema into an OpenAPI 3.0 schema object: {@code type: [T, "null"]} and a
   * {@code {"type": "null"}} branch of {@code anyOf} become {@code nullable: true}, and keywords
   * OpenAPI 3.0 lacks ({@code $schema}, {@code $id}) are dropped.
   */
  static JsonNode toOpenApi(JsonNode schema) {
    if (schema.isArray()) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      schema.forEach(item -> out.add(toOpenApi(item)));
      return out;
    }
    if (!schema.isObject()) {
      return schema;
    }
    ObjectNode out = Json.object();
    Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (JSON_SCHEMA_ONLY.contains(key)) {
        continue;
      }
      if (key.equals("properties")) {
        ObjectNode properties = out.putObject("properties");
        value.fields().forEachRemaining(p -> properties.set(p.getKey(), toOpenApi(p.getValue())));
      } else if (key.equals("type") && value.isArray()) {
        for (JsonNode type : value) {
          if (type.asText().equals("null")) {
            out.put("nullable", true);
          } else {
            out.put("type", type.asText());
          }
        }
      } else if (key.equals("anyOf") || key.equals("oneOf")) {
        ArrayNode branches = out.putArray(key);
        boolean nullable = false;
        for (JsonNode branch : value) {
          if (branch.path("type").asText().equals("null") && branch.size() == 1) {
            nullable = true;
          } else {
            branches.add(toOpenApi(branch));
          }
        }
        if (nullable) {
          branches.forEach(b -> ((ObjectNode) b).put("nullable", true));
        }
      } else {
        out.set(key, toOpenApi(value));
      }
    }
    return out;
  }

  private static byte[] load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}

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
 * settings every node takes, each component's configuration schema plus those settings becomes
 * {@code NodeData.<componentId>}, and {@code NodeData} is a {@code oneOf} of them with a
 * discriminator on {@code componentId}.
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
    ObjectNode settings = (ObjectNode) toOpenApi(ConfigSchema.settings().document());
    schemas.set("NodeSettings", settings);
    ArrayNode oneOf = Json.MAPPER.createArrayNode();
    ObjectNode mapping = Json.object();
    for (String id : registry.componentIds()) {
      ids.add(id);
      ObjectNode entry =
          withSettings((ObjectNode) toOpenApi(registry.schema(id).document()), settings);
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

  /**
   * Adds the node settings' properties to a component's schema. They are merged rather than
   * combined with {@code allOf}, which OpenAPI 3.0 validators read as closing each part to the
   * other's properties. Fields that take values of any type (a value or a template) have no OpenAPI
   * 3.0 schema that validators read as such (they read a typeless schema as an object), so they are
   * described in the component's description instead; an object that loses such a field also loses
   * {@code additionalProperties: false} here (the server still refuses unknown fields).
   */
  private static ObjectNode withSettings(ObjectNode component, ObjectNode settings) {
    describeUntyped(component);
    ObjectNode properties = (ObjectNode) component.path("properties");
    settings
        .path("properties")
        .fields()
        .forEachRemaining(p -> properties.set(p.getKey(), p.getValue().deepCopy()));
    return component;
  }

  /** Moves the properties without a type, here and below, into their object's description. */
  private static void describeUntyped(JsonNode schema) {
    if (!schema.isObject()) {
      return;
    }
    ObjectNode object = (ObjectNode) schema;
    if (object.path("properties").isObject()) {
      StringBuilder untyped = new StringBuilder();
      Iterator<Map.Entry<String, JsonNode>> fields = object.path("properties").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode property = field.getValue();
        if (!property.has("type") && !property.has("enum") && !property.has("$ref")) {
          untyped
              .append(untyped.length() == 0 ? " Fields of any type: " : "; ")
              .append(field.getKey())
              .append(": ")
              .append(property.path("description").asText());
          fields.remove();
        } else {
          describeUntyped(property);
        }
      }
      if (untyped.length() > 0) {
        object.put("description", object.path("description").asText() + untyped + ".");
        if (object.path("additionalProperties").isBoolean()
            && !object.path("additionalProperties").booleanValue()) {
          object.put("additionalProperties", true);
          object.put(
              "description",
              object.path("description").asText()
                  + " Any other field is refused (422 unknown_field).");
        }
      }
    }
    describeUntyped(object.path("items"));
    describeUntyped(object.path("additionalProperties"));
  }

  private static ObjectNode ref(String name) {
    return Json.object().put("$ref", SCHEMAS + name);
  }

  /**
   * Turns a draft-07 schema into an OpenAPI 3.0 schema object: {@code type: [T, "null"]} becomes
   * {@code nullable: true}, an {@code anyOf} becomes a description of its alternatives, and
   * keywords OpenAPI 3.0 lacks ({@code $schema}, {@code $id}) are dropped.
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
      if (JSON_SCHEMA_ONLY.contains(key) || (key.equals("description") && schema.has("anyOf"))) {
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
      } else if (key.equals("anyOf")) {
        out.put("description", withAlternatives(schema.path("description").asText(""), value));
      } else {
        out.set(key, toOpenApi(value));
      }
    }
    return out;
  }

  /**
   * Names the alternatives of an {@code anyOf} in the description. OpenAPI 3.0 has no union of
   * types, and its validators read a typeless {@code anyOf} as an object, so the served property
   * accepts any value and the server's check (the draft-07 schema) keeps the alternatives.
   */
  private static String withAlternatives(String description, JsonNode branches) {
    List<String> kinds = new java.util.ArrayList<>();
    for (JsonNode branch : branches) {
      String kind = branch.path("type").asText("any value");
      if (branch.has("minimum") || branch.has("maximum")) {
        kind +=
            " from "
                + branch.path("minimum").asText("any")
                + " to "
                + branch.path("maximum").asText("any");
      }
      kinds.add(kind);
    }
    String joined = "Accepts " + String.join(", or ", kinds) + ".";
    return description.isEmpty() ? joined : description + " " + joined;
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

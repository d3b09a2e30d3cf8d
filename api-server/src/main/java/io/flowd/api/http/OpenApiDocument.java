package io.flowd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.RunStatus;
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
 * The API as an OpenAPI 3.1 document, served at {@code GET /openapi.json}. It is assembled once at
 * start-up from the resource {@code /openapi.json} (routes and response schemas) and the component
 * registry: {@code ComponentId} lists the registered components, {@code NodeSettings} is the
 * settings every node takes, each component's configuration schema plus those settings becomes
 * {@code NodeData.<componentId>}, and {@code NodeData} is a {@code oneOf} of them with a
 * discriminator on {@code componentId}. {@code RunStatus} and {@code TerminalRunStatus} list the
 * statuses of {@link RunStatus} and those it calls terminal, so that the console reads the one
 * definition of terminal from here.
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
    statuses(schemas);
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

  private static void statuses(ObjectNode schemas) {
    ArrayNode all = ((ObjectNode) schemas.get("RunStatus")).putArray("enum");
    ArrayNode terminal = ((ObjectNode) schemas.get("TerminalRunStatus")).putArray("enum");
    for (RunStatus status : RunStatus.values()) {
      all.add(status.json());
      if (status.isTerminal()) {
        terminal.add(status.json());
      }
    }
  }

  /**
   * Adds the node settings' properties to a component's schema. They are merged rather than
   * combined with {@code allOf}, so that a component's {@code additionalProperties: false} does not
   * close it to the settings.
   */
  private static ObjectNode withSettings(ObjectNode component, ObjectNode settings) {
    ObjectNode properties = (ObjectNode) component.path("properties");
    settings
        .path("properties")
        .fields()
        .forEachRemaining(p -> properties.set(p.getKey(), p.getValue().deepCopy()));
    return component;
  }

  private static ObjectNode ref(String name) {
    return Json.object().put("$ref", SCHEMAS + name);
  }

  /**
   * Turns a component's draft-07 schema into an OpenAPI 3.1 schema object, whose dialect is JSON
   * Schema 2020-12: the component schemas use only keywords that mean the same in both (type
   * arrays, {@code anyOf}, {@code items} of one schema; see {@code ComponentSchemasTest}), so only
   * the keywords that name the document ({@code $schema}, {@code $id}, {@code $comment}) are
   * dropped.
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

package io.flowd.api.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.files.WorkflowFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft-07) of a workflow file, built from the served OpenAPI document: the create
 * body ({@code WorkflowCreate}) with every component's configuration schema, plus {@code key} and
 * {@code managed_by}. OpenAPI 3.1 schemas are JSON Schema already (nulls are type arrays, see
 * OpenApiDocumentTest), so only the references change, to point into {@code definitions}.
 */
final class WorkflowFileSchema {
  private static final String OPENAPI_REF = "#/components/schemas/";
  private static final String DEFINITIONS_REF = "#/definitions/";

  private WorkflowFileSchema() {}

  static byte[] of(byte[] openApi) {
    JsonNode document = Json.parse(new String(openApi, StandardCharsets.UTF_8));
    ObjectNode definitions = document.path("components").path("schemas").deepCopy();
    convert(definitions);
    ObjectNode root = Json.object();
    root.put("$schema", "http://json-schema.org/draft-07/schema#");
    root.put("title", "flowd workflow file");
    root.put(
        "description",
        "A workflow as a file: the body of POST /workflows plus a key that names the workflow"
            + " across servers. Vault values appear only as {{ vault.NAME }} references.");
    ObjectNode create = (ObjectNode) definitions.path("WorkflowCreate").deepCopy();
    root.setAll(create);
    ObjectNode properties = (ObjectNode) root.path("properties");
    properties
        .putObject("key")
        .put("type", "string")
        .put("pattern", "^" + WorkflowFile.KEY.pattern() + "$")
        .put("description", "The workflow's stable name, unique per tenant.");
    properties
        .putObject("managed_by")
        .put("description", "What manages the workflow, such as files.")
        .putArray("type")
        .add("string")
        .add("null");
    properties.putObject("$schema").put("type", "string");
    root.set("definitions", definitions);
    return Json.write(root).getBytes(StandardCharsets.UTF_8);
  }

  private static void convert(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode ref = object.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith(OPENAPI_REF)) {
        object.put("$ref", DEFINITIONS_REF + ref.asText().substring(OPENAPI_REF.length()));
      }
      object.remove("discriminator");
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      object.fields().forEachRemaining(fields::add);
      fields.forEach(f -> convert(f.getValue()));
    } else if (node instanceof ArrayNode array) {
      array.forEach(WorkflowFileSchema::convert);
    }
  }
}

package io.flowd.api.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.JsonBodies;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.api.workflow.WorkflowWriter;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.ValidationError;
import io.flowd.model.files.WorkflowFile;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Workflow files: {@code PUT /workflows/by-key/{key}} (create or replace), {@code GET
 * /workflows/by-key/{key}} and {@code GET /workflows/{id}/file} (the workflow as a file), and the
 * files' JSON Schema at {@code GET /schemas/workflow.json}.
 */
public final class WorkflowFileController implements RouteGroup {
  /** The public path of the workflow file's JSON Schema. */
  public static final String SCHEMA_PATH = "/schemas/workflow.json";

  private final VersionService versions;
  private final WorkflowWriter writer;
  private final byte[] schema;

  public WorkflowFileController(VersionService versions, WorkflowWriter writer, byte[] openApi) {
    this.versions = versions;
    this.writer = writer;
    this.schema = WorkflowFileSchema.of(openApi);
  }

  @Override
  public void register(Routes routes) {
    routes.get(SCHEMA_PATH, this::schema, Routes.Access.PUBLIC);
    routes.get("/workflows/by-key/{key}", this::getByKey);
    routes.put("/workflows/by-key/{key}", this::put);
    routes.get("/workflows/{id}/file", this::getFile);
  }

  /**
   * {@code PUT /workflows/by-key/{key}}: 201 when the workflow was created, else 200 with {@code
   * "changed"} saying whether a new definition was saved.
   */
  public void put(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String key = key(ctx);
    JsonNode file = JsonBodies.readJson(ctx.bodyAsBytes(), ctx.contentType());
    List<ValidationError> errors = new ArrayList<>();
    JsonNode bodyKey = file.path("key");
    if (!bodyKey.isMissingNode() && !bodyKey.isNull() && !key.equals(bodyKey.asText())) {
      errors.add(
          new ValidationError(
              "invalid_value", "key", "the file's key must equal the key in the path"));
    }
    JsonNode managed = file.path("managed_by");
    String managedBy = null;
    if (managed.isTextual() && !managed.asText().isBlank() && managed.asText().length() <= 100) {
      managedBy = managed.asText();
    } else if (!managed.isMissingNode() && !managed.isNull()) {
      errors.add(
          new ValidationError(
              "invalid_value", "managed_by", "managed_by must be a string of 1 to 100 characters"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable("validation_failed", "The workflow is not valid.", errors);
    }
    WorkflowWriter.Outcome outcome = writer.putByKey(principal, key, managedBy, file);
    ObjectNode body = versions.fileView(principal, outcome.id());
    body.remove("file");
    body.put("created", outcome.created());
    body.put("changed", outcome.changed());
    body.set("workflow", Json.toTree(versions.current(principal, outcome.id())));
    Requests.json(ctx, outcome.created() ? 201 : 200, body);
  }

  /** {@code GET /workflows/by-key/{key}}. */
  public void getByKey(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Requests.json(ctx, 200, versions.fileView(principal, versions.idOfKey(principal, key(ctx))));
  }

  /** {@code GET /workflows/{id}/file}. */
  public void getFile(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    Requests.json(ctx, 200, versions.fileView(principal, id));
  }

  /** {@code GET /schemas/workflow.json} (public, like the OpenAPI document). */
  public void schema(Context ctx) {
    ctx.contentType("application/schema+json").result(schema);
  }

  private static String key(Context ctx) {
    String key = ctx.pathParam("key");
    if (!WorkflowFile.validKey(key)) {
      throw ApiException.badRequest(
          "invalid_key",
          "A workflow key is 1 to 128 letters, digits, dots, dashes and underscores, starting with"
              + " a letter or digit.");
    }
    return key;
  }
}

package io.flowd.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.FlowdHarness;
import io.flowd.api.app.ApiConfig;
import io.flowd.api.app.ApiServices;
import io.flowd.api.app.FlowdApi;
import io.flowd.api.console.ConsoleAssets;
import io.flowd.api.workflow.WorkflowChangeListener;
import io.flowd.model.Authorization;
import io.flowd.model.Edge;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.model.RunWait;
import io.flowd.model.Workflow;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.runs.RunDispatcher;
import io.flowd.runs.RunEngine;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
  /**
   * The routes the controllers register, as "METHOD path" with their access; the console's files
   * are no part of the API document.
   */
  private static Map<String, Routes.Access> registered;

  /**
   * Fields that are documented but optional: one route adds them to a model record's answer, or the
   * record leaves them out when empty (a log's console lines).
   */
  private static final Map<String, Set<String>> ROUTE_ADDED_FIELDS =
      Map.of("Workflow", Set.of("triggers"), "RunLog", Set.of("console"));

  private static OpenAPI api;

  @BeforeAll
  static void parse() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIV3Parser()
            .readContents(
                new String(OpenApiDocument.bytes(), StandardCharsets.UTF_8), null, options);
    assertThat(result.getMessages()).as("parser messages").isEmpty();
    api = result.getOpenAPI();
    assertThat(api).isNotNull();
    registered = registeredRoutes();
  }

  /** Builds the API on a fresh database (no Temporal is needed) and reads its route table. */
  private static Map<String, Routes.Access> registeredRoutes() {
    String url =
        DatabaseBootstrap.freshMigratedDatabase(DatabaseBootstrap.testBaseUrl(), "flowd_routes");
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build());
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    ApiConfig config =
        ApiConfig.fromEnv(
            Map.of(
                "DATABASE_URL", url,
                "FLOWD_JWT_SECRET", FlowdHarness.SECRET,
                "FLOWD_VAULT_KEY", FlowdHarness.VAULT_KEY));
    try (Database database = Database.connect(url, 4);
        RunDispatcher dispatcher = new RunDispatcher(client, "flowd", database)) {
      Map<String, Routes.Access> out = new java.util.TreeMap<>();
      for (Routes.Route route :
          FlowdApi.routes(
              new ApiServices(
                  config,
                  database,
                  StandardComponents.registry(true),
                  new RunEngine(database, dispatcher),
                  client,
                  () -> false,
                  WorkflowChangeListener.NONE))) {
        if (!route.path().startsWith(ConsoleAssets.PATH)) {
          out.put(route.key(), route.access());
        }
      }
      return out;
    } finally {
      stubs.shutdownNow();
      DatabaseBootstrap.drop(url);
    }
  }

  private static Map<String, Operation> operations() {
    Map<String, Operation> out = new java.util.TreeMap<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, operation) -> out.put(method + " " + path, operation)));
    return out;
  }

  @Test
  void document_is_valid_openapi_3_1() {
    assertThat(api.getOpenapi()).isEqualTo("3.1.0");
    assertThat(api.getComponents().getSecuritySchemes().get("bearerAuth").getBearerFormat())
        .isEqualTo("JWT");
  }

  @Test
  void document_lists_exactly_the_registered_routes() {
    assertThat(operations().keySet()).containsExactlyInAnyOrderElementsOf(registered.keySet());
  }

  @Test
  void bearer_auth_is_global_and_lifted_only_on_the_routes_registered_public() {
    assertThat(api.getSecurity()).hasSize(1);
    assertThat(api.getSecurity().get(0)).containsKey("bearerAuth");
    operations()
        .forEach(
            (route, operation) -> {
              if (registered.get(route) == Routes.Access.PUBLIC) {
                assertThat(operation.getSecurity()).as(route).isEmpty();
              } else {
                assertThat(operation.getSecurity()).as(route).isNull();
                assertThat(operation.getResponses()).as(route).containsKey("401");
              }
            });
  }

  @Test
  void every_error_status_answers_the_error_schema() {
    List<String> offenders = new ArrayList<>();
    operations()
        .forEach(
            (route, operation) ->
                operation
                    .getResponses()
                    .forEach(
                        (status, response) -> {
                          if (status.equals("default")) {
                            return; // a webhook_response node's own answer, any status
                          }
                          int code = Integer.parseInt(status);
                          if (code < 400 || (route.equals("GET /ready") && code == 503)) {
                            return;
                          }
                          String ref = schemaRef(response);
                          boolean ok =
                              "#/components/schemas/Error".equals(ref)
                                  || (code == 504
                                      && "#/components/schemas/SyncTimeoutError".equals(ref));
                          if (!ok) {
                            offenders.add(route + " " + status + " -> " + ref);
                          }
                        }));
    assertThat(offenders).isEmpty();
  }

  @Test
  void idempotent_routes_take_the_idempotency_key_and_mark_replays() {
    for (String route :
        List.of(
            "POST /workflows/{id}/execute",
            "POST /workflows/sync/{id}",
            "POST /workflows/webhooks/{token}")) {
      Operation operation = operations().get(route);
      assertThat(operation.getParameters().stream().map(OpenApiDocumentTest::resolved))
          .as(route)
          .anySatisfy(
              p -> {
                assertThat(p.getName()).isEqualTo("Idempotency-Key");
                assertThat(p.getIn()).isEqualTo("header");
                assertThat(p.getSchema().getFormat()).isEqualTo("uuid");
              });
      assertThat(operation.getResponses().get("202").getHeaders())
          .as(route)
          .containsKey("Idempotent-Replayed");
    }
  }

  /**
   * The parameter a {@code $ref} names (the 3.1 parser leaves parameter references as they are).
   */
  private static Parameter resolved(Parameter parameter) {
    String ref = parameter.get$ref();
    return ref == null
        ? parameter
        : api.getComponents()
            .getParameters()
            .get(ref.substring("#/components/parameters/".length()));
  }

  @Test
  void rate_limit_and_unavailable_answers_carry_retry_after() {
    Map<String, ApiResponse> responses = api.getComponents().getResponses();
    assertThat(responses.get("RateLimited").getHeaders()).containsKey("Retry-After");
    assertThat(responses.get("Unavailable").getHeaders()).containsKey("Retry-After");
  }

  @Test
  void schemas_pin_ids_enums_and_required_fields() {
    Map<String, Schema> schemas = api.getComponents().getSchemas();
    assertThat(schemas.get("WorkflowId").getPattern()).isEqualTo("^fl_[0-9a-z]{16}$");
    assertThat(schemas.get("RunId").getPattern()).isEqualTo("^fl_run_[0-9a-z]{16}$");
    assertThat(schemas.get("LogId").getPattern()).isEqualTo("^fl_log_[0-9a-z]{16}$");
    assertThat(schemas.get("AuthorizationId").getPattern()).isEqualTo("^auth_[0-9a-z]{16}$");
    assertThat(schemas.get("VaultItemId").getPattern()).isEqualTo("^vlt_[0-9a-z]{16}$");
    assertThat(schemas.get("RunStatus").getEnum())
        .containsExactly(
            "pending", "queued", "running", "waiting", "completed", "failed", "cancelled");
    assertThat(schemas.get("RunStatus").getEnum())
        .containsExactlyElementsOf(Arrays.stream(RunStatus.values()).map(RunStatus::json).toList());
    assertThat(schemas.get("TerminalRunStatus").getEnum())
        .containsExactlyElementsOf(
            Arrays.stream(RunStatus.values())
                .filter(RunStatus::isTerminal)
                .map(RunStatus::json)
                .toList())
        .containsExactly("completed", "failed", "cancelled");
    assertThat(schemas.get("TriggerType").getEnum())
        .containsExactlyInAnyOrderElementsOf(io.flowd.runs.TriggerType.storedValues());
    assertThat(schemas.get("Error").getRequired())
        .containsExactlyInAnyOrder("type", "code", "message", "errors");
    assertThat(schemas.get("WorkflowSummary").getProperties())
        .doesNotContainKeys("nodes", "edges", "runs");
    assertThat(schemas.get("RunSummary").getProperties()).doesNotContainKeys("logs", "workflow");
    assertThat(schemas.get("VaultItem").getProperties()).doesNotContainKey("secret");
    assertThat(schemas.get("PageMeta").getRequired())
        .containsExactlyInAnyOrder("current_page", "per_page", "total", "last_page");
  }

  @Test
  void response_schemas_require_every_property_they_declare() {
    for (String name :
        List.of(
            "Workflow",
            "WorkflowSummary",
            "WorkflowVersion",
            "Node",
            "Edge",
            "Run",
            "RunSummary",
            "RunLog",
            "Authorization",
            "Error",
            "ValidationError",
            "VaultItem",
            "PageLinks",
            "PageMeta",
            "SyncResult",
            "LogStats",
            "TestNodeResult")) {
      Schema<?> schema = api.getComponents().getSchemas().get(name);
      Set<String> declared = new TreeSet<>(schema.getProperties().keySet());
      declared.removeAll(ROUTE_ADDED_FIELDS.getOrDefault(name, Set.of()));
      assertThat(new TreeSet<>(schema.getRequired())).as(name).isEqualTo(declared);
    }
  }

  @Test
  void model_records_serialise_to_exactly_the_documented_fields() {
    Instant now = Instant.parse("2026-11-07T05:31:56.123456Z");
    Authorization auth = new Authorization("auth_0123456789abcdef", "user_1", null, now);
    Node node =
        new Node(
            "node_1",
            "trigger",
            null,
            (ObjectNode) Json.parse("{\"componentId\":\"manual_trigger\"}"));
    Edge edge = new Edge("edge_1_2", "node_1", "node_2", null);
    RunLog log =
        new RunLog(
            "fl_log_0123456789abcdef",
            "fl_run_0123456789abcdef",
            "node_1",
            "manual_trigger",
            "success",
            Json.object(),
            1,
            3,
            now,
            null,
            List.of());
    Run run =
        new Run(
            "fl_run_0123456789abcdef",
            "fl_0123456789abcdef",
            RunStatus.PENDING,
            "manual",
            Json.object(),
            null,
            null,
            null,
            null,
            now,
            1,
            null,
            "flowd:t:fl_0123456789abcdef:fl_run_0123456789abcdef",
            Json.object(),
            List.of(new RunWait("ask", "Approve?", now)),
            "fl_run_0123456789abcde0",
            null,
            null,
            null,
            null);
    Workflow workflow =
        Workflow.builder()
            .id("fl_0123456789abcdef")
            .name("Onboarding")
            .version(1)
            .nodes(List.of(node))
            .edges(List.of(edge))
            .scheduleType("manual")
            .scheduleTimezone("UTC")
            .isActive(true)
            .createdAt(now)
            .updatedAt(now)
            .authorization(auth)
            .triggers(io.flowd.model.TriggerSettings.DEFAULTS)
            .build();

    assertFieldsMatch("Authorization", auth);
    assertFieldsMatch("Node", node);
    assertFieldsMatch("Edge", edge);
    assertFieldsMatch("RunLog", log);
    assertFieldsMatch("RunSummary", run);
    assertFieldsMatch("RunWait", run.waitingFor().get(0));
    assertFieldsMatch("Run", run.withDetails(workflow, List.of(log)));
    assertFieldsMatch("WorkflowSummary", workflow.summary());
    assertFieldsMatch("WorkflowVersion", workflow);
    assertFieldsMatch("Workflow", workflow.withDetails(auth, List.of(run)));
    assertFieldsMatch("Error", ApiException.notFound("x").body());
  }

  private static void assertFieldsMatch(String schemaName, Object value) {
    Set<String> fields = new TreeSet<>(ROUTE_ADDED_FIELDS.getOrDefault(schemaName, Set.of()));
    Json.toTree(value).fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .as(schemaName)
        .isEqualTo(
            new TreeSet<>(
                api.getComponents().getSchemas().get(schemaName).getProperties().keySet()));
  }

  private static String schemaRef(ApiResponse response) {
    if (response.get$ref() != null) {
      String name = response.get$ref().substring("#/components/responses/".length());
      response = api.getComponents().getResponses().get(name);
    }
    if (response.getContent() == null || response.getContent().get("application/json") == null) {
      return null;
    }
    return response.getContent().get("application/json").getSchema().get$ref();
  }

  @Test
  void served_components_agree_with_the_registry_and_its_schemas() {
    NodeHandlerRegistry registry = StandardComponents.registry(false);
    JsonNode schemas =
        Json.parse(new String(OpenApiDocument.assemble(registry), StandardCharsets.UTF_8))
            .path("components")
            .path("schemas");
    List<String> ids = registry.componentIds();

    assertThat(texts(schemas.path("ComponentId").path("enum"))).isEqualTo(ids);
    JsonNode data = schemas.path("NodeData");
    assertThat(data.path("discriminator").path("propertyName").asText()).isEqualTo("componentId");
    List<String> branches = new ArrayList<>();
    data.path("oneOf").forEach(branch -> branches.add(branch.path("$ref").asText()));
    assertThat(branches)
        .isEqualTo(ids.stream().map(id -> "#/components/schemas/NodeData." + id).toList());
    Map<String, String> mapping = new java.util.LinkedHashMap<>();
    data.path("discriminator")
        .path("mapping")
        .fields()
        .forEachRemaining(e -> mapping.put(e.getKey(), e.getValue().asText()));
    assertThat(new ArrayList<>(mapping.values())).isEqualTo(branches);
    List<String> servedIds = new ArrayList<>();
    schemas
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (n.startsWith("NodeData.")) {
                servedIds.add(n.substring("NodeData.".length()));
              }
            });
    assertThat(servedIds).isEqualTo(ids);
    List<String> settings = fieldNames(schemas.path("NodeSettings").path("properties"));
    for (String id : ids) {
      JsonNode entry = schemas.path("NodeData." + id);
      JsonNode config = registry.schema(id).document();
      assertThat(texts(entry.at("/properties/componentId/enum"))).as(id).containsExactly(id);
      List<String> served = new ArrayList<>(fieldNames(entry.path("properties")));
      assertThat(served).as(id).containsAll(settings);
      for (String field : fieldNames(config.path("properties"))) {
        assertThat(entry.at("/properties/" + field))
            .as(id + "." + field + " is served as the component's schema has it")
            .isEqualTo(config.at("/properties/" + field));
      }
      assertThat(entry.has("$schema")).as(id).isFalse();
    }
    assertThat(fieldNames(schemas.path("NodeSettings").path("properties")))
        .containsExactly("timeout_seconds", "retry", "continue_on_error", "label");
  }

  @Test
  void draft_07_type_arrays_and_unions_are_served_as_they_are_without_the_dialect() {
    JsonNode converted =
        OpenApiDocument.toOpenApi(
            Json.parse(
                "{\"$schema\": \"x\", \"properties\": {\"a\": {\"type\": [\"string\", \"null\"]},"
                    + " \"b\": {\"anyOf\": [{\"type\": \"boolean\"}, {\"type\": \"null\"}]}}}"));

    assertThat(converted.has("$schema")).isFalse();
    assertThat(converted.at("/properties/a/type")).isEqualTo(Json.parse("[\"string\", \"null\"]"));
    assertThat(converted.at("/properties/b/anyOf")).hasSize(2);
  }

  @Test
  void no_schema_uses_the_openapi_3_0_nullable_and_every_property_has_a_type() {
    List<String> offenders = new ArrayList<>();
    untypedOrNullable(
        Json.parse(new String(OpenApiDocument.bytes(), StandardCharsets.UTF_8)), "#", offenders);
    assertThat(offenders)
        .as(
            "OpenAPI 3.1: write type: [T, \"null\"] instead of nullable, and a type array (such as"
                + " [\"object\", \"array\", \"string\", \"number\", \"boolean\", \"null\"])"
                + " for a field that takes several types")
        .isEmpty();
  }

  private static final List<String> TYPING_KEYWORDS =
      List.of("type", "$ref", "enum", "const", "anyOf", "oneOf", "allOf");

  private static void untypedOrNullable(JsonNode node, String at, List<String> offenders) {
    if (node.isObject()) {
      if (node.has("nullable")) {
        offenders.add(at + " has nullable");
      }
      node.path("properties")
          .fields()
          .forEachRemaining(
              p -> {
                if (p.getValue().isObject()
                    && TYPING_KEYWORDS.stream().noneMatch(p.getValue()::has)) {
                  offenders.add(at + "/properties/" + p.getKey() + " has no type");
                }
              });
      node.fields()
          .forEachRemaining(f -> untypedOrNullable(f.getValue(), at + "/" + f.getKey(), offenders));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        untypedOrNullable(node.get(i), at + "/" + i, offenders);
      }
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return out;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void bytes_are_loaded_once() {
    assertThat(OpenApiDocument.bytes()).isSameAs(OpenApiDocument.bytes());
  }
}

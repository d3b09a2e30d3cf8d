package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code docker-compose.temporal.yml} without a Docker engine: against the compose-spec JSON
 * schema (vendored in test resources, so no network is needed), and for what flowd needs of it.
 */
class ComposeFileTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path COMPOSE = ROOT.resolve("docker-compose.temporal.yml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonSchema schema;
  private static JsonNode compose;
  private static String text;

  @BeforeAll
  static void load() throws IOException {
    schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(SchemaLocation.of("classpath:compose-spec.json"));
    text = Files.readString(COMPOSE);
    compose = YAML.readTree(text);
  }

  private static Set<String> problems(JsonNode document) {
    return schema.validate(document).stream()
        .map(ValidationMessage::getMessage)
        .collect(Collectors.toSet());
  }

  @Test
  void the_compose_file_is_valid_against_the_compose_spec_schema() {
    assertThat(problems(compose)).isEmpty();
  }

  @Test
  void a_broken_compose_file_fails_the_schema() {
    ObjectNode broken = compose.deepCopy();
    ObjectNode api = (ObjectNode) broken.path("services").path("api");
    ((ObjectNode) api.path("depends_on").path("postgresql")).put("condition", "service_ready");
    ((ObjectNode) broken.path("services").path("worker").path("healthcheck"))
        .put("intervall", "10s");
    api.put("ports", "8080:8080");

    Set<String> problems = problems(broken);

    assertThat(String.join("\n", problems))
        .contains("condition")
        .contains("intervall")
        .contains("ports");
  }

  @Test
  void temporal_runs_as_schema_job_server_namespace_job_and_ui() {
    JsonNode services = compose.path("services");
    assertThat(services.path("temporal-schema").path("image").asText())
        .startsWith("temporalio/admin-tools:");
    assertThat(services.path("temporal").path("image").asText()).startsWith("temporalio/server:");
    assertThat(services.path("temporal").path("depends_on").path("temporal-schema"))
        .hasToString("{\"condition\":\"service_completed_successfully\"}");
    assertThat(services.path("temporal-namespace").path("depends_on").path("temporal"))
        .hasToString("{\"condition\":\"service_healthy\"}");
    assertThat(services.path("temporal-ui").path("image").asText()).startsWith("temporalio/ui:");
    for (String name : List.of("postgresql", "temporal", "api", "worker")) {
      assertThat(services.path(name).has("healthcheck")).as(name + " has a health check").isTrue();
    }
  }

  @Test
  void api_and_worker_are_separate_services_of_one_image_wired_by_environment() throws Exception {
    JsonNode api = compose.path("services").path("api");
    JsonNode worker = compose.path("services").path("worker");
    assertThat(api.path("image")).isEqualTo(worker.path("image"));
    assertThat(api.path("command")).hasToString("[\"api\"]");
    assertThat(worker.path("command")).hasToString("[\"worker\"]");
    for (JsonNode service : List.of(api, worker)) {
      JsonNode env = service.path("environment");
      assertThat(env.path("DATABASE_URL").asText()).contains("@postgresql:5432/flowd");
      assertThat(env.path("TEMPORAL_ADDRESS").asText()).isEqualTo("temporal:7233");
      assertThat(env.path("FLOWD_LOG_FORMAT").asText()).isEqualTo("json");
      assertThat(service.path("depends_on").path("temporal-namespace").path("condition").asText())
          .isEqualTo("service_completed_successfully");
    }
    assertThat(worker.has("ports")).as("workers publish no port, so they scale").isFalse();
    String entrypoint = Files.readString(ROOT.resolve("deploy/flowd-entrypoint.sh"));
    for (String main : List.of("io.flowd.api.app.ApiServer", "io.flowd.worker.WorkerMain")) {
      assertThat(entrypoint).contains(main);
      assertThat(Class.forName(main).getMethod("main", String[].class)).isNotNull();
    }
    assertThat(Files.readString(ROOT.resolve("Dockerfile")))
        .contains("FLOWD_LOG_FORMAT=json")
        .contains("COPY deploy/flowd-entrypoint.sh");
  }

  @Test
  void secrets_come_from_the_environment_and_are_never_defaulted() {
    Matcher uses =
        Pattern.compile("\\$\\{(POSTGRES_PASSWORD|FLOWD_JWT_SECRET|FLOWD_VAULT_KEY)([^}]*)}")
            .matcher(text);
    List<String> found = new ArrayList<>();
    while (uses.find()) {
      found.add(uses.group(1));
      assertThat(uses.group(2)).as(uses.group()).startsWith(":?");
    }
    assertThat(found).contains("POSTGRES_PASSWORD", "FLOWD_JWT_SECRET", "FLOWD_VAULT_KEY");
  }

  @Test
  void every_bind_mounted_host_path_exists() {
    List<String> mounts = new ArrayList<>();
    compose
        .path("services")
        .forEach(
            service ->
                service
                    .path("volumes")
                    .forEach(
                        volume -> {
                          String source = volume.asText().split(":")[0];
                          if (source.startsWith("./")) {
                            mounts.add(source);
                          }
                        }));
    assertThat(mounts).isNotEmpty();
    assertThat(mounts).allSatisfy(source -> assertThat(ROOT.resolve(source)).exists());
    assertThat(ROOT.resolve("deploy/temporal/setup-schema.sh")).isExecutable();
    assertThat(ROOT.resolve("deploy/temporal/create-namespace.sh")).isExecutable();
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.api.app.ApiConfig;
import io.flowd.api.app.ApiServices;
import io.flowd.api.app.FlowdApi;
import io.flowd.api.workflow.WorkflowChangeListener;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.runs.RunDispatcher;
import io.flowd.runs.RunEngine;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.javalin.Javalin;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The API tells the {@link WorkflowChangeListener} about every committed create, change and
 * deletion, and about nothing that was refused or changed nothing.
 */
class WorkflowChangeListenerApiTest {

  @Test
  void listener_hears_saves_and_deletions_after_they_are_committed() throws Exception {
    String url =
        DatabaseBootstrap.freshMigratedDatabase(DatabaseBootstrap.testBaseUrl(), "flowd_api");
    List<String> heard = new CopyOnWriteArrayList<>();
    WorkflowChangeListener recorder =
        new WorkflowChangeListener() {
          @Override
          public void saved(String tenantId, String workflowId) {
            heard.add("saved " + tenantId + " " + workflowId);
          }

          @Override
          public void deleted(String tenantId, String workflowId) {
            heard.add("deleted " + tenantId + " " + workflowId);
          }
        };
    // No Temporal is needed: the workflow never has an open run.
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build());
    ApiConfig config =
        ApiConfig.fromEnv(
            Map.of(
                "DATABASE_URL",
                url,
                "FLOWD_JWT_SECRET",
                FlowdHarness.SECRET,
                "FLOWD_VAULT_KEY",
                FlowdHarness.VAULT_KEY));
    Javalin app = null;
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    try (Database database = Database.connect(url, 4);
        RunDispatcher dispatcher = new RunDispatcher(client, "flowd", database)) {
      app =
          FlowdApi.create(
                  new ApiServices(
                      config,
                      database,
                      StandardComponents.registry(true),
                      new RunEngine(database, dispatcher),
                      client,
                      () -> false,
                      recorder))
              .start("127.0.0.1", 0);
      String base = "http://127.0.0.1:" + app.port();
      String token = FlowdHarness.token("listened");

      String created = send(base, "POST", "/workflows", token, WorkflowApiTest.MAPPER_GRAPH);
      String id = io.flowd.model.Json.parse(created).path("id").asText();
      send(base, "PUT", "/workflows/" + id, token, "{\"name\": \"Renamed\"}");
      send(base, "PUT", "/workflows/" + id, token, "{\"name\": \"Renamed\"}");
      send(base, "PUT", "/workflows/" + id, token, "{\"name\": \"\"}");
      send(base, "DELETE", "/workflows/" + id, token, null);

      assertThat(heard)
          .containsExactly(
              "saved listened " + id, "saved listened " + id, "deleted listened " + id);
    } finally {
      if (app != null) {
        app.stop();
      }
      stubs.shutdownNow();
      DatabaseBootstrap.drop(url);
    }
  }

  private static String send(String base, String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Executes over HTTP with {@code FLOWD_RUN_INSERT_GROUPING=on}: one run per key, as without. */
class GroupedInsertsApiTest {
  private static final String GRAPH =
      """
      {"name": "Grouped", "description": "grouped inserts",
       "nodes": [
         {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
         {"id": "node_2", "type": "action",
          "data": {"componentId": "data_mapper", "mappings": {"n": "{{ trigger.n }}"}}}
       ],
       "edges": [{"id": "e1", "source": "node_1", "target": "node_2"}]}
      """;

  private static FlowdHarness flowd;
  private static final String TOKEN = FlowdHarness.token("alice");

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start(Map.of("FLOWD_RUN_INSERT_GROUPING", "on"));
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static HttpResponse<String> execute(String workflowId, String body, String key) {
    return flowd.request(
        "POST", "/workflows/" + workflowId + "/execute", TOKEN, body, "Idempotency-Key", key);
  }

  @Test
  void concurrent_executes_over_a_few_keys_start_one_run_per_key_and_every_run_completes()
      throws Exception {
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, GRAPH);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String workflowId = FlowdHarness.json(created).path("id").asText();
    List<String> keys = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
    ExecutorService pool = Executors.newFixedThreadPool(20);
    List<Future<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String key = keys.get(i % 2);
      futures.add(
          pool.submit(() -> execute(workflowId, "{\"context\": {\"n\": \"" + key + "\"}}", key)));
    }
    List<String> ids = new ArrayList<>();
    int replayed = 0;
    for (Future<HttpResponse<String>> future : futures) {
      HttpResponse<String> response = future.get();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      ids.add(FlowdHarness.json(response).path("id").asText());
      replayed += response.headers().firstValue("Idempotent-Replayed").isPresent() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(ids.stream().distinct()).hasSize(2);
    assertThat(replayed).isEqualTo(38);
    long runRows = flowd.runCount(workflowId);
    assertThat(runRows).isEqualTo(2);
    for (String id : ids.stream().distinct().toList()) {
      JsonNode run = flowd.awaitRun(TOKEN, id, "completed");
      assertThat(run.path("status").asText()).isEqualTo("completed");
    }
  }
}

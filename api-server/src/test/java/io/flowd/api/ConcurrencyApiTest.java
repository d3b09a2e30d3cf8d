package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box tests of concurrency limits per workflow and key ({@code concurrency}). */
class ConcurrencyApiTest {
  private static final String TOKEN = FlowdHarness.token("concurrency");
  private static final long SLOW_MILLIS = 300;

  private static FlowdHarness flowd;
  private static EchoServer peer;

  @BeforeAll
  static void start() throws Exception {
    flowd = FlowdHarness.start();
    peer =
        EchoServer.start()
            .on(
                "/slow",
                (exchange, seen) -> {
                  try {
                    Thread.sleep(SLOW_MILLIS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  EchoServer.send(exchange, 200, "{\"ok\": true}");
                });
  }

  @AfterAll
  static void stop() {
    peer.close();
    flowd.close();
  }

  static String slowWorkflow(String concurrency) {
    return "{\"name\": \"Slow\", \"concurrency\": "
        + concurrency
        + ", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\", \"data\": {\"componentId\":"
        + " \"manual_trigger\"}}, {\"id\": \"node_2\", \"type\": \"action\", \"data\":"
        + " {\"componentId\": \"webhook\", \"method\": \"GET\", \"url\": \""
        + peer.url("/slow")
        + "\"}}], \"edges\": [{\"id\": \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"}]}";
  }

  static String hourWorkflow(String concurrency) {
    return "{\"name\": \"Hour\", \"concurrency\": "
        + concurrency
        + ", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\", \"data\": {\"componentId\":"
        + " \"manual_trigger\"}}, {\"id\": \"node_2\", \"type\": \"action\", \"data\":"
        + " {\"componentId\": \"delay\", \"duration\": 1, \"unit\": \"hours\"}}], \"edges\":"
        + " [{\"id\": \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"}]}";
  }

  private static String create(String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  private static JsonNode execute(String workflowId, String context) {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows/" + workflowId + "/execute",
            TOKEN,
            "{\"context\": " + context + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return FlowdHarness.json(response);
  }

  private static List<JsonNode> runs(String workflowId) {
    JsonNode page =
        FlowdHarness.json(
            flowd.request(
                "GET", "/workflows/" + workflowId + "/executions?per_page=100", TOKEN, null));
    List<JsonNode> runs = new ArrayList<>();
    page.path("data").forEach(runs::add);
    return runs;
  }

  private static long count(List<JsonNode> runs, String... statuses) {
    List<String> wanted = List.of(statuses);
    return runs.stream().filter(r -> wanted.contains(r.path("status").asText())).count();
  }

  private static Instant at(JsonNode run, String field) {
    return Instant.parse(run.path(field).asText());
  }

  @Test
  void twenty_runs_of_one_key_with_limit_two_never_overlap_by_more_than_two_and_start_in_order()
      throws Exception {
    String workflowId = create(slowWorkflow("{\"limit\": 2, \"key\": \"{{ trigger.customer }}\"}"));
    List<String> statuses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      statuses.add(
          execute(workflowId, "{\"customer\": \"a\", \"n\": " + i + "}").path("status").asText());
    }
    assertThat(statuses.subList(2, 20)).contains("queued");
    String other = execute(workflowId, "{\"customer\": \"b\"}").path("id").asText();
    assertThat(flowd.awaitRun(TOKEN, other, "completed").path("status").asText())
        .isEqualTo("completed");

    long maxOpen = 0;
    boolean otherDoneWhileQueued = false;
    List<JsonNode> now = runs(workflowId);
    for (int i = 0; i < 2000 && count(now, "completed") < 21; i++) {
      List<JsonNode> ofA = now.stream().filter(r -> r.path("trigger_payload").has("n")).toList();
      maxOpen = Math.max(maxOpen, count(ofA, "running", "waiting", "pending"));
      otherDoneWhileQueued |= count(ofA, "queued") > 0;
      Thread.sleep(25);
      now = runs(workflowId);
    }

    assertThat(otherDoneWhileQueued).as("the other key ran while key a was queued").isTrue();
    assertThat(maxOpen).isBetween(1L, 2L);
    List<JsonNode> ofA =
        new ArrayList<>(now.stream().filter(r -> r.path("trigger_payload").has("n")).toList());
    assertThat(ofA).hasSize(20).allMatch(r -> "completed".equals(r.path("status").asText()));
    ofA.sort(Comparator.comparingInt(r -> r.path("trigger_payload").path("n").asInt()));
    for (int j = 0; j < ofA.size(); j++) {
      Instant started = at(ofA.get(j), "started_at");
      long open = 0;
      for (int k = 0; k < ofA.size(); k++) {
        if (at(ofA.get(k), "started_at").isBefore(started)
            && at(ofA.get(k), "completed_at").isAfter(started)) {
          open++;
        }
      }
      assertThat(open).as("runs open when run %s started", j).isLessThanOrEqualTo(1);
      long olderDone =
          ofA.subList(0, j).stream().filter(r -> !at(r, "completed_at").isAfter(started)).count();
      assertThat(olderDone)
          .as("older runs finished before run %s started", j)
          .isGreaterThanOrEqualTo(j - 1);
    }
  }

  @Test
  void queued_runs_are_listed_by_status_and_a_cancelled_queued_run_never_starts() throws Exception {
    String workflowId = create(hourWorkflow("{\"limit\": 1}"));
    String first = execute(workflowId, "{}").path("id").asText();
    JsonNode second = execute(workflowId, "{}");
    assertThat(second.path("status").asText()).isEqualTo("queued");
    JsonNode queued =
        FlowdHarness.json(
            flowd.request(
                "GET", "/workflows/" + workflowId + "/executions?status=queued", TOKEN, null));
    assertThat(queued.path("data")).hasSize(1);
    assertThat(queued.path("data").get(0).path("id").asText())
        .isEqualTo(second.path("id").asText());

    HttpResponse<String> cancel =
        flowd.request(
            "POST", "/workflows/runs/" + second.path("id").asText() + "/cancel", TOKEN, null);
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
    assertThat(FlowdHarness.json(cancel).path("status").asText()).isEqualTo("cancelled");
    flowd.request("POST", "/workflows/runs/" + first + "/cancel", TOKEN, null);
    assertThat(flowd.awaitRun(TOKEN, first, "cancelled").path("status").asText())
        .isEqualTo("cancelled");
    Thread.sleep(1000);
    JsonNode after = flowd.awaitRun(TOKEN, second.path("id").asText(), "cancelled");
    assertThat(after.path("started_at").isNull()).isTrue();
    assertThat(flowd.temporalStatus(after.path("temporal_workflow_id").asText())).isNull();
  }

  @Test
  void cancel_new_records_the_new_run_cancelled_with_a_message_naming_the_limit() {
    String workflowId = create(hourWorkflow("{\"limit\": 1, \"on_limit\": \"cancel_new\"}"));
    String first = execute(workflowId, "{}").path("id").asText();
    JsonNode second = execute(workflowId, "{}");
    assertThat(second.path("status").asText()).isEqualTo("cancelled");
    assertThat(second.path("error_message").asText())
        .contains("concurrency limit of 1")
        .contains("cancel_new");
    assertThat(flowd.temporalStatus(second.path("temporal_workflow_id").asText())).isNull();
    flowd.request("POST", "/workflows/runs/" + first + "/cancel", TOKEN, null);
  }

  @Test
  void sync_and_webhook_runs_are_held_by_the_same_limit() throws Exception {
    String workflowId = create(hourWorkflow("{\"limit\": 1}"));
    String first = execute(workflowId, "{}").path("id").asText();
    HttpResponse<String> sync =
        flowd.request("POST", "/workflows/sync/" + workflowId + "?timeout_seconds=1", TOKEN, "{}");
    assertThat(sync.statusCode()).as(sync.body()).isEqualTo(504);
    String syncRun = FlowdHarness.json(sync).path("run_id").asText();
    assertThat(flowd.awaitRun(TOKEN, syncRun, "queued").path("status").asText())
        .isEqualTo("queued");

    String hooked =
        create(
            hourWorkflow("{\"limit\": 1, \"on_limit\": \"cancel_new\"}")
                .replace("manual_trigger", "webhook_trigger"));
    String url =
        FlowdHarness.json(flowd.request("GET", "/workflows/" + hooked, TOKEN, null))
            .path("webhook_url")
            .asText();
    String path = url.substring(url.indexOf("/workflows/webhooks/"));
    HttpResponse<String> one = flowd.request("POST", path, null, "{\"n\": 1}");
    HttpResponse<String> two = flowd.request("POST", path, null, "{\"n\": 2}");
    assertThat(one.statusCode()).isEqualTo(202);
    assertThat(FlowdHarness.json(one).path("status").asText()).isIn("pending", "running");
    assertThat(FlowdHarness.json(two).path("status").asText()).isEqualTo("cancelled");

    flowd.request(
        "POST",
        "/workflows/" + workflowId + "/runs/cancel",
        TOKEN,
        "{\"status\": [\"running\", \"pending\", \"queued\"]}");
    flowd.request(
        "POST",
        "/workflows/" + hooked + "/runs/cancel",
        TOKEN,
        "{\"status\": [\"running\", \"pending\"]}");
    assertThat(flowd.awaitRun(TOKEN, first, "cancelled").path("status").asText())
        .isEqualTo("cancelled");
  }

  @Test
  void cancel_oldest_cancels_the_oldest_open_run_and_starts_the_new_one() throws Exception {
    String workflowId = create(hourWorkflow("{\"limit\": 1, \"on_limit\": \"cancel_oldest\"}"));
    String first = execute(workflowId, "{}").path("id").asText();
    assertThat(flowd.awaitRun(TOKEN, first, "running").path("status").asText())
        .isEqualTo("running");
    String second = execute(workflowId, "{}").path("id").asText();

    JsonNode old = flowd.awaitRun(TOKEN, first, "cancelled");
    assertThat(old.path("status").asText()).isEqualTo("cancelled");
    assertThat(old.path("error_message").asText()).contains(second).contains("cancel_oldest");
    assertThat(flowd.awaitRun(TOKEN, second, "running").path("status").asText())
        .isEqualTo("running");
    flowd.request("POST", "/workflows/runs/" + second + "/cancel", TOKEN, null);
  }

  @Test
  void iterator_items_and_child_runs_wait_for_the_target_workflows_slots() throws Exception {
    String target = create(slowWorkflow("{\"limit\": 1}"));
    String parent =
        create(
            "{\"name\": \"Fan out\", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\","
                + " \"data\": {\"componentId\": \"manual_trigger\"}}, {\"id\": \"node_2\","
                + " \"type\": \"action\", \"data\": {\"componentId\": \"iterator\", \"items\":"
                + " \"{{ trigger.items }}\", \"workflow_id\": \""
                + target
                + "\", \"concurrency\": 4}}, {\"id\": \"node_3\", \"type\": \"action\","
                + " \"data\": {\"componentId\": \"trigger_workflow\", \"workflow_id\": \""
                + target
                + "\", \"wait\": true}}], \"edges\": [{\"id\": \"e1\", \"source\":"
                + " \"node_1\", \"target\": \"node_2\"}, {\"id\": \"e2\", \"source\":"
                + " \"node_2\", \"target\": \"node_3\"}]}");
    String runId = execute(parent, "{\"items\": [1, 2, 3, 4]}").path("id").asText();

    long maxOpen = 0;
    boolean sawQueued = false;
    JsonNode run = null;
    for (int i = 0; i < 1200; i++) {
      List<JsonNode> children = runs(target);
      maxOpen = Math.max(maxOpen, count(children, "running", "waiting", "pending"));
      sawQueued |= count(children, "queued") > 0;
      run = FlowdHarness.json(flowd.request("GET", "/workflows/runs/" + runId, TOKEN, null));
      if (run.path("status").asText().matches("completed|failed|cancelled")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
    assertThat(sawQueued).isTrue();
    assertThat(maxOpen).isEqualTo(1);
    assertThat(runs(target))
        .hasSize(5)
        .allMatch(r -> "completed".equals(r.path("status").asText()));
  }

  @Test
  void stopping_the_api_mid_way_and_starting_a_new_one_loses_and_leaks_nothing() throws Exception {
    String workflowId = create(slowWorkflow("{\"limit\": 1}"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(execute(workflowId, "{\"n\": " + i + "}").path("id").asText());
    }
    flowd.awaitRun(TOKEN, ids.get(1), "completed");
    flowd.restartApi();
    for (String id : ids) {
      JsonNode run = flowd.awaitRun(TOKEN, id, "completed");
      assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
    }
    List<JsonNode> all = runs(workflowId);
    assertThat(count(all, "completed")).isEqualTo(8);
    // The slot is free again: a new run starts at once.
    assertThat(execute(workflowId, "{}").path("status").asText()).isEqualTo("pending");
  }
}

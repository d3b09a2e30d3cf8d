package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.schedule.ScheduleSync;
import io.flowd.api.schedule.StartupReconciler;
import io.flowd.engine.TemporalIds;
import io.flowd.model.Graph;
import io.flowd.store.WorkflowDao;
import io.flowd.store.WorkflowVersion;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schedules through the real service: next_run_at on create, update, pause, resume and delete,
 * fires in real time, and a restart of the whole service on an empty Temporal server.
 */
class ScheduleApiTest {
  private static final String TENANT = "scheduler";
  private static final String TOKEN = FlowdHarness.token(TENANT);
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static JsonNode create(String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created);
  }

  private static JsonNode createScheduled(String type, String value) {
    return create(
        """
        {"name": "Every so often", "schedule_type": "%s", "schedule_value": "%s",
         "schedule_timezone": "Europe/Berlin",
         "nodes": [
           {"id": "node_1", "type": "trigger", "data": {"componentId": "scheduled_trigger"}},
           {"id": "node_2", "type": "action",
            "data": {"componentId": "data_mapper", "mappings": {"at": "{{ node_1.scheduled_at }}"}}}
         ],
         "edges": [{"id": "e1", "source": "node_1", "target": "node_2"}]}
        """
            .formatted(type, value));
  }

  private static JsonNode get(String workflowId) {
    return FlowdHarness.json(flowd.request("GET", "/workflows/" + workflowId, TOKEN, null));
  }

  private static List<JsonNode> scheduledRuns(String workflowId) {
    List<JsonNode> runs = new ArrayList<>();
    get(workflowId)
        .path("runs")
        .forEach(
            run -> {
              if ("schedule".equals(run.path("trigger_type").asText())) {
                runs.add(run);
              }
            });
    return runs;
  }

  private static <T> T await(String what, Supplier<T> read, java.util.function.Predicate<T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    T value = read.get();
    while (!done.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what + "; last: " + value);
      }
      Thread.sleep(100);
      value = read.get();
    }
    return value;
  }

  @Test
  void interval_workflow_publishes_next_run_at_on_create_and_fires_at_exactly_that_time()
      throws Exception {
    Instant before = Instant.now();
    JsonNode workflow = createScheduled("interval", "10 seconds");
    String id = workflow.path("id").asText();

    Instant nextRunAt = Instant.parse(workflow.path("next_run_at").asText());
    assertThat(nextRunAt).isBetween(before.plusSeconds(9), Instant.now().plusSeconds(11));
    JsonNode run =
        await("a scheduled run completed", () -> scheduledRuns(id), r -> !r.isEmpty()).get(0);
    assertThat(Instant.parse(run.path("trigger_payload").path("scheduled_at").asText()))
        .isEqualTo(nextRunAt);
    JsonNode done = flowd.awaitRun(TOKEN, run.path("id").asText(), "completed");
    assertThat(done.path("logs").get(1).path("output").path("at").asText())
        .isEqualTo(workflow.path("next_run_at").asText());
    assertThat(
            await(
                "next_run_at moved on",
                () -> get(id).path("next_run_at").asText(),
                t -> !t.isEmpty() && Instant.parse(t).isAfter(nextRunAt)))
        .isNotNull();
  }

  @Test
  void update_pause_resume_and_delete_keep_next_run_at_right_and_delete_stops_the_schedule()
      throws Exception {
    JsonNode workflow = createScheduled("cron", "0 9 1 1 *");
    String id = workflow.path("id").asText();
    assertThat(
            Instant.parse(workflow.path("next_run_at").asText())
                .atZone(java.time.ZoneId.of("Europe/Berlin")))
        .satisfies(t -> assertThat(t.getMonthValue() * 100 + t.getDayOfMonth()).isEqualTo(101))
        .satisfies(t -> assertThat(t.getHour()).isEqualTo(9));
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(flowd.temporalAddress()).build());
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    try (ScheduleSync sync = new ScheduleSync(flowd.database(), client, "flowd")) {
      // What PUT does: a new version with the new schedule.
      WorkflowDao dao = flowd.database().dao(WorkflowDao.class);
      Graph graph = io.flowd.model.Json.MAPPER.treeToValue(get(id), Graph.class);
      dao.insertVersion(
          TENANT,
          new WorkflowVersion(
              id,
              2,
              "Every so often",
              null,
              graph.nodes(),
              graph.edges(),
              "cron",
              "*/5 * * * *",
              "UTC",
              null));
      execute("UPDATE workflows SET version = 2 WHERE id = '" + id + "'");
      sync.saved(TENANT, id);
      Instant updated = Instant.parse(get(id).path("next_run_at").asText());
      assertThat(updated).isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(301));
      assertThat(updated.getEpochSecond() % 300).isZero();

      execute("UPDATE workflows SET is_active = false WHERE id = '" + id + "'");
      sync.saved(TENANT, id);
      assertThat(get(id).path("next_run_at").isNull()).isTrue();

      execute("UPDATE workflows SET is_active = true WHERE id = '" + id + "'");
      sync.saved(TENANT, id);
      assertThat(Instant.parse(get(id).path("next_run_at").asText())).isEqualTo(updated);

      sync.flush();
      String scheduleId = TemporalIds.forSchedule(TENANT, id);
      assertThat(status(client, scheduleId))
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      execute("DELETE FROM workflows WHERE id = '" + id + "'");
      sync.deleted(TENANT, id);
      sync.flush();
      assertThat(status(client, scheduleId))
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void schedule_and_open_runs_survive_a_restart_of_the_whole_service_on_an_empty_temporal()
      throws Exception {
    String id = createScheduled("interval", "10 seconds").path("id").asText();
    await("the first scheduled run", () -> scheduledRuns(id), r -> !r.isEmpty());
    // A run still at its trigger (waiting in a delay) and one that already ran a node.
    String atTrigger = create(manualGraph("[\"node_1\", \"wait\", \"after\"]")).path("id").asText();
    String pastTrigger = create(manualGraph("[\"node_1\", \"map\", \"wait\"]")).path("id").asText();
    String restartedRun = executeRun(atTrigger);
    String lostRun = executeRun(pastTrigger);
    flowd.awaitRun(TOKEN, restartedRun, "running");
    await(
        "the map node of the second run logged",
        () -> runOf(lostRun).path("logs").size(),
        n -> n >= 2);

    flowd.restartOnFreshTemporal();
    Instant restarted = Instant.now();

    List<JsonNode> fired =
        await(
            "a scheduled run after the restart completed",
            () -> scheduledRuns(id),
            runs ->
                runs.stream()
                    .anyMatch(
                        r ->
                            Instant.parse(r.path("created_at").asText()).isAfter(restarted)
                                && "completed".equals(r.path("status").asText())));
    assertThat(fired).isNotEmpty();
    JsonNode lost = await("the second run marked lost", () -> runOf(lostRun), r -> isClosed(r));
    assertThat(lost.path("status").asText()).isEqualTo("failed");
    assertThat(lost.path("error_message").asText())
        .isEqualTo(io.flowd.api.run.RunReconciler.LOST_MESSAGE);
    JsonNode rerun =
        await("the first run finished again", () -> runOf(restartedRun), r -> isClosed(r));
    assertThat(rerun.path("status").asText()).isEqualTo("completed");
    List<String> logged = new ArrayList<>();
    rerun.path("logs").forEach(log -> logged.add(log.path("node_id").asText()));
    assertThat(logged).containsExactly("node_1", "wait", "after");
  }

  @Test
  void reconciliation_stops_schedules_of_workflows_deleted_or_made_manual_behind_their_back()
      throws Exception {
    String deleted = createScheduled("cron", "0 9 1 1 *").path("id").asText();
    String manual = createScheduled("cron", "0 9 1 1 *").path("id").asText();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(flowd.temporalAddress()).build());
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    try (ScheduleSync sync = new ScheduleSync(flowd.database(), client, "flowd")) {
      for (String id : List.of(deleted, manual)) {
        await(
            "the schedule of " + id + " runs",
            () -> statusOrNull(client, TemporalIds.forSchedule(TENANT, id)),
            s -> s == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      }
      // Changes that never reached the schedules (as if Temporal had been down).
      execute("DELETE FROM workflows WHERE id = '" + deleted + "'");
      flowd
          .database()
          .dao(WorkflowDao.class)
          .insertVersion(
              TENANT,
              new WorkflowVersion(
                  manual,
                  2,
                  "Manual now",
                  null,
                  List.of(),
                  List.of(),
                  "manual",
                  null,
                  "UTC",
                  null));
      execute("UPDATE workflows SET version = 2 WHERE id = '" + manual + "'");

      new StartupReconciler(flowd.database(), sync, client).reconcile();

      assertThat(status(client, TemporalIds.forSchedule(TENANT, deleted)))
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
      assertThat(
              await(
                  "the schedule of the manual workflow ended",
                  () -> statusOrNull(client, TemporalIds.forSchedule(TENANT, manual)),
                  s -> s != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING))
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      assertThat(get(manual).path("next_run_at").isNull()).isTrue();
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void schedule_saved_while_temporal_is_down_starts_firing_once_temporal_is_up() throws Exception {
    try (FlowdHarness down = FlowdHarness.startWithoutTemporal()) {
      HttpResponse<String> created =
          down.request(
              "POST",
              "/workflows",
              TOKEN,
              """
              {"name": "Patient", "schedule_type": "interval", "schedule_value": "10 seconds",
               "nodes": [{"id": "node_1", "type": "trigger",
                          "data": {"componentId": "scheduled_trigger"}}],
               "edges": []}
              """);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(FlowdHarness.json(created).path("next_run_at").isTextual()).isTrue();
      String id = FlowdHarness.json(created).path("id").asText();

      down.startTemporal();

      JsonNode run =
          await(
                  "a scheduled run once Temporal is up",
                  () ->
                      FlowdHarness.json(down.request("GET", "/workflows/" + id, TOKEN, null))
                          .path("runs"),
                  runs ->
                      runs.size() > 0 && "completed".equals(runs.get(0).path("status").asText()))
              .get(0);
      assertThat(run.path("trigger_type").asText()).isEqualTo("schedule");
    }
  }

  private static WorkflowExecutionStatus statusOrNull(WorkflowClient client, String workflowId) {
    try {
      return status(client, workflowId);
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      return null;
    }
  }

  private static boolean isClosed(JsonNode run) {
    return List.of("completed", "failed", "cancelled").contains(run.path("status").asText());
  }

  private static String manualGraph(String order) {
    List<String> ids = new ArrayList<>();
    io.flowd.model.Json.parse(order).forEach(n -> ids.add(n.asText()));
    StringBuilder nodes = new StringBuilder();
    StringBuilder edges = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      String node = ids.get(i);
      String data =
          switch (node) {
            case "node_1" -> "{\"componentId\": \"manual_trigger\"}";
            case "wait" -> "{\"componentId\": \"delay\", \"duration\": 15, \"unit\": \"seconds\"}";
            default -> "{\"componentId\": \"data_mapper\", \"mappings\": {\"ok\": true}}";
          };
      String type = i == 0 ? "trigger" : "action";
      nodes
          .append(i == 0 ? "" : ",")
          .append("{\"id\": \"%s\", \"type\": \"%s\", \"data\": %s}".formatted(node, type, data));
      if (i > 0) {
        edges
            .append(i == 1 ? "" : ",")
            .append(
                "{\"id\": \"e%d\", \"source\": \"%s\", \"target\": \"%s\"}"
                    .formatted(i, ids.get(i - 1), node));
      }
    }
    return "{\"name\": \"Manual\", \"nodes\": [%s], \"edges\": [%s]}".formatted(nodes, edges);
  }

  private static String executeRun(String workflowId) {
    HttpResponse<String> response =
        flowd.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, "{}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return FlowdHarness.json(response).path("id").asText();
  }

  private static JsonNode runOf(String runId) {
    return FlowdHarness.json(flowd.request("GET", "/workflows/runs/" + runId, TOKEN, null));
  }

  private static WorkflowExecutionStatus status(WorkflowClient client, String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).describe().getStatus();
  }

  private static void execute(String sql) {
    flowd.database().jdbi().useHandle(h -> h.execute(sql));
  }
}

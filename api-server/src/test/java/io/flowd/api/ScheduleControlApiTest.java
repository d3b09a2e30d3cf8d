package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schedules through the real service: the schedule view, backfill, and a catch-up after the whole
 * service was down, with another restart while it catches up.
 */
class ScheduleControlApiTest {
  private static final String TOKEN = FlowdHarness.token("schedule-control");
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static JsonNode create(String schedule) {
    HttpResponse<String> created =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            """
            {"name": "Scheduled", %s
             "nodes": [
               {"id": "node_1", "type": "trigger", "data": {"componentId": "scheduled_trigger"}},
               {"id": "node_2", "type": "action",
                "data": {"componentId": "data_mapper", "mappings": {"at": "{{ node_1.scheduled_at }}"}}}
             ],
             "edges": [{"id": "e1", "source": "node_1", "target": "node_2"}]}
            """
                .formatted(schedule));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created);
  }

  private static List<JsonNode> runs(String workflowId) {
    List<JsonNode> runs = new ArrayList<>();
    FlowdHarness.json(
            flowd.request(
                "GET", "/workflows/" + workflowId + "/executions?per_page=100", TOKEN, null))
        .path("data")
        .forEach(runs::add);
    return runs;
  }

  private static List<Instant> fireTimes(String workflowId) {
    return runs(workflowId).stream()
        .map(r -> Instant.parse(r.path("trigger_payload").path("scheduled_at").asText()))
        .sorted()
        .toList();
  }

  private static HttpResponse<String> backfill(String workflowId, String start, String end) {
    return flowd.request(
        "POST",
        "/workflows/" + workflowId + "/backfill",
        TOKEN,
        "{\"start\": \"" + start + "\", \"end\": \"" + end + "\"}");
  }

  private static void awaitTrue(String what, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }

  @Test
  void schedule_view_lists_the_next_ten_fires_and_the_latest_skips_with_their_reasons() {
    JsonNode workflow =
        create(
            "\"schedule_type\": \"cron\", \"schedule_value\": \"0 9 * * *\","
                + " \"schedule_overlap\": \"buffer_one\", \"schedule_catchup_seconds\": 600,");
    String id = workflow.path("id").asText();
    assertThat(workflow.path("schedule_overlap").asText()).isEqualTo("buffer_one");
    assertThat(workflow.path("schedule_catchup_seconds").asInt()).isEqualTo(600);
    flowd
        .database()
        .jdbi()
        .useHandle(
            h -> {
              h.execute(
                  "INSERT INTO schedule_skips (tenant_id, workflow_id, scheduled_at, open_run_id,"
                      + " reason) VALUES ('schedule-control', ?, '2026-01-01T09:00:00Z',"
                      + " 'fl_run_0123456789abcdef', 'overlap')",
                  id);
              h.execute(
                  "INSERT INTO schedule_skips (tenant_id, workflow_id, scheduled_at, reason)"
                      + " VALUES ('schedule-control', ?, '2026-01-02T09:00:00Z', 'missed')",
                  id);
            });

    JsonNode view =
        FlowdHarness.json(flowd.request("GET", "/workflows/" + id + "/schedule", TOKEN, null));

    List<Instant> next = new ArrayList<>();
    view.path("next_fires").forEach(t -> next.add(Instant.parse(t.asText())));
    assertThat(next).hasSize(10);
    assertThat(next.get(0)).isEqualTo(Instant.parse(workflow.path("next_run_at").asText()));
    for (int i = 1; i < next.size(); i++) {
      assertThat(Duration.between(next.get(i - 1), next.get(i))).isEqualTo(Duration.ofDays(1));
    }
    assertThat(view.path("skips").get(0).path("scheduled_at").asText())
        .isEqualTo("2026-01-02T09:00:00.000000Z");
    assertThat(view.path("skips").get(0).path("reason").asText()).isEqualTo("missed");
    assertThat(view.path("skips").get(0).path("open_run_id").isNull()).isTrue();
    assertThat(view.path("skips").get(1).path("open_run_id").asText())
        .isEqualTo("fl_run_0123456789abcdef");

    String paused =
        create(
                "\"schedule_type\": \"cron\", \"schedule_value\": \"0 9 * * *\", \"is_active\": false,")
            .path("id")
            .asText();
    assertThat(
            FlowdHarness.json(
                    flowd.request("GET", "/workflows/" + paused + "/schedule", TOKEN, null))
                .path("next_fires"))
        .isEmpty();
  }

  @Test
  void backfill_starts_one_run_per_fire_time_once_even_when_paused_and_ranges_overlap()
      throws Exception {
    String id =
        create(
                "\"schedule_type\": \"cron\", \"schedule_value\": \"0 * * * *\", \"is_active\": false,")
            .path("id")
            .asText();

    HttpResponse<String> first = backfill(id, "2026-01-01T00:00:00Z", "2026-01-01T05:00:00Z");
    HttpResponse<String> repeat = backfill(id, "2026-01-01T00:00:00Z", "2026-01-01T05:00:00Z");
    HttpResponse<String> overlapping =
        backfill(id, "2026-01-01T03:00:00+00:00", "2026-01-01T07:00:00Z");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(FlowdHarness.json(first).path("runs").asInt()).isEqualTo(5);
    assertThat(FlowdHarness.json(repeat).path("runs").asInt()).isZero();
    assertThat(FlowdHarness.json(overlapping).path("runs").asInt()).isEqualTo(2);
    awaitTrue(
        "every backfill run completed",
        () -> runs(id).stream().allMatch(r -> "completed".equals(r.path("status").asText())));
    List<Instant> expected = new ArrayList<>();
    for (int hour = 0; hour < 7; hour++) {
      expected.add(Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofHours(hour)));
    }
    assertThat(fireTimes(id)).containsExactlyElementsOf(expected);
    assertThat(runs(id)).extracting(r -> r.path("trigger_type").asText()).containsOnly("schedule");
  }

  @Test
  void backfill_of_too_many_fires_a_reversed_range_or_an_unscheduled_workflow_is_422() {
    String minutely =
        create("\"schedule_type\": \"cron\", \"schedule_value\": \"* * * * *\",")
            .path("id")
            .asText();
    String manual = create("").path("id").asText();

    HttpResponse<String> tooMany =
        backfill(minutely, "2026-01-01T00:00:00Z", "2026-01-01T16:41:00Z");
    HttpResponse<String> exactlyEnough =
        backfill(minutely, "2026-01-01T00:00:00Z", "2026-01-01T16:40:00Z");
    HttpResponse<String> reversed =
        backfill(minutely, "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z");
    HttpResponse<String> unscheduled =
        backfill(manual, "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z");
    HttpResponse<String> garbage = backfill(minutely, "yesterday", "2026-01-01T01:00:00Z");

    assertThat(tooMany.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(tooMany).path("errors").get(0).path("code").asText())
        .isEqualTo("too_many_fires");
    assertThat(FlowdHarness.json(exactlyEnough).path("runs").asInt()).isEqualTo(1000);
    assertThat(reversed.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(reversed).path("errors").get(0).path("path").asText())
        .isEqualTo("end");
    assertThat(unscheduled.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(unscheduled).path("errors").get(0).path("code").asText())
        .isEqualTo("not_scheduled");
    assertThat(garbage.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(garbage).path("errors").get(0).path("path").asText())
        .isEqualTo("start");
  }

  @Test
  void fires_missed_while_the_whole_service_was_down_each_run_once_across_a_restart_mid_catch_up()
      throws Exception {
    String id =
        create("\"schedule_type\": \"interval\", \"schedule_value\": \"10 seconds\",")
            .path("id")
            .asText();
    awaitTrue("the first scheduled run", () -> !runs(id).isEmpty());

    flowd.stopService();
    Thread.sleep(35_000);
    flowd.startOnFreshTemporal();
    Instant back = Instant.now();
    awaitTrue(
        "a late run after the restart",
        () -> fireTimes(id).stream().filter(t -> t.isBefore(back.minusSeconds(10))).count() >= 3);
    flowd.restartOnFreshTemporal();
    Instant restartedAgain = Instant.now();
    awaitTrue(
        "an on-time fire after the second restart, and every run completed",
        () -> {
          List<Instant> fired = fireTimes(id);
          return fired.get(fired.size() - 1).isAfter(restartedAgain)
              && runs(id).stream().allMatch(r -> "completed".equals(r.path("status").asText()));
        });

    List<Instant> fired = fireTimes(id);
    for (int i = 1; i < fired.size(); i++) {
      assertThat(Duration.between(fired.get(i - 1), fired.get(i)))
          .as("fire %d of %s", i, fired)
          .isEqualTo(Duration.ofSeconds(10));
    }
    // The first fire, the three missed during the 35 s outage, and at least one on time after.
    assertThat(fired.size()).isGreaterThanOrEqualTo(5);
    assertThat(
            FlowdHarness.json(flowd.request("GET", "/workflows/" + id + "/schedule", TOKEN, null))
                .path("skips"))
        .isEmpty();
  }
}

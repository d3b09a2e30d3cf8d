package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.model.Json;
import io.flowd.model.Retention;
import io.flowd.runs.RetentionConfig;
import io.flowd.runs.RunPurger;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention through the API: the policy on a workflow, the purge of a large history while executes
 * go on, and an idempotency key whose run was purged.
 */
class RetentionApiTest {
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    // The test drives its own purger; the server's would race it for the lease.
    flowd = FlowdHarness.start(Map.of("FLOWD_PURGE_INTERVAL_SECONDS", "0"));
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static String create(String token, String retention) {
    JsonNode body = Json.parse(WorkflowApiTest.MAPPER_GRAPH);
    if (retention != null) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) body)
          .set("retention", Json.parse(retention));
    }
    HttpResponse<String> created = flowd.request("POST", "/workflows", token, Json.write(body));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  private static RunPurger purger(Clock clock, FlowdMetrics metrics) {
    return new RunPurger(
        flowd.database(),
        new RetentionConfig(new Retention(90, null, Map.of()), Duration.ZERO, 500),
        clock,
        metrics);
  }

  private static long sql(String query) {
    return flowd.database().jdbi().withHandle(h -> h.createQuery(query).mapTo(Long.class).one());
  }

  @Test
  void the_policy_is_shown_on_the_workflow_and_a_bad_one_is_refused_with_every_problem() {
    String token = FlowdHarness.token("keeper");
    String id = create(token, "{\"keep_days\": 30, \"keep_days_by_status\": {\"failed\": 90}}");

    JsonNode shown = FlowdHarness.json(flowd.request("GET", "/workflows/" + id, token, null));
    HttpResponse<String> bad =
        flowd.request(
            "PUT",
            "/workflows/" + id,
            token,
            "{\"retention\": {\"keep_days\": 0, \"keep_last\": \"ten\", \"keep_for\": 3,"
                + " \"keep_days_by_status\": {\"running\": 5, \"failed\": 9}}}");
    HttpResponse<String> cleared =
        flowd.request("PUT", "/workflows/" + id, token, "{\"retention\": {\"keep_last\": 100}}");

    assertThat(shown.path("retention").path("keep_days").asInt()).isEqualTo(30);
    assertThat(shown.path("retention").path("keep_days_by_status").path("failed").asInt())
        .isEqualTo(90);
    assertThat(bad.statusCode()).isEqualTo(422);
    List<String> paths = new ArrayList<>();
    FlowdHarness.json(bad).path("errors").forEach(e -> paths.add(e.path("path").asText()));
    assertThat(paths)
        .contains(
            "retention.keep_days",
            "retention.keep_last",
            "retention.keep_for",
            "retention.keep_days_by_status.running");
    assertThat(bad.body()).contains("open runs (running) are never purged");
    assertThat(FlowdHarness.json(cleared).path("retention").toString())
        .isEqualTo("{\"keep_last\":100}");
  }

  @Test
  void a_replayed_key_after_its_run_was_purged_starts_a_new_run() throws Exception {
    String token = FlowdHarness.token("replayer");
    String id = create(token, "{\"keep_days\": 1}");
    String key = UUID.randomUUID().toString();
    String first =
        FlowdHarness.json(
                flowd.request(
                    "POST", "/workflows/" + id + "/execute", token, "{}", "Idempotency-Key", key))
            .path("id")
            .asText();
    flowd.awaitRun(token, first, "completed");
    HttpResponse<String> within =
        flowd.request("POST", "/workflows/" + id + "/execute", token, "{}", "Idempotency-Key", key);
    // Two days pass: the run and its key are past their windows.
    flowd
        .database()
        .jdbi()
        .useHandle(
            h -> {
              h.execute(
                  "UPDATE runs SET created_at = created_at - interval '2 days', completed_at ="
                      + " completed_at - interval '2 days' WHERE id = ?",
                  first);
              h.execute(
                  "UPDATE idempotency_keys SET created_at = created_at - interval '2 days'"
                      + " WHERE run_id = ?",
                  first);
            });
    try (FlowdMetrics metrics = FlowdMetrics.create();
        RunPurger purger = purger(Clock.systemUTC(), metrics)) {
      purger.purge();
    }

    HttpResponse<String> after =
        flowd.request("POST", "/workflows/" + id + "/execute", token, "{}", "Idempotency-Key", key);

    assertThat(FlowdHarness.json(within).path("id").asText()).isEqualTo(first);
    assertThat(within.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(flowd.request("GET", "/workflows/runs/" + first, token, null).statusCode())
        .isEqualTo(404);
    assertThat(after.statusCode()).isEqualTo(202);
    assertThat(after.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(FlowdHarness.json(after).path("id").asText()).isNotEqualTo(first);
  }

  private static final String BOUNDARY = "----flowdRetentionBoundary";

  /** Delivers a multipart body with one file of {@code content}; returns the run id. */
  private static String deliverFile(String hookPath, String content) {
    String body =
        "--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + content
            + "\r\n--"
            + BOUNDARY
            + "--\r\n";
    HttpResponse<String> answer =
        flowd.request(
            "POST",
            hookPath,
            null,
            body,
            "Content-Type",
            "multipart/form-data; boundary=" + BOUNDARY);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    return FlowdHarness.json(answer).path("run_id").asText();
  }

  private static String fileOf(String token, String runId) {
    return FlowdHarness.json(flowd.request("GET", "/workflows/runs/" + runId, token, null))
        .path("trigger_payload")
        .path("body")
        .path("files")
        .path("doc")
        .path("payload_id")
        .asText();
  }

  @Test
  void stored_webhook_files_are_purged_with_the_last_run_that_names_them() throws Exception {
    String token = FlowdHarness.token("uploader");
    JsonNode body =
        Json.parse(
            WorkflowApiTest.MAPPER_GRAPH.replace(
                "\"componentId\": \"manual_trigger\"", "\"componentId\": \"webhook_trigger\""));
    ((com.fasterxml.jackson.databind.node.ObjectNode) body)
        .set("retention", Json.parse("{\"keep_last\": 1}"));
    HttpResponse<String> created = flowd.request("POST", "/workflows", token, Json.write(body));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode workflow = FlowdHarness.json(created);
    String url = workflow.path("webhook_url").asText();
    String hook = url.substring(url.indexOf("/workflows/webhooks/"));
    String first = deliverFile(hook, "kept by its rerun");
    String second = deliverFile(hook, "named by a purged run only");
    flowd.awaitRun(token, first, "completed");
    flowd.awaitRun(token, second, "completed");
    String keptFile = fileOf(token, first);
    String goneFile = fileOf(token, second);
    // Two days pass for both deliveries and their files; then the first one is re-run.
    flowd
        .database()
        .jdbi()
        .useHandle(
            h -> {
              h.execute(
                  "UPDATE runs SET created_at = created_at - interval '2 days', completed_at ="
                      + " completed_at - interval '2 days' WHERE id IN (?, ?)",
                  first,
                  second);
              h.execute(
                  "UPDATE payloads SET created_at = created_at - interval '2 days'"
                      + " WHERE id IN (?, ?)",
                  keptFile,
                  goneFile);
            });
    HttpResponse<String> rerun =
        flowd.request("POST", "/workflows/runs/" + first + "/rerun", token, null);
    assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(202);
    String third = FlowdHarness.json(rerun).path("new_run").path("id").asText();
    flowd.awaitRun(token, third, "completed");

    try (FlowdMetrics metrics = FlowdMetrics.create();
        RunPurger purger = purger(Clock.systemUTC(), metrics)) {
      purger.purge();
    }

    // keep_last 1 keeps the rerun only; the file it names stays, the other goes with its run.
    assertThat(flowd.request("GET", "/workflows/runs/" + first, token, null).statusCode())
        .isEqualTo(404);
    assertThat(flowd.request("GET", "/workflows/runs/" + second, token, null).statusCode())
        .isEqualTo(404);
    assertThat(fileOf(token, third)).isEqualTo(keptFile);
    assertThat(sql("SELECT count(*) FROM payloads WHERE id = '" + keptFile + "'")).isEqualTo(1);
    assertThat(sql("SELECT count(*) FROM payloads WHERE id = '" + goneFile + "'")).isZero();
  }

  @Test
  void a_key_that_still_names_a_missing_run_starts_a_new_run_instead_of_failing() {
    String token = FlowdHarness.token("orphan");
    String id = create(token, null);
    String key = UUID.randomUUID().toString();
    String first =
        FlowdHarness.json(
                flowd.request(
                    "POST", "/workflows/" + id + "/execute", token, "{}", "Idempotency-Key", key))
            .path("id")
            .asText();
    // A key left behind by data older than the purger: its run is gone, the key is not.
    flowd
        .database()
        .jdbi()
        .useHandle(
            h -> {
              h.execute("DELETE FROM runs WHERE id = ?", first);
            });

    HttpResponse<String> again =
        flowd.request("POST", "/workflows/" + id + "/execute", token, "{}", "Idempotency-Key", key);

    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(FlowdHarness.json(again).path("id").asText()).isNotEqualTo(first);
  }

  @Test
  void a_hundred_thousand_runs_are_purged_exactly_per_policy_while_executes_keep_latency()
      throws Exception {
    String token = FlowdHarness.token("historian");
    String byDefault = create(token, null);
    String short7 = create(token, "{\"keep_days\": 7, \"keep_days_by_status\": {\"failed\": 30}}");
    String last1000 = create(token, "{\"keep_last\": 1000}");
    String tenant =
        flowd
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT tenant_id FROM workflows WHERE id = :id")
                        .bind("id", byDefault)
                        .mapTo(String.class)
                        .one());
    long insertStart = System.nanoTime();
    // The purger runs at this instant, and the expected set is computed for it.
    java.time.Instant at =
        flowd
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT clock_timestamp()").mapTo(java.time.Instant.class).one());
    flowd
        .database()
        .jdbi()
        .useHandle(
            h -> {
              // 100,000 runs over 200 days (ids fl_run_G…, which no real run id has, as those are
              // lower case): 60% completed, 20% failed, 10% cancelled, 10% open
              // (waiting or running), each with a log row and an idempotency key, every tenth
              // with a stored payload.
              h.createUpdate(
                      "INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, status,"
                          + " trigger_type, trigger_payload, temporal_workflow_id, created_at,"
                          + " completed_at)"
                          + " SELECT 'fl_run_G' || lpad(i::text, 15, '0'), :t,"
                          + " (ARRAY[:a, :b, :c])[i % 3 + 1], 1, s, 'manual', '{}',"
                          + " 'gen-' || i, now() - make_interval(secs => age),"
                          + " CASE WHEN s IN ('waiting', 'running') THEN NULL"
                          + " ELSE now() - make_interval(secs => age) + interval '1 minute' END"
                          + " FROM (SELECT i, (i * 7919 % (200 * 86400))::double precision AS age,"
                          + " (ARRAY['completed', 'completed', 'completed', 'completed',"
                          + " 'completed', 'completed', 'failed', 'failed', 'cancelled',"
                          + " CASE WHEN i % 20 = 9 THEN 'waiting' ELSE 'running' END])"
                          + "[i % 10 + 1] AS s FROM generate_series(1, 100000) i) g")
                  .bind("t", tenant)
                  .bind("a", byDefault)
                  .bind("b", short7)
                  .bind("c", last1000)
                  .execute();
              h.execute(
                  "INSERT INTO run_logs (id, tenant_id, run_id, workflow_id, node_id,"
                      + " component_id, status, attempt, duration_ms, created_at)"
                      + " SELECT 'fl_log_' || substr(id, 8), tenant_id, id, workflow_id, 'n1',"
                      + " 'manual_trigger', 'success', 1, 1, created_at FROM runs"
                      + " WHERE id LIKE 'fl_run_G%'");
              h.execute(
                  "INSERT INTO idempotency_keys (tenant_id, key, fingerprint, workflow_id,"
                      + " run_id, created_at) SELECT tenant_id, md5(id)::uuid, 'f', workflow_id,"
                      + " id, created_at FROM runs WHERE id LIKE 'fl_run_G%'");
              h.execute(
                  "INSERT INTO payloads (id, tenant_id, run_id, owner, data, size_bytes)"
                      + " SELECT 'fl_pl_' || substr(id, 8), tenant_id, id, 'node:n1',"
                      + " '{\"big\": true}', 14 FROM runs WHERE id LIKE 'fl_run_G%'"
                      + " AND right(id, 1) = '0'");
              h.execute("ANALYZE runs");
              // What the policy lets go, written independently of the purger's statements.
              h.createUpdate(
                      "CREATE TABLE expected_gone AS SELECT id FROM ("
                          + " SELECT id, workflow_id, status, created_at, completed_at,"
                          + " row_number() OVER (PARTITION BY workflow_id ORDER BY created_at DESC,"
                          + " id DESC) AS rank FROM runs WHERE id LIKE 'fl_run_G%'"
                          + " AND status IN ('completed', 'failed', 'cancelled')) r"
                          + " WHERE created_at < CAST(:at AS timestamptz) - interval '24 hours' AND ("
                          + " (workflow_id = '"
                          + byDefault
                          + "' AND completed_at < CAST(:at AS timestamptz) - interval '90 days')"
                          + " OR (workflow_id = '"
                          + short7
                          + "' AND completed_at < CAST(:at AS timestamptz) - CASE WHEN status = 'failed'"
                          + " THEN interval '30 days' ELSE interval '7 days' END)"
                          + " OR (workflow_id = '"
                          + last1000
                          + "' AND rank > 1000))")
                  .bind("at", at)
                  .execute();
            });
    double insertSeconds = (System.nanoTime() - insertStart) / 1e9;
    long expected = sql("SELECT count(*) FROM expected_gone");
    long before = sql("SELECT count(*) FROM runs WHERE id LIKE 'fl_run_G%'");
    long openBefore =
        sql(
            "SELECT count(*) FROM runs WHERE id LIKE 'fl_run_G%' AND status IN ('waiting', 'running')");

    List<Long> idle = executes(token, byDefault, 30, null);
    long purgeStart = System.nanoTime();
    long purged;
    List<Long> during;
    try (FlowdMetrics metrics = FlowdMetrics.create();
        RunPurger purger = purger(Clock.fixed(at, java.time.ZoneOffset.UTC), metrics)) {
      CompletableFuture<Long> purging = CompletableFuture.supplyAsync(purger::purge);
      during = executes(token, byDefault, 1_000, purging);
      purged = purging.get();
    }
    double purgeSeconds = (System.nanoTime() - purgeStart) / 1e9;
    System.out.printf(
        "retention: inserted 100000 runs in %.1f s; purged %d in %.1f s; execute latency idle"
            + " p50 %.1f ms p95 %.1f ms (%d calls), during the purge p50 %.1f ms p95 %.1f ms"
            + " max %.1f ms (%d calls); load %s%n",
        insertSeconds,
        purged,
        purgeSeconds,
        percentile(idle, 50),
        percentile(idle, 95),
        idle.size(),
        percentile(during, 50),
        percentile(during, 95),
        percentile(during, 100),
        during.size(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    assertThat(expected).isBetween(40_000L, 80_000L);
    assertThat(sql("SELECT count(*) FROM runs WHERE id IN (SELECT id FROM expected_gone)"))
        .isZero();
    assertThat(sql("SELECT count(*) FROM runs WHERE id LIKE 'fl_run_G%'"))
        .isEqualTo(before - expected);
    assertThat(
            sql(
                "SELECT count(*) FROM runs WHERE id LIKE 'fl_run_G%'"
                    + " AND status IN ('waiting', 'running')"))
        .isEqualTo(openBefore);
    for (String table : List.of("run_logs", "payloads", "idempotency_keys")) {
      assertThat(
              sql(
                  "SELECT count(*) FROM "
                      + table
                      + " WHERE run_id IN (SELECT id FROM expected_gone)"))
          .as(table)
          .isZero();
    }
    assertThat(
            sql(
                "SELECT count(*) FROM run_logs WHERE run_id LIKE 'fl_run_G%'"
                    + " AND run_id NOT IN (SELECT id FROM expected_gone)"))
        .isEqualTo(before - expected);
    assertThat(during).isNotEmpty();
  }

  /**
   * Executes the workflow {@code count} times one after another (or until {@code until} is done)
   * and returns each call's latency in microseconds.
   */
  private static List<Long> executes(
      String token, String id, int count, CompletableFuture<?> until) {
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < count && (until == null || !until.isDone()); i++) {
      long start = System.nanoTime();
      HttpResponse<String> response =
          flowd.request(
              "POST",
              "/workflows/" + id + "/execute",
              token,
              "{}",
              "Idempotency-Key",
              UUID.randomUUID().toString());
      latencies.add((System.nanoTime() - start) / 1_000);
      assertThat(response.statusCode()).isEqualTo(202);
    }
    return latencies;
  }

  private static double percentile(List<Long> micros, int p) {
    if (micros.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(0, index)) / 1000.0;
  }
}

package io.flowd.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.model.Ids;
import io.flowd.model.Retention;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.flowd.store.PayloadDao;
import io.flowd.store.RetentionDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The purger deletes exactly the closed runs past their policy, with their logs, payloads and keys,
 * and never an open run, a run an open run depends on, or a run younger than a day.
 */
class RunPurgerTest {
  private static final String TENANT = "tenant_purge";
  private static final RetentionConfig CONFIG =
      new RetentionConfig(new Retention(90, null, Map.of()), Duration.ZERO, 2);
  private static Database database;

  @BeforeAll
  static void connect() {
    database =
        Database.connect(
            DatabaseBootstrap.freshMigratedDatabase(DatabaseBootstrap.testBaseUrl(), "flowd_purge"),
            4);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  private static String workflow(String retentionJson) {
    String id = Ids.next(Ids.WORKFLOW);
    database
        .jdbi()
        .useHandle(
            h -> {
              h.execute(
                  "INSERT INTO workflows (id, tenant_id, name, version, is_active, created_by,"
                      + " retention) VALUES (?, ?, 'purge', 1, true, 'test', CAST(? AS jsonb))",
                  id,
                  TENANT,
                  retentionJson);
              h.execute(
                  "INSERT INTO workflow_versions (workflow_id, version, tenant_id, name, nodes,"
                      + " edges, schedule_type, schedule_timezone)"
                      + " VALUES (?, 1, ?, 'purge', '[]', '[]', 'manual', 'UTC')",
                  id,
                  TENANT);
            });
    return id;
  }

  /**
   * Inserts a run created {@code ageDays} days ago (closed a day later when {@code status} is
   * terminal) with a log row, a stored payload and an idempotency key.
   */
  private static String run(String workflowId, String status, double ageDays, String parent) {
    String id = Ids.next(Ids.RUN);
    long ageSeconds = (long) (ageDays * 86_400);
    database
        .jdbi()
        .useHandle(
            h -> {
              h.createUpdate(
                      "INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, status,"
                          + " trigger_type, trigger_payload, temporal_workflow_id, created_at,"
                          + " completed_at, parent_run_id) VALUES (:id, :t, :w, 1, :s, 'manual',"
                          + " '{}', :id, now() - make_interval(secs => :age), CASE WHEN :s IN"
                          + " ('completed', 'failed', 'cancelled') THEN now()"
                          + " - make_interval(secs => :age) + interval '1 minute' END, :p)")
                  .bind("id", id)
                  .bind("t", TENANT)
                  .bind("w", workflowId)
                  .bind("s", status)
                  .bind("age", ageSeconds)
                  .bind("p", parent)
                  .execute();
              h.execute(
                  "INSERT INTO run_logs (id, tenant_id, run_id, workflow_id, node_id,"
                      + " component_id, status, attempt, duration_ms)"
                      + " VALUES (?, ?, ?, ?, 'n1', 'manual_trigger', 'success', 1, 1)",
                  Ids.next(Ids.LOG),
                  TENANT,
                  id,
                  workflowId);
              h.execute(
                  "INSERT INTO payloads (id, tenant_id, run_id, owner, data, size_bytes)"
                      + " VALUES (?, ?, ?, 'node:n1', '{}', 2)",
                  Ids.next("fl_pl"),
                  TENANT,
                  id);
              h.execute(
                  "INSERT INTO idempotency_keys (tenant_id, key, fingerprint, workflow_id, run_id)"
                      + " VALUES (?, ?, 'f', ?, ?)",
                  TENANT,
                  UUID.randomUUID(),
                  workflowId,
                  id);
            });
    return id;
  }

  private static long count(String table, String runId) {
    String column = table.equals("runs") ? "id" : "run_id";
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM " + table + " WHERE " + column + " = :id")
                    .bind("id", runId)
                    .mapTo(Long.class)
                    .one());
  }

  private static boolean exists(String runId) {
    return count("runs", runId) == 1;
  }

  private static long purge(Instant at) {
    try (FlowdMetrics metrics = FlowdMetrics.create();
        RunPurger purger =
            new RunPurger(database, CONFIG, Clock.fixed(at, ZoneOffset.UTC), metrics)) {
      return purger.purge();
    }
  }

  @Test
  void closed_runs_past_their_policy_go_with_their_logs_payloads_and_keys() {
    String w = workflow("{\"keep_days\": 30, \"keep_days_by_status\": {\"failed\": 90}}");
    String oldCompleted = run(w, "completed", 41, null);
    String newCompleted = run(w, "completed", 10, null);
    String oldFailed = run(w, "failed", 41, null);
    String ancientFailed = run(w, "failed", 101, null);
    String oldCancelled = run(w, "cancelled", 41, null);
    String waiting = run(w, "waiting", 400, null);
    String running = run(w, "running", 400, null);
    String queued = run(w, "queued", 400, null);
    String pending = run(w, "pending", 400, null);
    String byDefault = run(workflow(null), "completed", 92, null);
    String withinDefault = run(workflow(null), "completed", 80, null);

    long purged = purge(Instant.now());

    assertThat(purged).isGreaterThanOrEqualTo(4);
    for (String gone : List.of(oldCompleted, ancientFailed, oldCancelled, byDefault)) {
      for (String table : List.of("runs", "run_logs", "payloads", "idempotency_keys")) {
        assertThat(count(table, gone)).as(table + " of " + gone).isZero();
      }
    }
    for (String kept :
        List.of(newCompleted, oldFailed, waiting, running, queued, pending, withinDefault)) {
      for (String table : List.of("runs", "run_logs", "payloads", "idempotency_keys")) {
        assertThat(count(table, kept)).as(table + " of " + kept).isEqualTo(1);
      }
    }
  }

  @Test
  void a_run_waiting_for_400_simulated_days_survives_every_purge() {
    String w = workflow("{\"keep_days\": 1}");
    String waiting = run(w, "waiting", 0, null);
    String closedToday = run(w, "completed", 0, null);

    for (int day = 0; day <= 400; day += 50) {
      purge(Instant.now().plus(Duration.ofDays(day)));
      assertThat(exists(waiting)).as("day " + day).isTrue();
    }

    assertThat(exists(closedToday)).isFalse();
  }

  @Test
  void the_parent_of_an_open_child_and_the_child_of_an_open_parent_survive() {
    String w = workflow("{\"keep_days\": 1}");
    String closedParent = run(w, "completed", 30, null);
    String openChild = run(w, "waiting", 30, closedParent);
    String openParent = run(w, "running", 30, null);
    String closedChild = run(w, "completed", 30, openParent);
    String lonely = run(w, "failed", 30, null);

    purge(Instant.now());

    assertThat(exists(closedParent)).isTrue();
    assertThat(exists(openChild)).isTrue();
    assertThat(exists(openParent)).isTrue();
    assertThat(exists(closedChild)).isTrue();
    assertThat(exists(lonely)).isFalse();
  }

  /** Marks {@code runId} as a resume ({@code restores}) or a rerun of {@code source}. */
  private static void resumedFrom(String runId, String source, boolean restores) {
    database
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE runs SET resumed_from_run_id = ?, resume_state = CAST(? AS jsonb)"
                        + " WHERE id = ?",
                    source,
                    restores ? "{\"fromNodeId\": \"n2\", \"restored\": []}" : null,
                    runId));
  }

  @Test
  void a_run_an_open_run_resumed_survives_with_its_payloads_even_through_a_chain_of_resumes() {
    String w = workflow("{\"keep_days\": 1}");
    String source = run(w, "failed", 30, null);
    String openResume = run(w, "waiting", 20, null);
    resumedFrom(openResume, source, true);
    String first = run(w, "failed", 30, null);
    String closedResume = run(w, "cancelled", 25, null);
    resumedFrom(closedResume, first, true);
    String resumeOfResume = run(w, "running", 20, null);
    resumedFrom(resumeOfResume, closedResume, true);
    String rerunSource = run(w, "completed", 30, null);
    String openRerun = run(w, "running", 20, null);
    resumedFrom(openRerun, rerunSource, false);
    String closedSource = run(w, "failed", 30, null);
    String finishedResume = run(w, "completed", 20, null);
    resumedFrom(finishedResume, closedSource, true);

    purge(Instant.now());

    // An open resume restores outputs that may name its source's payloads, and a resume of a
    // resume inherits them: every run up the chain stays with its payloads.
    for (String kept : List.of(source, first, closedResume)) {
      assertThat(exists(kept)).as(kept).isTrue();
      assertThat(count("payloads", kept)).as("payloads of " + kept).isEqualTo(1);
    }
    // A rerun copied its trigger payload when it was recorded; a closed resume needs nothing.
    for (String gone : List.of(rerunSource, closedSource, finishedResume)) {
      assertThat(exists(gone)).as(gone).isFalse();
    }
    assertThat(exists(openResume)).isTrue();
    assertThat(exists(resumeOfResume)).isTrue();
    assertThat(exists(openRerun)).isTrue();

    database
        .jdbi()
        .useHandle(
            h -> h.execute("UPDATE runs SET status = 'completed' WHERE id = ?", resumeOfResume));
    purge(Instant.now().plus(Duration.ofDays(30)));
    assertThat(exists(first)).isFalse();
    assertThat(exists(closedResume)).isFalse();
    assertThat(exists(source)).isTrue();
  }

  /**
   * Stores a webhook file of {@code workflowId} last stored {@code ageDays} ago; returns its id.
   */
  private static String webhookFile(String workflowId, double ageDays) {
    String id = Ids.next("fl_pl");
    database
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO payloads (id, tenant_id, run_id, owner, data, size_bytes,"
                            + " created_at) VALUES (:id, :t, 'webhook-files:' || :w, 'file:' || :id,"
                            + " '{}', 2, now() - make_interval(secs => :age))")
                    .bind("id", id)
                    .bind("t", TENANT)
                    .bind("w", workflowId)
                    .bind("age", (long) (ageDays * 86_400))
                    .execute());
    return id;
  }

  private static void names(String runId, String... files) {
    database.dao(PayloadDao.class).recordFileUses(TENANT, runId, files);
  }

  private static long payloadRows(String id) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM payloads WHERE id = :id")
                    .bind("id", id)
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void webhook_files_go_with_the_last_run_that_names_them_under_any_policy() {
    String w = workflow("{\"keep_last\": 1}");
    String shared = webhookFile(w, 10);
    String onlyOld = webhookFile(w, 9);
    String kept = webhookFile(w, 3);
    String orphan = webhookFile(w, 2);
    String fresh = webhookFile(w, 0.5);
    String oldest = run(w, "completed", 10, null);
    names(oldest, shared, onlyOld);
    String older = run(w, "completed", 5, null);
    names(older, shared);
    String newest = run(w, "completed", 3, null);
    names(newest, shared, kept);

    purge(Instant.now());

    // keep_last 1 keeps only the newest run; files no kept run names go, a day after their store.
    assertThat(exists(oldest)).isFalse();
    assertThat(exists(older)).isFalse();
    assertThat(exists(newest)).isTrue();
    assertThat(payloadRows(shared)).as("named by the kept run").isEqualTo(1);
    assertThat(payloadRows(kept)).as("named by the kept run").isEqualTo(1);
    assertThat(payloadRows(onlyOld)).as("named by purged runs only").isZero();
    assertThat(payloadRows(orphan)).as("named by no run").isZero();
    assertThat(payloadRows(fresh)).as("stored within the day").isEqualTo(1);
    assertThat(count("webhook_file_uses", oldest)).isZero();
  }

  @Test
  void keep_last_keeps_the_newest_closed_runs_and_every_run_younger_than_a_day() {
    String w = workflow("{\"keep_last\": 2}");
    String oldest = run(w, "completed", 5, null);
    String older = run(w, "failed", 4, null);
    String openOld = run(w, "waiting", 6, null);
    String second = run(w, "completed", 3, null);
    String newest = run(w, "completed", 2, null);
    String young = run(w, "completed", 0.5, null);
    String younger = run(w, "completed", 0.2, null);

    purge(Instant.now());

    // The two newest closed runs are kept; every older closed run is past keep_last and a day old.
    assertThat(exists(young)).isTrue();
    assertThat(exists(younger)).isTrue();
    assertThat(exists(openOld)).isTrue();
    assertThat(exists(oldest)).isFalse();
    assertThat(exists(older)).isFalse();
    assertThat(exists(second)).isFalse();
    assertThat(exists(newest)).isFalse();
  }

  @Test
  void one_replica_purges_at_a_time() {
    String w = workflow("{\"keep_days\": 1}");
    String old = run(w, "completed", 10, null);

    try (org.jdbi.v3.core.Handle otherReplica = database.jdbi().open()) {
      assertThat(otherReplica.attach(RetentionDao.class).tryLock(RunPurger.LOCK_KEY)).isTrue();

      assertThat(purge(Instant.now())).isEqualTo(-1);
      assertThat(exists(old)).isTrue();
    }

    assertThat(purge(Instant.now())).isPositive();
    assertThat(exists(old)).isFalse();
  }

  @Test
  void a_deleted_workflow_is_dropped_once_it_is_past_retention_and_holds_no_runs() {
    String w = workflow("{\"keep_days\": 5}");
    String run = run(w, "completed", 3, null);
    database
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE workflows SET deleted_at = now() - interval '3 days' WHERE id = ?", w));

    purge(Instant.now());
    assertThat(exists(run)).isTrue();
    assertThat(workflowRows(w)).isEqualTo(1);

    purge(Instant.now().plus(Duration.ofDays(3)));
    assertThat(exists(run)).isFalse();
    assertThat(workflowRows(w)).isZero();
  }

  @Test
  void the_purger_counts_what_it_purged_and_shows_its_lag() {
    String w = workflow("{\"keep_days\": 1}");
    run(w, "completed", 10, null);
    run(w, "cancelled", 10, null);
    run(w, "failed", 10, null);
    try (FlowdMetrics metrics = FlowdMetrics.create();
        RunPurger purger = new RunPurger(database, CONFIG, Clock.systemUTC(), metrics)) {
      purger.purge();

      String scrape = metrics.scrape();
      assertThat(scrape).contains("flowd_purge_lag_seconds");
      double purged =
          scrape
              .lines()
              .filter(l -> l.startsWith("flowd_purged_runs_total"))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
      assertThat(purged).isGreaterThanOrEqualTo(3);
      assertThat(purger.lagSeconds()).isLessThan(60);
    }
  }

  private static long workflowRows(String id) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM workflows WHERE id = :id")
                    .bind("id", id)
                    .mapTo(Long.class)
                    .one());
  }
}

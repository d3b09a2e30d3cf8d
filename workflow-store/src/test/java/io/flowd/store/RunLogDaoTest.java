package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static io.flowd.store.StoreTestDatabase.TENANT;
import static io.flowd.store.StoreTestDatabase.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.RunLog;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunLogDaoTest {
  private static StoreTestDatabase db;
  private static RunLogDao logs;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_logs");
    logs = db.dao(RunLogDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void upsertOnTheSameRunNodeAndAttemptUpdatesTheOneRow() {
    String workflowId = db.newWorkflow(TENANT);
    String runId = db.newRun(TENANT, workflowId);

    db.log(TENANT, runId, workflowId, "c", "running", null, 1, null);
    String firstId = logs.forRun(TENANT, runId).get(0).id();
    db.log(TENANT, runId, workflowId, "c", "success", "{\"result\":true}", 1, "true");

    List<RunLog> stored = logs.forRun(TENANT, runId);
    assertThat(stored).hasSize(1);
    RunLog log = stored.get(0);
    assertThat(log.id()).isEqualTo(firstId);
    assertThat(log.executionId()).isEqualTo(runId);
    assertThat(log.nodeId()).isEqualTo("c");
    assertThat(log.componentId()).isEqualTo("condition");
    assertThat(log.status()).isEqualTo("success");
    assertThat(log.output()).isEqualTo(json("{\"result\":true}"));
    assertThat(log.attempt()).isEqualTo(1);
    assertThat(log.durationMs()).isEqualTo(12);
    assertThat(log.handle()).isEqualTo("true");
  }

  @Test
  void anotherAttemptIsItsOwnRowAndNullOutputStaysNull() {
    String workflowId = db.newWorkflow(TENANT);
    String runId = db.newRun(TENANT, workflowId);

    db.log(TENANT, runId, workflowId, "c", "error", "{\"error\":\"x\"}", 1, null);
    db.log(TENANT, runId, workflowId, "c", "running", null, 2, null);

    List<RunLog> stored = logs.forRun(TENANT, runId);
    assertThat(stored).extracting(RunLog::attempt).containsExactly(1, 2);
    assertThat(stored.get(1).output()).isNull();
    assertThat(stored.get(1).handle()).isNull();
  }

  @Test
  void upsertingRowsWritesEveryLogInOrderAndIsIdempotent() {
    String workflowId = db.newWorkflow(TENANT);
    String runId = db.newRun(TENANT, workflowId);
    String nested = "{\"a\":[1,{\"b\":\"ü\"}],\"c\":null}";

    for (int i = 0; i < 2; i++) {
      String rows =
          LogRows.json(
              List.of(
                  new NewRunLog(
                      "fl_log_a" + i,
                      runId,
                      workflowId,
                      "t",
                      "manual_trigger",
                      "success",
                      json("{}"),
                      1,
                      3,
                      null,
                      List.of()),
                  new NewRunLog(
                      "fl_log_b" + i,
                      runId,
                      workflowId,
                      "c",
                      "condition",
                      "success",
                      json(nested),
                      1,
                      4,
                      "false",
                      List.of())));
      db.database()
          .withConnection(
              c -> {
                RunStatements.upsertRows(c, TENANT, runId, workflowId, rows);
                return null;
              });
    }

    List<RunLog> stored = logs.forRun(TENANT, runId);
    assertThat(stored).extracting(RunLog::nodeId).containsExactly("t", "c");
    assertThat(stored).extracting(RunLog::id).containsExactly("fl_log_a0", "fl_log_b0");
    assertThat(stored.get(1).output()).isEqualTo(json(nested));
    assertThat(stored.get(1).handle()).isEqualTo("false");
  }

  @Test
  void pageAndCountFilterByRunNodeStatusAndTime() {
    String workflowId = db.newWorkflow(TENANT);
    String runA = db.newRun(TENANT, workflowId);
    String runB = db.newRun(TENANT, workflowId);
    db.log(TENANT, runA, workflowId, "t", "success", "{}", 1, null);
    db.log(TENANT, runA, workflowId, "c", "error", "{}", 1, null);
    db.log(TENANT, runB, workflowId, "t", "success", "{}", 1, null);

    assertThat(logs.count(TENANT, new LogFilter(workflowId, null, null, null, null))).isEqualTo(3);
    assertThat(logs.count(TENANT, new LogFilter(workflowId, runA, null, null, null))).isEqualTo(2);
    assertThat(logs.count(TENANT, new LogFilter(workflowId, null, "t", null, null))).isEqualTo(2);
    assertThat(logs.count(TENANT, new LogFilter(workflowId, null, null, "error", null)))
        .isEqualTo(1);
    assertThat(
            logs.count(
                TENANT, new LogFilter(workflowId, null, null, null, Instant.now().plusSeconds(60))))
        .isZero();
    assertThat(logs.page(TENANT, new LogFilter(workflowId, null, null, null, null), 2, 0))
        .extracting(RunLog::executionId, RunLog::nodeId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(runB, "t"),
            org.assertj.core.groups.Tuple.tuple(runA, "c"));
    assertThat(logs.page(TENANT, new LogFilter(workflowId, null, null, null, null), 2, 2))
        .extracting(RunLog::nodeId)
        .containsExactly("t");
    assertThat(logs.statusCounts(TENANT, workflowId))
        .containsExactly(new StatusCount("error", 1), new StatusCount("success", 2));
  }

  @Test
  void anotherTenantSeesNoneOfTheLogs() {
    String workflowId = db.newWorkflow(TENANT);
    String runId = db.newRun(TENANT, workflowId);
    db.log(TENANT, runId, workflowId, "t", "success", "{}", 1, null);

    assertThat(logs.forRun(OTHER_TENANT, runId)).isEmpty();
    assertThat(logs.page(OTHER_TENANT, new LogFilter(workflowId, null, null, null, null), 10, 0))
        .isEmpty();
    assertThat(logs.count(OTHER_TENANT, new LogFilter(workflowId, null, null, null, null)))
        .isZero();
    assertThat(logs.recent(OTHER_TENANT, 10)).isEmpty();
    assertThat(logs.statusCounts(OTHER_TENANT, workflowId)).isEmpty();
    assertThat(logs.deleteForWorkflow(OTHER_TENANT, workflowId)).isZero();
    assertThat(logs.recent(TENANT, 1)).hasSize(1);
    assertThat(logs.deleteForWorkflow(TENANT, workflowId)).isEqualTo(1);
    assertThat(logs.forRun(TENANT, runId)).isEmpty();
  }
}

package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static io.flowd.store.StoreTestDatabase.TENANT;
import static io.flowd.store.StoreTestDatabase.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import io.flowd.model.Ids;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plain-JDBC statements of the hot path: key and run, the first and last writes with their
 * logs, a log batch, the dispatch marks.
 */
class RunStatementsTest {
  private static StoreTestDatabase db;
  private static Database database;
  private static RunDao runs;
  private static RunLogDao logs;
  private static IdempotencyKeyDao keys;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_statements");
    database = db.database();
    runs = db.dao(RunDao.class);
    logs = db.dao(RunLogDao.class);
    keys = db.dao(IdempotencyKeyDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void aNewKeyAndItsRunAreWrittenByOneStatementAndAHeldKeyWritesNothing() {
    String workflowId = db.newWorkflow(TENANT);
    UUID key = UUID.randomUUID();
    String first = Ids.next(Ids.RUN);
    String second = Ids.next(Ids.RUN);

    Run run = claim(workflowId, first, key).orElseThrow();
    Optional<Run> again = claim(workflowId, second, key);

    assertThat(run.id()).isEqualTo(first);
    assertThat(run.status()).isEqualTo(RunStatus.PENDING);
    assertThat(run.triggerPayload()).isEqualTo(json("{\"a\":1}"));
    assertThat(runs.find(TENANT, first)).contains(run);
    assertThat(keys.find(TENANT, key).orElseThrow().runId()).isEqualTo(first);
    assertThat(again).isEmpty();
    assertThat(runs.find(TENANT, second)).isEmpty();
    assertThat(keys.find(OTHER_TENANT, key)).isEmpty();
  }

  @Test
  void aGroupWritesEachRunWithItsNewKeyAndNothingForAKeyHeldOrClaimedTwice() {
    String workflowId = db.newWorkflow(TENANT);
    String otherWorkflowId = db.newWorkflow(OTHER_TENANT);
    UUID held = UUID.randomUUID();
    UUID twice = UUID.randomUUID();
    UUID fresh = UUID.randomUUID();
    String holder = Ids.next(Ids.RUN);
    assertThat(claim(workflowId, holder, held)).isPresent();
    String onHeld = Ids.next(Ids.RUN);
    String firstOfTwice = Ids.next(Ids.RUN);
    String secondOfTwice = Ids.next(Ids.RUN);
    String onFresh = Ids.next(Ids.RUN);
    String otherTenantSameKey = Ids.next(Ids.RUN);

    Map<String, Run> written =
        database.withConnection(
            c ->
                RunStatements.insertAllClaimingKeys(
                    c,
                    List.of(
                        keyed(TENANT, workflowId, onHeld, held),
                        keyed(TENANT, workflowId, firstOfTwice, twice),
                        keyed(TENANT, workflowId, secondOfTwice, twice),
                        keyed(TENANT, workflowId, onFresh, fresh),
                        keyed(OTHER_TENANT, otherWorkflowId, otherTenantSameKey, fresh))));

    assertThat(written).doesNotContainKeys(onHeld).containsKeys(onFresh, otherTenantSameKey);
    assertThat(written.containsKey(firstOfTwice) ^ written.containsKey(secondOfTwice)).isTrue();
    assertThat(written.get(onFresh)).isEqualTo(runs.find(TENANT, onFresh).orElseThrow());
    assertThat(written.get(onFresh).status()).isEqualTo(RunStatus.PENDING);
    assertThat(written.get(onFresh).triggerPayload()).isEqualTo(json("{\"a\":1}"));
    assertThat(runs.find(OTHER_TENANT, otherTenantSameKey)).isPresent();
    assertThat(runs.find(TENANT, onHeld)).isEmpty();
    assertThat(keys.find(TENANT, held).orElseThrow().runId()).isEqualTo(holder);
    String twiceHolder = keys.find(TENANT, twice).orElseThrow().runId();
    assertThat(written).containsKey(twiceHolder);
    assertThat(runs.find(TENANT, twiceHolder.equals(firstOfTwice) ? secondOfTwice : firstOfTwice))
        .isEmpty();
    assertThat(keys.find(OTHER_TENANT, fresh).orElseThrow().runId()).isEqualTo(otherTenantSameKey);
  }

  @Test
  void theFirstWriteMarksTheRunRunningWithItsLogsInOrderAndARetryChangesNothing() {
    String workflowId = db.newWorkflow(TENANT);
    String runId = db.newRun(TENANT, workflowId);
    String rows =
        LogRows.json(
            List.of(
                log(runId, workflowId, "trigger", json("{\"a\":1}")),
                log(runId, workflowId, "map", NullNode.getInstance()),
                log(runId, workflowId, "check", null)));

    markRunning(runId, workflowId, rows);
    Run running = runs.find(TENANT, runId).orElseThrow();
    markRunning(runId, workflowId, rows);

    assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(running.startedAt()).isNotNull();
    List<RunLog> written = logs.forRun(TENANT, runId);
    assertThat(written).extracting(RunLog::nodeId).containsExactly("trigger", "map", "check");
    assertThat(written.get(0).output()).isEqualTo(json("{\"a\":1}"));
    assertThat(written.get(1).output()).isEqualTo(NullNode.getInstance());
    assertThat(written.get(2).output()).isNull();
    assertThat(runs.find(TENANT, runId)).contains(running);
  }

  @Test
  void theLastWriteEndsTheRunWithItsLogsAndOutputOnce() {
    String workflowId = db.newWorkflow(TENANT);
    String runId = db.newRun(TENANT, workflowId);
    String rows = LogRows.json(List.of(log(runId, workflowId, "only", json("{\"b\":2}"))));

    int ended = finish(runId, workflowId, "completed", null, "{\"b\":2}", rows);
    int again = finish(runId, workflowId, "failed", "late", null, rows);

    Run run = runs.find(TENANT, runId).orElseThrow();
    assertThat(ended).isEqualTo(1);
    assertThat(again).isZero();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.errorMessage()).isNull();
    assertThat(run.startedAt()).isNotNull();
    assertThat(run.completedAt()).isNotNull();
    assertThat(logs.forRun(TENANT, runId)).extracting(RunLog::nodeId).containsExactly("only");
  }

  @Test
  void twoRowsOfOneAttemptInABatchKeepTheLater() {
    String workflowId = db.newWorkflow(TENANT);
    String runId = db.newRun(TENANT, workflowId);
    String rows =
        LogRows.json(
            List.of(
                log(runId, workflowId, "n", json("{\"v\":1}")),
                log(runId, workflowId, "n", json("{\"v\":2}"))));

    database.withConnection(
        c -> {
          RunStatements.upsertRows(c, TENANT, runId, workflowId, rows);
          return null;
        });

    assertThat(logs.forRun(TENANT, runId))
        .singleElement()
        .extracting(RunLog::output)
        .isEqualTo(json("{\"v\":2}"));
  }

  @Test
  void markingStartsReturnsTheStatusOfTheTenantsRunsThatStillExist() {
    String workflowId = db.newWorkflow(TENANT);
    String pending = db.newRun(TENANT, workflowId);
    String cancelled = db.newRun(TENANT, workflowId);
    runs.finish(TENANT, cancelled, "cancelled", "stop");

    Map<String, String> statuses =
        database.withConnection(
            c ->
                RunStatements.markAllDispatched(
                    c, TENANT, List.of(pending, cancelled, "fl_run_gone")));
    Map<String, String> otherTenant =
        database.withConnection(
            c -> RunStatements.markAllDispatched(c, OTHER_TENANT, List.of(pending)));

    assertThat(statuses).containsOnlyKeys(pending, cancelled);
    assertThat(statuses.get(pending)).isEqualTo("pending");
    assertThat(statuses.get(cancelled)).isEqualTo("cancelled");
    assertThat(otherTenant).isEmpty();
    assertThat(runs.find(TENANT, pending).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
  }

  @Test
  void theCurrentWorkflowIsTheOneTheDaoReadsAndOnlyItsTenantSeesIt() {
    String workflowId = db.newWorkflow(TENANT);
    String url = "https://flowd.example";

    var current =
        database.withConnection(c -> RunStatements.currentWorkflow(c, TENANT, workflowId, url));
    var other =
        database.withConnection(
            c -> RunStatements.currentWorkflow(c, OTHER_TENANT, workflowId, url));

    assertThat(current).isPresent();
    assertThat(current).isEqualTo(db.dao(WorkflowDao.class).find(TENANT, workflowId, url));
    assertThat(other).isEmpty();
  }

  private static Optional<Run> claim(String workflowId, String runId, UUID key) {
    NewRun run =
        StoreTestDatabase.pendingRun(
            runId, workflowId, 1, "manual", "{\"a\":1}", null, "tw-" + runId, false);
    return database.withConnection(
        c ->
            RunStatements.insertClaimingKey(
                c, TENANT, run, new IdempotencyRecord(key, "fp", workflowId, runId)));
  }

  private static RunStatements.KeyedRun keyed(
      String tenantId, String workflowId, String runId, UUID key) {
    NewRun run =
        StoreTestDatabase.pendingRun(
            runId, workflowId, 1, "manual", "{\"a\":1}", null, "tw-" + runId, false);
    return new RunStatements.KeyedRun(
        tenantId, run, new IdempotencyRecord(key, "fp", workflowId, runId));
  }

  private static NewRunLog log(
      String runId, String workflowId, String node, com.fasterxml.jackson.databind.JsonNode out) {
    return new NewRunLog(
        Ids.next(Ids.LOG),
        runId,
        workflowId,
        node,
        "data_mapper",
        "success",
        out,
        1,
        3,
        null,
        List.of());
  }

  private static void markRunning(String runId, String workflowId, String rows) {
    database.withConnection(
        c -> {
          RunStatements.markRunningWithLogs(c, TENANT, runId, workflowId, rows);
          return null;
        });
  }

  private static int finish(
      String runId, String workflowId, String status, String error, String output, String rows) {
    return database.withConnection(
        c ->
            RunStatements.finishWithOutputAndLogs(
                c, TENANT, runId, workflowId, status, error, output, rows));
  }
}

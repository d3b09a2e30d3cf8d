package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static io.flowd.store.StoreTestDatabase.TENANT;
import static io.flowd.store.StoreTestDatabase.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.Ids;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunDaoTest {
  private static final String PAYLOAD =
      "{\"text\":\"ü \\\"quoted\\\"\",\"list\":[1,2.5,null,true],\"nested\":{\"a\":{}}}";
  private static StoreTestDatabase db;
  private static RunDao runs;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_runs");
    runs = db.dao(RunDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void insertReturnsTheStoredPendingRunWithItsPayloadRoundTripped() {
    String workflowId = db.newWorkflow(TENANT);
    String id = Ids.next(Ids.RUN);

    Run run =
        runs.insert(
                TENANT,
                StoreTestDatabase.pendingRun(
                    id, workflowId, 1, "webhook", PAYLOAD, "fl_run_old", "tw-" + id, false))
            .orElseThrow();

    assertThat(run.id()).isEqualTo(id);
    assertThat(run.workflowId()).isEqualTo(workflowId);
    assertThat(run.status()).isEqualTo(RunStatus.fromJson("pending"));
    assertThat(run.triggerType()).isEqualTo("webhook");
    assertThat(run.triggerPayload()).isEqualTo(json(PAYLOAD));
    assertThat(run.resumedFromRunId()).isEqualTo("fl_run_old");
    assertThat(run.temporalWorkflowId()).isEqualTo("tw-" + id);
    assertThat(run.workflowVersion()).isEqualTo(1);
    assertThat(run.startedAt()).isNull();
    assertThat(run.durationInSeconds()).isNull();
    assertThat(runs.find(TENANT, id)).contains(run);
  }

  @Test
  void insertingAnExistingIdDoesNothing() {
    String workflowId = db.newWorkflow(TENANT);
    String id = db.newRun(TENANT, workflowId);
    Run before = runs.find(TENANT, id).orElseThrow();

    var again =
        runs.insert(
            TENANT,
            StoreTestDatabase.pendingRun(
                id, workflowId, 1, "schedule", "{\"other\":2}", null, "x", true));

    assertThat(again).isEmpty();
    assertThat(runs.find(TENANT, id)).contains(before);
    assertThat(runs.count(TENANT, workflowId, null)).isEqualTo(1);
  }

  @Test
  void anotherTenantFindsNothingAndChangesNothing() {
    String workflowId = db.newWorkflow(TENANT);
    String id = db.newRun(TENANT, workflowId);

    assertThat(runs.find(OTHER_TENANT, id)).isEmpty();
    assertThat(runs.workflowIdOf(OTHER_TENANT, id)).isEmpty();
    assertThat(runs.latest(OTHER_TENANT, workflowId, 10)).isEmpty();
    assertThat(runs.page(OTHER_TENANT, workflowId, null, 10, 0)).isEmpty();
    assertThat(runs.count(OTHER_TENANT, workflowId, null)).isZero();
    assertThat(runs.markRunning(OTHER_TENANT, id)).isZero();
    assertThat(runs.finish(OTHER_TENANT, id, "failed", "no")).isZero();
    assertThat(runs.markDispatchedStatus(OTHER_TENANT, id)).isEmpty();
    assertThat(runs.deleteForWorkflow(OTHER_TENANT, workflowId)).isZero();
    assertThat(runs.find(TENANT, id).orElseThrow().status())
        .isEqualTo(RunStatus.fromJson("pending"));
  }

  @Test
  void statusMovesForwardOnlyAndRepeatedCallsChangeNothing() {
    String workflowId = db.newWorkflow(TENANT);
    String id = db.newRun(TENANT, workflowId);

    assertThat(runs.markRunning(TENANT, id)).isEqualTo(1);
    assertThat(runs.markRunning(TENANT, id)).isZero();
    assertThat(runs.finish(TENANT, id, "completed", null)).isEqualTo(1);
    assertThat(runs.finish(TENANT, id, "failed", "late")).isZero();
    assertThat(runs.markRunning(TENANT, id)).isZero();

    Run done = runs.find(TENANT, id).orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.fromJson("completed"));
    assertThat(done.errorMessage()).isNull();
    assertThat(done.startedAt()).isNotNull();
    assertThat(done.completedAt()).isAfterOrEqualTo(done.startedAt());
    assertThat(done.durationInSeconds()).isNotNull();
  }

  @Test
  void undispatchedListsPendingRunsUntilTheyAreMarkedDispatched() {
    String workflowId = db.newWorkflow(TENANT);
    String id = db.newRun(TENANT, workflowId);

    assertThat(runs.undispatched(0, 1000)).contains(new PendingRun(TENANT, id, workflowId));
    assertThat(runs.markDispatchedStatus(TENANT, id)).contains("pending");
    assertThat(runs.undispatched(0, 1000)).extracting(PendingRun::id).doesNotContain(id);
  }

  @Test
  void aRunInsertedAsDispatchedNeverEntersTheOutbox() {
    String workflowId = db.newWorkflow(TENANT);
    String id = Ids.next(Ids.RUN);
    runs.insert(
        TENANT, StoreTestDatabase.pendingRun(id, workflowId, 1, "workflow", "{}", null, id, true));

    assertThat(runs.undispatched(0, 1000)).extracting(PendingRun::id).doesNotContain(id);
  }

  @Test
  void pageCountAndCountsFilterByStatus() {
    String workflowId = db.newWorkflow(TENANT);
    String first = db.newRun(TENANT, workflowId);
    String second = db.newRun(TENANT, workflowId);
    String third = db.newRun(TENANT, workflowId);
    runs.finish(TENANT, first, "completed", null);
    runs.finish(TENANT, second, "failed", "boom");

    assertThat(runs.page(TENANT, workflowId, null, 2, 0))
        .extracting(Run::id)
        .containsExactly(third, second);
    assertThat(runs.page(TENANT, workflowId, null, 2, 2))
        .extracting(Run::id)
        .containsExactly(first);
    assertThat(runs.page(TENANT, workflowId, "failed", 10, 0))
        .extracting(Run::errorMessage)
        .containsExactly("boom");
    assertThat(runs.count(TENANT, workflowId, "pending")).isEqualTo(1);
    assertThat(runs.latest(TENANT, workflowId, 1)).extracting(Run::id).containsExactly(third);
    assertThat(runs.counts(TENANT, workflowId)).isEqualTo(new RunCounts(3, 1, 1));
  }

  @Test
  void openListsRunsThatHaveNotEndedAndDeleteRemovesTheWorkflowsRuns() {
    String workflowId = db.newWorkflow(TENANT);
    String done = db.newRun(TENANT, workflowId);
    String open = db.newRun(TENANT, workflowId);
    runs.finish(TENANT, done, "cancelled", "Run was cancelled");

    var openRuns =
        db.database().jdbi().inTransaction(h -> h.attach(RunDao.class).open(TENANT, workflowId));

    assertThat(openRuns).containsExactly(new OpenRun(open, open, false));
    assertThat(runs.deleteForWorkflow(TENANT, workflowId)).isEqualTo(2);
    assertThat(runs.find(TENANT, open)).isEmpty();
  }
}

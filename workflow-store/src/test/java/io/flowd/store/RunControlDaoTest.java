package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static io.flowd.store.StoreTestDatabase.TENANT;
import static io.flowd.store.StoreTestDatabase.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunControlDaoTest {
  private static StoreTestDatabase db;
  private static RunControlDao control;
  private static RunDao runs;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_control");
    control = db.dao(RunControlDao.class);
    runs = db.dao(RunDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void waitingAndResumedMoveOnlyBetweenRunningAndWaiting() {
    String runId = db.newRun(TENANT, db.newWorkflow(TENANT));

    assertThat(control.markWaiting(TENANT, runId)).isZero();
    runs.markRunning(TENANT, runId);
    assertThat(control.markWaiting(OTHER_TENANT, runId)).isZero();
    assertThat(control.markWaiting(TENANT, runId)).isEqualTo(1);
    assertThat(control.markWaiting(TENANT, runId)).isZero();
    assertThat(runs.find(TENANT, runId).orElseThrow().status())
        .isEqualTo(RunStatus.fromJson("waiting"));
    assertThat(control.markResumed(TENANT, runId)).isEqualTo(1);
    assertThat(control.markResumed(TENANT, runId)).isZero();
  }

  @Test
  void cancelUndispatchedCancelsOnlyARunNeverHandedToTemporal() {
    String workflowId = db.newWorkflow(TENANT);
    String undispatched = db.newRun(TENANT, workflowId);
    String dispatched = db.newRun(TENANT, workflowId);
    runs.markDispatchedStatus(TENANT, dispatched);

    assertThat(control.cancelUndispatched(OTHER_TENANT, undispatched)).isZero();
    assertThat(control.cancelUndispatched(TENANT, undispatched)).isEqualTo(1);
    assertThat(control.cancelUndispatched(TENANT, undispatched)).isZero();
    assertThat(control.cancelUndispatched(TENANT, dispatched)).isZero();
    var cancelled = runs.find(TENANT, undispatched).orElseThrow();
    assertThat(cancelled.status()).isEqualTo(RunStatus.fromJson("cancelled"));
    assertThat(cancelled.errorMessage()).isEqualTo("Run was cancelled");
  }

  @Test
  void resumeStateRoundTripsAndIsTenantScoped() {
    String runId = db.newRun(TENANT, db.newWorkflow(TENANT));
    String state = "{\"startNode\":\"c\",\"outputs\":{\"t\":{\"x\":[1,\"ü\"]}}}";

    assertThat(control.resumeState(TENANT, runId)).isEmpty();
    assertThat(control.setResumeState(OTHER_TENANT, runId, state)).isZero();
    assertThat(control.setResumeState(TENANT, runId, state)).isEqualTo(1);

    assertThat(json(control.resumeState(TENANT, runId).orElseThrow())).isEqualTo(json(state));
    assertThat(control.resumeState(OTHER_TENANT, runId)).isEmpty();
  }
}

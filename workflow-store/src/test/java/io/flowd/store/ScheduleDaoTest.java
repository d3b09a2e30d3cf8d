package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static io.flowd.store.StoreTestDatabase.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.Ids;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScheduleDaoTest {
  private static StoreTestDatabase db;
  private static ScheduleDao schedules;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_schedules");
    schedules = db.dao(ScheduleDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static String scheduledWorkflow(String tenantId) {
    String id = db.newWorkflow(tenantId);
    WorkflowDao workflows = db.dao(WorkflowDao.class);
    workflows.insertVersion(
        tenantId,
        new WorkflowVersion(
            id, 2, "wf", null, List.of(), List.of(), "cron", "0 * * * *", "UTC", null));
    workflows.update(
        tenantId, new WorkflowChange(id, "wf", null, 2, "cron", "0 * * * *", "UTC", true, null));
    return id;
  }

  @Test
  void findReadsTheCurrentScheduleAndActiveScheduledListsIt() {
    String id = scheduledWorkflow(TENANT);

    ScheduleRow row = schedules.find(TENANT, id).orElseThrow();

    assertThat(row)
        .isEqualTo(
            new ScheduleRow(TENANT, id, "cron", "0 * * * *", "UTC", true, null, "skip", 300));
    assertThat(row.firesOnItsOwn()).isTrue();
    assertThat(schedules.everScheduled(TENANT, id)).isTrue();
    assertThat(schedules.activeScheduled()).contains(row);
    assertThat(schedules.find(OTHER_TENANT, id)).isEmpty();
    assertThat(schedules.everScheduled(OTHER_TENANT, id)).isFalse();
  }

  @Test
  void nextRunAtIsWrittenOnlyWhileTheRowHoldsThatSchedule() {
    String id = scheduledWorkflow(TENANT);
    Instant next = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);

    assertThat(
            schedules.setNextRunAtIfCurrent(
                TENANT, new ScheduleState(id, "cron", "5 * * * *", "UTC", true, next)))
        .isZero();
    assertThat(
            schedules.setNextRunAtIfCurrent(
                OTHER_TENANT, new ScheduleState(id, "cron", "0 * * * *", "UTC", true, next)))
        .isZero();
    assertThat(
            schedules.setNextRunAtIfCurrent(
                TENANT, new ScheduleState(id, "cron", "0 * * * *", "UTC", true, next)))
        .isEqualTo(1);
    assertThat(
            schedules.setNextRunAtIfCurrent(
                TENANT, new ScheduleState(id, "cron", "0 * * * *", "UTC", true, next)))
        .isZero();
    assertThat(schedules.find(TENANT, id).orElseThrow().nextRunAt()).isEqualTo(next);
  }

  @Test
  void aSkipIsRecordedOncePerFireTime() {
    String id = scheduledWorkflow(TENANT);
    Instant at = Instant.parse("2026-01-01T10:00:00Z");

    assertThat(schedules.recordSkip(TENANT, id, at, "fl_run_open")).isEqualTo(1);
    assertThat(schedules.recordSkip(TENANT, id, at, "fl_run_other")).isZero();

    assertThat(schedules.skipAt(TENANT, id, at)).contains("fl_run_open");
    assertThat(schedules.skipAt(OTHER_TENANT, id, at)).isEmpty();
    assertThat(schedules.skips(TENANT, id)).containsExactly(at);
    assertThat(schedules.skips(OTHER_TENANT, id)).isEmpty();
  }

  @Test
  void openScheduledRunFindsAnotherOpenScheduledRun() {
    String id = scheduledWorkflow(TENANT);
    String runId = Ids.next(Ids.RUN);
    db.dao(RunDao.class)
        .insert(
            TENANT,
            StoreTestDatabase.pendingRun(runId, id, 2, "schedule", "{}", null, runId, false));

    assertThat(schedules.openScheduledRun(TENANT, id, "fl_run_new")).contains(runId);
    assertThat(schedules.openScheduledRun(TENANT, id, runId)).isEmpty();
    assertThat(schedules.openScheduledRun(OTHER_TENANT, id, "fl_run_new")).isEmpty();
  }

  @Test
  void openRunsListsRunsBelievedOnTemporalAndLoggedBeyondTriggerIgnoresTheTrigger() {
    String workflowId = db.newWorkflow(TENANT);
    String runId = db.newRun(TENANT, workflowId);
    String undispatched = db.newRun(TENANT, workflowId);
    db.dao(RunDao.class).markRunning(TENANT, runId);

    assertThat(schedules.openRuns())
        .contains(new InFlightRun(TENANT, runId, workflowId, "running", runId))
        .extracting(InFlightRun::id)
        .doesNotContain(undispatched);

    db.log(TENANT, runId, workflowId, "t", "success", "{}", 1, null);
    assertThat(schedules.loggedBeyondTrigger(TENANT, runId)).isFalse();
    db.log(TENANT, runId, workflowId, "c", "success", "{}", 1, "true");
    assertThat(schedules.loggedBeyondTrigger(TENANT, runId)).isTrue();
    assertThat(schedules.loggedBeyondTrigger(OTHER_TENANT, runId)).isFalse();
  }
}

package io.flowd.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.Ids;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.flowd.store.NewRun;
import io.flowd.store.RunDao;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batched dispatch marks: a started run gets its mark, and a run deleted or cancelled while it was
 * being started is cancelled on Temporal, as the synchronous mark did.
 */
class DispatchConfirmationsTest {
  private static final String TENANT = "tenant_marks";
  private static TestWorkflowEnvironment env;
  private static Database database;
  private static String workflowId;

  @BeforeAll
  static void start() {
    env = TestWorkflowEnvironment.newInstance();
    database =
        Database.connect(
            DatabaseBootstrap.freshMigratedDatabase(DatabaseBootstrap.testBaseUrl(), "flowd_marks"),
            4);
    workflowId = Ids.next(Ids.WORKFLOW);
    database
        .jdbi()
        .useHandle(
            h -> {
              h.execute(
                  "INSERT INTO workflows (id, tenant_id, name, version, is_active, created_by)"
                      + " VALUES (?, ?, 'marks', 1, true, 'test')",
                  workflowId,
                  TENANT);
              h.execute(
                  "INSERT INTO workflow_versions (workflow_id, version, tenant_id, name, nodes,"
                      + " edges, schedule_type, schedule_timezone)"
                      + " VALUES (?, 1, ?, 'marks', '[]', '[]', 'manual', 'UTC')",
                  workflowId,
                  TENANT);
            });
  }

  @AfterAll
  static void stop() {
    database.close();
    env.close();
  }

  @Test
  void a_started_run_is_marked_and_runs_deleted_or_cancelled_meanwhile_are_cancelled()
      throws Exception {
    WorkflowClient client = env.getWorkflowClient();
    RunDao runs = database.dao(RunDao.class);
    String kept = pendingRun(runs);
    String cancelled = pendingRun(runs);
    runs.finish(TENANT, cancelled, "cancelled", "Run was cancelled");
    String deleted = Ids.next(Ids.RUN);

    try (DispatchConfirmations marks = new DispatchConfirmations(client, database)) {
      marks.confirm(TENANT, kept, execution(client, kept));
      marks.confirm(TENANT, cancelled, execution(client, cancelled));
      marks.confirm(TENANT, deleted, execution(client, deleted));

      await(() -> cancelRequested(client, deleted) && cancelRequested(client, cancelled));
      await(() -> dispatched(kept));
    }

    assertThat(cancelRequested(client, kept)).isFalse();
    assertThat(dispatched(kept)).isTrue();
  }

  private static String pendingRun(RunDao runs) {
    String id = Ids.next(Ids.RUN);
    runs.insert(
        TENANT,
        new NewRun(
            id,
            workflowId,
            1,
            "manual",
            "{}",
            null,
            "tw-" + id,
            false,
            null,
            null,
            "pending",
            null,
            null));
    return id;
  }

  /** Starts an execution no worker polls for: it stays open until it is cancelled. */
  private static String execution(WorkflowClient client, String runId) {
    String temporalId = "tw-" + runId;
    client
        .newUntypedWorkflowStub(
            "FlowdGraph",
            WorkflowOptions.newBuilder()
                .setWorkflowId(temporalId)
                .setTaskQueue("nobody-polls")
                .build())
        .start();
    return temporalId;
  }

  private static boolean cancelRequested(WorkflowClient client, String runId) {
    return client.fetchHistory("tw-" + runId).getEvents().stream()
        .anyMatch(
            e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }

  private static boolean dispatched(String runId) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT dispatched_at IS NOT NULL FROM runs WHERE tenant_id = :t AND id = :r")
                    .bind("t", TENANT)
                    .bind("r", runId)
                    .mapTo(Boolean.class)
                    .one());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}

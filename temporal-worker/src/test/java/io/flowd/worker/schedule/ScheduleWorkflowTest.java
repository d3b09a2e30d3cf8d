package io.flowd.worker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.engine.RunLaunch;
import io.flowd.engine.TemporalIds;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.schedule.ScheduleConfig;
import io.flowd.engine.schedule.ScheduleInput;
import io.flowd.engine.schedule.ScheduleWorkflow;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.model.Graph;
import io.flowd.model.Ids;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.vault.VaultResolver;
import io.flowd.store.NewWorkflow;
import io.flowd.store.RunDao;
import io.flowd.store.ScheduleDao;
import io.flowd.store.WorkflowDao;
import io.flowd.store.WorkflowVersion;
import io.flowd.worker.FlowdWorker;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.flowd.worker.activity.LogWriter;
import io.flowd.worker.activity.NodeActivitiesImpl;
import io.flowd.worker.activity.RunBookkeepingImpl;
import io.flowd.worker.workflow.GraphWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schedule workflows under time skipping, against a real PostgreSQL. */
class ScheduleWorkflowTest {
  private static final String TASK_QUEUE = "flowd-schedules";
  private static final String TENANT = TestStore.TENANT;
  private static TestStore store;
  private TestWorkflowEnvironment env;

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_schedule");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  @AfterEach
  void closeEnvironment() {
    if (env != null) {
      env.close();
    }
  }

  private WorkflowClient start(Instant initialTime) {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setInitialTime(initialTime).build());
    Worker worker = env.newWorker(TASK_QUEUE);
    FlowdWorker.register(worker, store.database(), StandardComponents.registry(true));
    env.start();
    return env.getWorkflowClient();
  }

  private WorkflowClient startContinuingAsNewEvery(int fires, Instant initialTime) {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setInitialTime(initialTime).build());
    Worker worker = env.newWorker(TASK_QUEUE);
    NodeHandlerRegistry registry = StandardComponents.registry(true);
    worker.registerWorkflowImplementationFactory(
        GraphWorkflow.class, () -> new GraphWorkflowImpl(registry));
    worker.registerWorkflowImplementationFactory(
        ScheduleWorkflow.class, () -> new ScheduleWorkflowImpl(fires));
    worker.registerActivitiesImplementations(
        new NodeActivitiesImpl(
            new NodeExecution(registry, VaultResolver.unconfigured()),
            new LogWriter(store.database()),
            new PayloadStore(store.database())),
        new RunBookkeepingImpl(store.database()),
        new ScheduleActivitiesImpl(
            store.database(), new RunLaunch(FlowdMetrics.create(), () -> false)));
    env.start();
    return env.getWorkflowClient();
  }

  private static String scheduledWorkflow(Graph graph, String type, String value, String zone) {
    String workflowId = Ids.next(Ids.WORKFLOW);
    WorkflowDao workflows = store.database().dao(WorkflowDao.class);
    workflows.insert(
        TENANT,
        new NewWorkflow(workflowId, "scheduled", null, type, value, zone, true, null, "auth_t"));
    workflows.insertVersion(
        TENANT,
        new WorkflowVersion(
            workflowId,
            1,
            "scheduled",
            null,
            graph.nodes(),
            graph.edges(),
            type,
            value,
            zone,
            null));
    return workflowId;
  }

  private static Graph quickGraph() {
    return new Graphs()
        .node("n1", "trigger", "{\"componentId\":\"scheduled_trigger\"}")
        .action(
            "n2",
            "{\"componentId\":\"data_mapper\",\"mappings\":{\"at\":\"{{ n1.scheduled_at }}\"}}")
        .edge("n1", "n2")
        .build();
  }

  private static ScheduleWorkflow startSchedule(
      WorkflowClient client, String workflowId, String type, String value, String zone) {
    ScheduleWorkflow schedule =
        client.newWorkflowStub(
            ScheduleWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TASK_QUEUE)
                .setWorkflowId(TemporalIds.forSchedule(TENANT, workflowId))
                .build());
    WorkflowClient.start(
        schedule::run,
        new ScheduleInput(
            TENANT, workflowId, new ScheduleConfig(type, value, zone, true, null), null));
    return schedule;
  }

  private static List<Run> scheduledRuns(String workflowId) {
    return store.database().dao(RunDao.class).latest(TENANT, workflowId, 1000).stream()
        .sorted(Comparator.comparing(r -> r.triggerPayload().path("scheduled_at").asText()))
        .toList();
  }

  private static List<String> scheduledAt(String workflowId) {
    return scheduledRuns(workflowId).stream()
        .map(r -> r.triggerPayload().path("scheduled_at").asText())
        .toList();
  }

  private static Instant nextRunAt(String workflowId) {
    return store
        .database()
        .dao(WorkflowDao.class)
        .find(TENANT, workflowId, "")
        .orElseThrow()
        .nextRunAt();
  }

  @Test
  void every_five_minutes_fires_twelve_times_in_an_hour_with_the_fire_time_as_scheduled_at() {
    WorkflowClient client = start(Instant.parse("2026-06-01T10:00:30Z"));
    String workflowId = scheduledWorkflow(quickGraph(), "cron", "*/5 * * * *", "UTC");
    startSchedule(client, workflowId, "cron", "*/5 * * * *", "UTC");

    env.sleep(Duration.ofHours(1));

    List<String> expected =
        List.of(
            "2026-06-01T10:05:00.000000Z",
            "2026-06-01T10:10:00.000000Z",
            "2026-06-01T10:15:00.000000Z",
            "2026-06-01T10:20:00.000000Z",
            "2026-06-01T10:25:00.000000Z",
            "2026-06-01T10:30:00.000000Z",
            "2026-06-01T10:35:00.000000Z",
            "2026-06-01T10:40:00.000000Z",
            "2026-06-01T10:45:00.000000Z",
            "2026-06-01T10:50:00.000000Z",
            "2026-06-01T10:55:00.000000Z",
            "2026-06-01T11:00:00.000000Z");
    assertThat(scheduledAt(workflowId)).containsExactlyElementsOf(expected);
    List<Run> runs = scheduledRuns(workflowId);
    assertThat(runs).extracting(Run::triggerType).containsOnly("schedule");
    assertThat(runs.get(0).temporalWorkflowId())
        .isEqualTo(TemporalIds.forRun(TENANT, workflowId, runs.get(0).id()));
    assertThat(runs).extracting(Run::status).containsOnly(RunStatus.COMPLETED);
    assertThat(store.logs(runs.get(0).id()).get(1).output().path("at").asText())
        .isEqualTo("2026-06-01T10:05:00.000000Z");
    assertThat(nextRunAt(workflowId)).isEqualTo(Instant.parse("2026-06-01T11:05:00Z"));
    assertThat(store.database().dao(ScheduleDao.class).skips(TENANT, workflowId)).isEmpty();
  }

  @Test
  void schedule_keeps_firing_on_time_across_continue_as_new() {
    WorkflowClient client = startContinuingAsNewEvery(5, Instant.parse("2026-06-01T10:00:30Z"));
    String workflowId = scheduledWorkflow(quickGraph(), "interval", "10 minutes", "UTC");
    startSchedule(client, workflowId, "interval", "10 minutes", "UTC");
    String firstRun =
        client
            .newUntypedWorkflowStub(TemporalIds.forSchedule(TENANT, workflowId))
            .describe()
            .getExecution()
            .getRunId();

    env.sleep(Duration.ofMinutes(125));

    List<Instant> fired = scheduledAt(workflowId).stream().map(Instant::parse).toList();
    assertThat(fired).hasSize(12);
    assertThat(fired.get(0))
        .isBetween(Instant.parse("2026-06-01T10:10:30Z"), Instant.parse("2026-06-01T10:10:35Z"));
    for (int i = 1; i < fired.size(); i++) {
      assertThat(Duration.between(fired.get(i - 1), fired.get(i)))
          .isEqualTo(Duration.ofMinutes(10));
    }
    String currentRun =
        client
            .newUntypedWorkflowStub(TemporalIds.forSchedule(TENANT, workflowId))
            .describe()
            .getExecution()
            .getRunId();
    assertThat(currentRun).isNotEqualTo(firstRun);
  }

  @Test
  void daily_nine_oclock_in_berlin_fires_at_nine_local_time_across_the_dst_change() {
    WorkflowClient client = start(Instant.parse("2026-03-27T12:00:00Z"));
    String workflowId = scheduledWorkflow(quickGraph(), "cron", "0 9 * * *", "Europe/Berlin");
    startSchedule(client, workflowId, "cron", "0 9 * * *", "Europe/Berlin");

    env.sleep(Duration.ofDays(3));

    // Summer time starts on 2026-03-29: 09:00 in Berlin is 08:00 UTC before, 07:00 UTC after.
    assertThat(scheduledAt(workflowId))
        .containsExactly(
            "2026-03-28T08:00:00.000000Z",
            "2026-03-29T07:00:00.000000Z",
            "2026-03-30T07:00:00.000000Z");
    assertThat(nextRunAt(workflowId)).isEqualTo(Instant.parse("2026-03-31T07:00:00Z"));
  }

  @Test
  void pause_stops_fires_and_clears_next_run_at_and_resume_starts_them_again() {
    WorkflowClient client = start(Instant.parse("2026-06-01T10:00:30Z"));
    String workflowId = scheduledWorkflow(quickGraph(), "cron", "*/5 * * * *", "UTC");
    ScheduleWorkflow schedule = startSchedule(client, workflowId, "cron", "*/5 * * * *", "UTC");
    env.sleep(Duration.ofMinutes(11));
    assertThat(scheduledAt(workflowId)).hasSize(2);

    setActive(workflowId, false);
    schedule.configure(new ScheduleConfig("cron", "*/5 * * * *", "UTC", false, null));
    env.sleep(Duration.ofMinutes(30));

    assertThat(scheduledAt(workflowId)).hasSize(2);
    assertThat(nextRunAt(workflowId)).isNull();

    setActive(workflowId, true);
    schedule.configure(new ScheduleConfig("cron", "*/5 * * * *", "UTC", true, null));
    env.sleep(Duration.ofMinutes(10));

    assertThat(scheduledAt(workflowId))
        .containsExactly(
            "2026-06-01T10:05:00.000000Z",
            "2026-06-01T10:10:00.000000Z",
            "2026-06-01T10:45:00.000000Z",
            "2026-06-01T10:50:00.000000Z");
    assertThat(nextRunAt(workflowId)).isEqualTo(Instant.parse("2026-06-01T10:55:00Z"));
  }

  @Test
  void fire_while_the_previous_scheduled_run_waits_in_a_delay_is_skipped_and_recorded() {
    WorkflowClient client = start(Instant.parse("2026-06-01T10:00:30Z"));
    Graph slow =
        new Graphs()
            .node("n1", "trigger", "{\"componentId\":\"scheduled_trigger\"}")
            .action("wait", "{\"componentId\":\"delay\",\"duration\":1,\"unit\":\"hours\"}")
            .edge("n1", "wait")
            .build();
    String workflowId = scheduledWorkflow(slow, "cron", "*/5 * * * *", "UTC");
    startSchedule(client, workflowId, "cron", "*/5 * * * *", "UTC");

    env.sleep(Duration.ofMinutes(21));

    List<Run> runs = scheduledRuns(workflowId);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).status()).isEqualTo(RunStatus.RUNNING);
    assertThat(store.database().dao(ScheduleDao.class).skips(TENANT, workflowId))
        .containsExactly(
            Instant.parse("2026-06-01T10:10:00Z"),
            Instant.parse("2026-06-01T10:15:00Z"),
            Instant.parse("2026-06-01T10:20:00Z"));
  }

  @Test
  void a_schedule_whose_workflow_was_deleted_ends_at_its_next_fire() throws Exception {
    WorkflowClient client = start(Instant.parse("2026-06-01T10:00:30Z"));
    String workflowId = scheduledWorkflow(quickGraph(), "interval", "10 minutes", "UTC");
    startSchedule(client, workflowId, "interval", "10 minutes", "UTC");
    store
        .database()
        .jdbi()
        .useHandle(h -> h.execute("DELETE FROM workflows WHERE id = ?", workflowId));

    client
        .newUntypedWorkflowStub(TemporalIds.forSchedule(TENANT, workflowId))
        .getResult(30, java.util.concurrent.TimeUnit.SECONDS, Void.class);

    assertThat(scheduledRuns(workflowId)).isEmpty();
  }

  private WorkflowClient startWith(Instant initialTime, ScheduleActivities scheduleActivities) {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setInitialTime(initialTime).build());
    Worker worker = env.newWorker(TASK_QUEUE);
    NodeHandlerRegistry registry = StandardComponents.registry(true);
    worker.registerWorkflowImplementationFactory(
        GraphWorkflow.class, () -> new GraphWorkflowImpl(registry));
    worker.registerWorkflowImplementationFactory(
        ScheduleWorkflow.class, () -> new ScheduleWorkflowImpl());
    worker.registerActivitiesImplementations(
        new NodeActivitiesImpl(
            new NodeExecution(registry, VaultResolver.unconfigured()),
            new LogWriter(store.database()),
            new PayloadStore(store.database())),
        new RunBookkeepingImpl(store.database()),
        scheduleActivities);
    env.start();
    return env.getWorkflowClient();
  }

  /**
   * Starts the schedule the way the start-up reconciliation does: with PostgreSQL's next_run_at.
   */
  private static void startScheduleAfterRestart(
      WorkflowClient client, String workflowId, ScheduleConfig config) {
    Instant missedSince = nextRunAt(workflowId);
    ScheduleWorkflow schedule =
        client.newWorkflowStub(
            ScheduleWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TASK_QUEUE)
                .setWorkflowId(TemporalIds.forSchedule(TENANT, workflowId))
                .build());
    WorkflowClient.start(
        schedule::run,
        new ScheduleInput(
            TENANT,
            workflowId,
            config,
            null,
            null,
            null,
            missedSince == null ? null : missedSince.toEpochMilli()));
  }

  private static ScheduleWorkflow startSchedule(
      WorkflowClient client, String workflowId, ScheduleConfig config) {
    ScheduleWorkflow schedule =
        client.newWorkflowStub(
            ScheduleWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TASK_QUEUE)
                .setWorkflowId(TemporalIds.forSchedule(TENANT, workflowId))
                .build());
    WorkflowClient.start(schedule::run, new ScheduleInput(TENANT, workflowId, config, null));
    return schedule;
  }

  private static void setOverlap(String workflowId, String policy) {
    store
        .database()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE workflows SET schedule_overlap = :p WHERE id = :id")
                    .bind("p", policy)
                    .bind("id", workflowId)
                    .execute());
  }

  /** Closes the environment: the Temporal server, its executions and the worker are gone. */
  private void loseTemporal() {
    env.close();
    env = null;
    // What the reconciliation does with runs whose execution was lost after their trigger.
    store
        .database()
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE runs SET status = 'failed', error_message = 'lost'"
                        + " WHERE status IN ('pending', 'running', 'waiting')"));
  }

  private static List<String> skipsWithReason(String workflowId) {
    return store.database().dao(ScheduleDao.class).latestSkips(TENANT, workflowId, 50).stream()
        .map(s -> s.scheduledAt() + " " + s.reason())
        .sorted()
        .toList();
  }

  private static List<String> minutes(String... times) {
    return java.util.Arrays.stream(times).map(t -> "2026-06-01T" + t + ":00.000000Z").toList();
  }

  private static Graph slowGraph(int minutes) {
    return new Graphs()
        .node("n1", "trigger", "{\"componentId\":\"scheduled_trigger\"}")
        .action(
            "wait", "{\"componentId\":\"delay\",\"duration\":" + minutes + ",\"unit\":\"minutes\"}")
        .edge("n1", "wait")
        .build();
  }

  private static final ScheduleConfig EVERY_MINUTE =
      new ScheduleConfig("cron", "* * * * *", "UTC", true, null);

  @Test
  void
      fires_missed_while_flowd_was_down_run_late_once_each_oldest_first_and_older_ones_are_skipped() {
    WorkflowClient client = start(Instant.parse("2026-06-01T10:00:30Z"));
    String workflowId = scheduledWorkflow(quickGraph(), "cron", "* * * * *", "UTC");
    startSchedule(client, workflowId, EVERY_MINUTE);
    env.sleep(Duration.ofMinutes(2));
    assertThat(nextRunAt(workflowId)).isEqualTo(Instant.parse("2026-06-01T10:03:00Z"));

    loseTemporal();
    // flowd is back 7.5 minutes later, on a fresh Temporal server; the window is 300 s.
    client = start(Instant.parse("2026-06-01T10:10:30Z"));
    startScheduleAfterRestart(client, workflowId, EVERY_MINUTE);
    env.sleep(Duration.ofSeconds(45));

    assertThat(scheduledAt(workflowId))
        .containsExactlyElementsOf(
            minutes("10:01", "10:02", "10:06", "10:07", "10:08", "10:09", "10:10", "10:11"));
    List<String> createdOrder =
        store.database().dao(RunDao.class).latest(TENANT, workflowId, 100).stream()
            .map(r -> r.triggerPayload().path("scheduled_at").asText())
            .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    java.util.Collections.reverse(createdOrder);
    assertThat(createdOrder).isEqualTo(scheduledAt(workflowId));
    assertThat(skipsWithReason(workflowId))
        .containsExactly(
            "2026-06-01T10:03:00Z missed",
            "2026-06-01T10:04:00Z missed",
            "2026-06-01T10:05:00Z missed");
    assertThat(nextRunAt(workflowId)).isEqualTo(Instant.parse("2026-06-01T10:12:00Z"));
  }

  @Test
  void a_restart_in_the_middle_of_a_catch_up_runs_every_missed_fire_in_the_window_exactly_once()
      throws Exception {
    WorkflowClient client = start(Instant.parse("2026-06-01T10:00:30Z"));
    String workflowId = scheduledWorkflow(quickGraph(), "cron", "* * * * *", "UTC");
    startSchedule(client, workflowId, EVERY_MINUTE);
    env.sleep(Duration.ofMinutes(2));
    loseTemporal();

    // Back at 10:10:30; the worker dies right after its third late fire was recorded.
    java.util.concurrent.CountDownLatch crashed = new java.util.concurrent.CountDownLatch(1);
    ScheduleActivitiesImpl real =
        new ScheduleActivitiesImpl(
            store.database(), new RunLaunch(FlowdMetrics.create(), () -> false));
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    ScheduleActivities dying =
        new ScheduleActivities() {
          @Override
          public void setNextRunAt(
              String tenantId, String id, ScheduleConfig config, Long nextFireAtMillis) {
            real.setNextRunAt(tenantId, id, config, nextFireAtMillis);
          }

          @Override
          public FireOutcome fire(FireRequest request) {
            FireOutcome outcome = real.fire(request);
            if (calls.incrementAndGet() == 3) {
              crashed.countDown();
              try {
                new java.util.concurrent.CountDownLatch(1).await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IllegalStateException("worker died");
            }
            return outcome;
          }

          @Override
          public boolean recordMissed(
              String tenantId, String id, ScheduleConfig config, List<Long> missed, Long next) {
            return real.recordMissed(tenantId, id, config, missed, next);
          }
        };
    client = startWith(Instant.parse("2026-06-01T10:10:30Z"), dying);
    startScheduleAfterRestart(client, workflowId, EVERY_MINUTE);
    assertThat(crashed.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(scheduledAt(workflowId))
        .containsExactlyElementsOf(minutes("10:01", "10:02", "10:06", "10:07", "10:08"));
    loseTemporal();

    // The whole service again, two minutes later, on another fresh Temporal server.
    client = start(Instant.parse("2026-06-01T10:12:30Z"));
    startScheduleAfterRestart(client, workflowId, EVERY_MINUTE);
    env.sleep(Duration.ofSeconds(20));

    assertThat(scheduledAt(workflowId))
        .containsExactlyElementsOf(
            minutes(
                "10:01", "10:02", "10:06", "10:07", "10:08", "10:09", "10:10", "10:11", "10:12"));
    assertThat(skipsWithReason(workflowId))
        .containsExactly(
            "2026-06-01T10:03:00Z missed",
            "2026-06-01T10:04:00Z missed",
            "2026-06-01T10:05:00Z missed");
  }

  @Test
  void buffer_one_lets_one_fire_wait_for_the_open_run_and_skips_the_fires_after_it() {
    WorkflowClient client = start(Instant.parse("2026-06-01T10:00:30Z"));
    String workflowId = scheduledWorkflow(slowGraph(12), "cron", "*/5 * * * *", "UTC");
    setOverlap(workflowId, "buffer_one");
    startSchedule(
        client,
        workflowId,
        new ScheduleConfig("cron", "*/5 * * * *", "UTC", true, null, "buffer_one", 300));

    env.sleep(Duration.ofMinutes(31));

    // 10:05 runs to 10:17; 10:10 waits for it, 10:15 is skipped; 10:20 waits for the 10:10 run.
    assertThat(scheduledAt(workflowId))
        .containsExactlyElementsOf(minutes("10:05", "10:10", "10:20"));
    assertThat(skipsWithReason(workflowId))
        .containsExactly("2026-06-01T10:15:00Z overlap", "2026-06-01T10:25:00Z overlap");
    List<Run> runs = scheduledRuns(workflowId);
    assertThat(store.run(runs.get(1).id()).startedAt())
        .isAfterOrEqualTo(store.run(runs.get(0).id()).completedAt());
  }

  @Test
  void allow_starts_every_fire_while_earlier_runs_are_still_open() {
    WorkflowClient client = start(Instant.parse("2026-06-01T10:00:30Z"));
    String workflowId = scheduledWorkflow(slowGraph(12), "cron", "*/5 * * * *", "UTC");
    setOverlap(workflowId, "allow");
    startSchedule(
        client,
        workflowId,
        new ScheduleConfig("cron", "*/5 * * * *", "UTC", true, null, "allow", 300));

    env.sleep(Duration.ofMinutes(21));

    assertThat(scheduledAt(workflowId))
        .containsExactlyElementsOf(minutes("10:05", "10:10", "10:15", "10:20"));
    assertThat(skipsWithReason(workflowId)).isEmpty();
  }

  @Test
  void cancel_other_cancels_the_open_scheduled_run_and_starts_the_new_one() {
    WorkflowClient client = start(Instant.parse("2026-06-01T10:00:30Z"));
    String workflowId = scheduledWorkflow(slowGraph(60), "cron", "*/5 * * * *", "UTC");
    setOverlap(workflowId, "cancel_other");
    startSchedule(
        client,
        workflowId,
        new ScheduleConfig("cron", "*/5 * * * *", "UTC", true, null, "cancel_other", 300));

    env.sleep(Duration.ofMinutes(16));

    List<Run> runs = scheduledRuns(workflowId);
    assertThat(scheduledAt(workflowId))
        .containsExactlyElementsOf(minutes("10:05", "10:10", "10:15"));
    assertThat(runs.stream().map(r -> store.run(r.id()).status()).toList())
        .containsExactly(RunStatus.CANCELLED, RunStatus.CANCELLED, RunStatus.RUNNING);
  }

  private static void setActive(String workflowId, boolean active) {
    store
        .database()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE workflows SET is_active = :a WHERE id = :id")
                    .bind("a", active)
                    .bind("id", workflowId)
                    .execute());
  }

  @Test
  void a_scheduled_run_cancelled_while_it_starts_ends_cancelled_on_temporal_too() {
    WorkflowClient client = start(Instant.parse("2026-06-01T10:00:30Z"));
    Graph waiting =
        new Graphs()
            .node("n1", "trigger", "{\"componentId\":\"scheduled_trigger\"}")
            .action("wait", "{\"componentId\":\"delay\",\"duration\":1,\"unit\":\"days\"}")
            .edge("n1", "wait")
            .build();
    String workflowId = scheduledWorkflow(waiting, "cron", "*/5 * * * *", "UTC");
    // A cancel that lands between the Temporal start and the run's first write after it: the
    // first update of the pending run finds it cancelled.
    store
        .database()
        .jdbi()
        .useHandle(
            h -> {
              h.execute(
                  "CREATE OR REPLACE FUNCTION cancel_while_starting() RETURNS trigger AS $$"
                      + " BEGIN NEW.status := 'cancelled'; NEW.completed_at := clock_timestamp();"
                      + " NEW.error_message := 'Run was cancelled'; RETURN NEW; END $$"
                      + " LANGUAGE plpgsql");
              h.execute(
                  "CREATE TRIGGER cancel_while_starting BEFORE UPDATE ON runs FOR EACH ROW"
                      + " WHEN (OLD.status = 'pending' AND OLD.workflow_id = '"
                      + workflowId
                      + "') EXECUTE FUNCTION cancel_while_starting()");
            });
    try {
      startSchedule(client, workflowId, "cron", "*/5 * * * *", "UTC");
      env.sleep(Duration.ofMinutes(5));

      Run run = awaitScheduledRun(workflowId);
      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      io.temporal.api.enums.v1.WorkflowExecutionStatus status = null;
      for (int i = 0; i < 300; i++) {
        status = executionStatus(client, run.temporalWorkflowId());
        if (status
            != io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          break;
        }
        sleepBriefly();
      }
      assertThat(status)
          .isEqualTo(
              io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    } finally {
      store
          .database()
          .jdbi()
          .useHandle(h -> h.execute("DROP TRIGGER cancel_while_starting ON runs"));
    }
  }

  private static Run awaitScheduledRun(String workflowId) {
    for (int i = 0; i < 300; i++) {
      List<Run> runs = scheduledRuns(workflowId);
      if (!runs.isEmpty()) {
        return runs.get(0);
      }
      sleepBriefly();
    }
    throw new AssertionError("no scheduled run was recorded");
  }

  private static io.temporal.api.enums.v1.WorkflowExecutionStatus executionStatus(
      WorkflowClient client, String temporalWorkflowId) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(
                    io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                        .setWorkflowId(temporalWorkflowId))
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

package io.flowd.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.engine.RunLaunch;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.RunSearchAttributes;
import io.flowd.model.FlowControl;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.model.Workflow;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.flowd.store.RunDao;
import io.flowd.store.WorkflowDao;
import io.grpc.Status;
import io.temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import io.temporal.serviceclient.StatusUtils;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The run engine's entry point: typed outcomes for a key, and a run Temporal refuses for good ends
 * through the one terminal write, which starts its {@code on_failure} run.
 */
class RunEngineTest {
  private static final String TENANT = "tenant_engine";
  private static TestWorkflowEnvironment env;
  private static Database database;

  @BeforeAll
  static void start() {
    env = TestWorkflowEnvironment.newInstance();
    database =
        Database.connect(
            DatabaseBootstrap.freshMigratedDatabase(
                DatabaseBootstrap.testBaseUrl(), "flowd_engine"),
            4);
  }

  @AfterAll
  static void stop() {
    database.close();
    env.close();
  }

  private static Workflow workflow(String onFailure) {
    String id = Ids.next(Ids.WORKFLOW);
    database
        .jdbi()
        .useHandle(
            h -> {
              h.execute(
                  "INSERT INTO workflows (id, tenant_id, name, version, is_active, created_by)"
                      + " VALUES (?, ?, 'engine', 1, true, 'test')",
                  id,
                  TENANT);
              h.execute(
                  "INSERT INTO workflow_versions (workflow_id, version, tenant_id, name, nodes,"
                      + " edges, schedule_type, schedule_timezone)"
                      + " VALUES (?, 1, ?, 'engine', '[]', '[]', 'manual', 'UTC')",
                  id,
                  TENANT);
            });
    if (onFailure != null) {
      database
          .dao(WorkflowDao.class)
          .setFlowControl(
              TENANT,
              id,
              1,
              Json.write(new FlowControl(null, null, new FlowControl.OnFailure(onFailure))));
    }
    return database.dao(WorkflowDao.class).find(TENANT, id, "").orElseThrow();
  }

  @Test
  void a_key_replays_its_run_and_the_same_key_with_another_body_is_a_mismatch() {
    try (RunDispatcher dispatcher = new RunDispatcher(env.getWorkflowClient(), "q", database)) {
      RunEngine engine = new RunEngine(database, dispatcher);
      Workflow workflow = workflow(null);
      UUID key = UUID.randomUUID();
      RunRequest request =
          RunRequest.of(TENANT, workflow, TriggerType.MANUAL, Json.object())
              .withIdempotencyKey(key, Json.object().put("a", 1));

      RunOutcome first = engine.start(request);
      RunOutcome again = engine.start(request);
      RunOutcome other = engine.start(request.withIdempotencyKey(key, Json.object().put("a", 2)));

      assertThat(first).isInstanceOf(RunOutcome.Started.class);
      assertThat(again).isInstanceOf(RunOutcome.Replayed.class);
      assertThat(again.runOrNull().id()).isEqualTo(first.runOrNull().id());
      assertThat(other).isInstanceOf(RunOutcome.Mismatch.class);
      assertThat(first.runOrNull().triggerType()).isEqualTo("manual");
    }
  }

  @Test
  void grouped_inserts_start_one_run_per_key_however_many_concurrent_requests_carry_it()
      throws Exception {
    try (RunDispatcher dispatcher = new RunDispatcher(env.getWorkflowClient(), "q", database);
        RunEngine engine =
            new RunEngine(database, dispatcher, new RunInsertGrouping(true, 5, 200))) {
      Workflow workflow = workflow(null);
      List<UUID> keys = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
      List<RunOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
      ExecutorService callers = Executors.newFixedThreadPool(12);
      try {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
          UUID key = keys.get(i % keys.size());
          calls.add(
              callers.submit(
                  () ->
                      outcomes.add(
                          engine.start(
                              RunRequest.of(TENANT, workflow, TriggerType.MANUAL, Json.object())
                                  .withIdempotencyKey(
                                      key, Json.object().put("k", key.toString()))))));
        }
        for (Future<?> call : calls) {
          call.get(60, TimeUnit.SECONDS);
        }
      } finally {
        callers.shutdownNow();
      }

      assertThat(outcomes).hasSize(24);
      assertThat(outcomes)
          .allMatch(o -> o instanceof RunOutcome.Started || o instanceof RunOutcome.Replayed);
      assertThat(outcomes.stream().filter(o -> o instanceof RunOutcome.Started)).hasSize(3);
      assertThat(outcomes.stream().map(o -> o.runOrNull().id()).distinct()).hasSize(3);
      int stored =
          database
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT count(*) FROM runs WHERE workflow_id = :w")
                          .bind("w", workflow.id())
                          .mapTo(Integer.class)
                          .one());
      assertThat(stored).isEqualTo(3);
    }
  }

  @Test
  void an_unstartable_run_fails_through_run_closing_and_starts_its_on_failure_run() {
    // Temporal refuses the first start for an undefined search attribute, then keeps the id
    // without an execution (as the test server does after it came back empty).
    AtomicInteger starts = new AtomicInteger();
    WorkflowClient refusing =
        WorkflowClient.newInstance(
            env.getWorkflowServiceStubs(),
            WorkflowClientOptions.newBuilder()
                .setNamespace(env.getNamespace())
                .setInterceptors(
                    new WorkflowClientInterceptorBase() {
                      @Override
                      public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
                          WorkflowClientCallsInterceptor next) {
                        return new WorkflowClientCallsInterceptorBase(next) {
                          @Override
                          public WorkflowStartOutput start(WorkflowStartInput input) {
                            if (starts.getAndIncrement() == 0) {
                              throw Status.INVALID_ARGUMENT
                                  .withDescription("search attribute FlowdTenant is not defined")
                                  .asRuntimeException();
                            }
                            throw StatusUtils.newException(
                                Status.ALREADY_EXISTS.withDescription("already started"),
                                WorkflowExecutionAlreadyStartedFailure.getDefaultInstance(),
                                WorkflowExecutionAlreadyStartedFailure.getDescriptor());
                          }
                        };
                      }
                    })
                .build());
    RunLaunch launch =
        new RunLaunch(
            FlowdMetrics.create(),
            RunSearchAttributes.registration(
                env.getWorkflowServiceStubs(), env.getNamespace(), Duration.ofSeconds(5)));
    Workflow handler = workflow(null);
    Workflow failing = workflow(handler.id());
    try (RunDispatcher dispatcher = new RunDispatcher(refusing, "q", database, launch)) {
      RunOutcome outcome =
          new RunEngine(database, dispatcher)
              .start(RunRequest.of(TENANT, failing, TriggerType.MANUAL, Json.object()));

      String runId = outcome.runOrNull().id();
      Run failed = database.dao(RunDao.class).find(TENANT, runId).orElseThrow();
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      assertThat(failed.errorMessage()).isEqualTo(RunDispatcher.UNSTARTABLE_MESSAGE);
      Run failureRun =
          database
              .dao(RunDao.class)
              .find(TENANT, RunClosing.failureRunId(runId))
              .orElseThrow(() -> new AssertionError("no on_failure run was recorded"));
      assertThat(failureRun.triggerType()).isEqualTo(TriggerType.ON_FAILURE.json());
      assertThat(failureRun.triggerPayload().path("run_id").asText()).isEqualTo(runId);
    }
  }
}

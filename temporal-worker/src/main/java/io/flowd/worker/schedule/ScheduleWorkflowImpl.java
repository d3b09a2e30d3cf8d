package io.flowd.worker.schedule;

import io.flowd.engine.schedule.ScheduleConfig;
import io.flowd.engine.schedule.ScheduleInput;
import io.flowd.engine.schedule.ScheduleWorkflow;
import io.flowd.model.Ids;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Sleeps until the next fire time (computed from {@link Workflow#currentTimeMillis()} by {@link
 * ScheduleConfig#nextFire}), wakes at once on a signal, and fires through {@link
 * ScheduleActivities}. It continues as new every {@value #FIRES_PER_RUN} fires to keep its history
 * short.
 */
public final class ScheduleWorkflowImpl implements ScheduleWorkflow {
  /** Fires after which the workflow continues as new. */
  static final int FIRES_PER_RUN = 100;

  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  private final ScheduleActivities activities =
      Workflow.newActivityStub(ScheduleActivities.class, OPTIONS);
  private final int firesPerRun;
  private ScheduleConfig pending;
  private boolean stopped;

  /** Creates the implementation that continues as new every {@value #FIRES_PER_RUN} fires. */
  public ScheduleWorkflowImpl() {
    this(FIRES_PER_RUN);
  }

  /** Creates an implementation that continues as new every {@code firesPerRun} fires (tests). */
  public ScheduleWorkflowImpl(int firesPerRun) {
    this.firesPerRun = firesPerRun;
  }

  @Override
  public void run(ScheduleInput input) {
    String tenantId = input.tenantId();
    String workflowId = input.workflowId();
    ScheduleConfig config = input.config();
    Long hint = config.nextFireAtMillis();
    long anchor =
        input.anchorMillis() == null ? Workflow.currentTimeMillis() : input.anchorMillis();
    Long planned = null;
    Long published = null;
    boolean publishedKnown = false;
    int fires = 0;
    while (true) {
      if (pending != null) {
        if (pending.sameSchedule(config)) {
          // Nothing changed (a re-sync): keep the timer, and publish it over the sender's guess.
          publishedKnown = false;
        } else {
          config = pending;
          hint = config.nextFireAtMillis();
          anchor = Workflow.currentTimeMillis();
          planned = null;
        }
        pending = null;
      }
      if (stopped || !config.isScheduled()) {
        activities.setNextRunAt(tenantId, workflowId, config, null);
        return;
      }
      long now = Workflow.currentTimeMillis();
      Long next = null;
      if (config.fires()) {
        next =
            planned != null && planned > now
                ? planned
                : config.withFirstFire(hint).nextFire(anchor, now);
      }
      planned = next;
      hint = null;
      if (!publishedKnown || !java.util.Objects.equals(published, next)) {
        activities.setNextRunAt(tenantId, workflowId, config, next);
        published = next;
        publishedKnown = true;
      }
      if (next == null) {
        Workflow.await(() -> pending != null || stopped);
        continue;
      }
      boolean woken =
          Workflow.await(
              Duration.ofMillis(Math.max(1, next - Workflow.currentTimeMillis())),
              () -> pending != null || stopped);
      if (woken) {
        continue;
      }
      String runId = Workflow.sideEffect(String.class, () -> Ids.next(Ids.RUN));
      FireOutcome outcome =
          activities.fire(
              new FireRequest(tenantId, workflowId, next, runId, config.withoutFirstFire()));
      anchor = next;
      planned = null;
      switch (outcome.result()) {
        case GONE -> {
          return;
        }
        case CHANGED -> {
          if (pending == null) {
            pending = outcome.current();
          }
        }
        case SKIPPED, STARTED -> fires++;
      }
      if (pending == null
          && !stopped
          && (fires >= firesPerRun || Workflow.getInfo().isContinueAsNewSuggested())) {
        Workflow.continueAsNew(
            new ScheduleInput(tenantId, workflowId, config.withoutFirstFire(), anchor));
      }
    }
  }

  @Override
  public void configure(ScheduleConfig config) {
    pending = config;
  }

  @Override
  public void stop() {
    stopped = true;
  }
}

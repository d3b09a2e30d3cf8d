package io.flowd.worker.schedule;

import io.flowd.engine.schedule.ScheduleConfig;
import io.flowd.engine.schedule.ScheduleInput;
import io.flowd.engine.schedule.ScheduleWorkflow;
import io.flowd.model.Ids;
import io.flowd.model.TriggerSettings;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sleeps until the next fire time (computed from {@link Workflow#currentTimeMillis()} by {@link
 * ScheduleConfig#nextFire}), wakes at once on a signal, and fires through {@link
 * ScheduleActivities}. It continues as new every {@value #FIRES_PER_RUN} fires to keep its history
 * short.
 */
public final class ScheduleWorkflowImpl implements ScheduleWorkflow {
  /** Fires after which the workflow continues as new. */
  static final int FIRES_PER_RUN = 100;

  /** The {@link Workflow#getVersion} change id of this workflow's behaviour changes. */
  static final String CHANGE_ID = "flowd-schedule";

  /** The version that added overlap policies, catch-up and the fire-time key. */
  static final int POLICIES = 1;

  /** The most missed fires one catch-up records as skipped, one by one. */
  static final int MAX_RECORDED_MISSES = 1000;

  /** How often a buffered fire checks whether the open run has closed, at most. */
  static final Duration MAX_BUFFER_POLL = Duration.ofSeconds(30);

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
    int version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, POLICIES);
    if (version >= POLICIES) {
      new PolicyLoop(input).run();
      return;
    }
    runOriginal(input);
  }

  /** The loop of schedules started before overlap policies and catch-up existed. */
  private void runOriginal(ScheduleInput input) {
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

  /**
   * The schedule loop with overlap policies and catch-up. State: {@code cursor}, the oldest fire
   * time not handled yet (past after downtime), and {@code buffered}, a {@code buffer_one} fire
   * waiting for the open run. A due fire more than the catch-up window late is recorded as missed;
   * when more than one fire is due at once (flowd was down), the late ones run one after another,
   * oldest first, ignoring the overlap policy; otherwise the policy decides.
   */
  private final class PolicyLoop {
    private final String tenantId;
    private final String workflowId;
    private ScheduleConfig config;
    private Long hint;
    private long anchor;
    private Long cursor;
    private Long buffered;
    private boolean catchingUp;
    private Long published;
    private boolean publishedKnown;
    private long pollMillis = 1000;
    private int fires;

    PolicyLoop(ScheduleInput input) {
      this.tenantId = input.tenantId();
      this.workflowId = input.workflowId();
      this.config = input.config();
      this.hint = config.nextFireAtMillis();
      long now = Workflow.currentTimeMillis();
      this.anchor = input.anchorMillis() == null ? now : input.anchorMillis();
      this.cursor = input.cursorMillis();
      this.buffered = input.bufferedMillis();
      if (cursor == null
          && input.resumeFromMillis() != null
          && input.resumeFromMillis() <= now
          && config.fires()) {
        cursor = input.resumeFromMillis();
      }
    }

    void run() {
      while (true) {
        applyPending();
        if (stopped || !config.isScheduled()) {
          activities.setNextRunAt(tenantId, workflowId, config, null);
          return;
        }
        long now = Workflow.currentTimeMillis();
        if (!config.fires()) {
          cursor = null;
          buffered = null;
          publish(null);
          Workflow.await(() -> pending != null || stopped);
          continue;
        }
        if (cursor == null) {
          cursor = config.withFirstFire(hint).nextFire(anchor, now);
        }
        hint = null;
        if (cursor != null && cursor <= now) {
          if (!handleDue(now)) {
            return;
          }
        } else {
          catchingUp = false;
          if (buffered != null && !tryBuffered()) {
            return;
          }
          publish(cursor);
          Long wakeAt = cursor;
          if (buffered != null) {
            long poll = Workflow.currentTimeMillis() + pollMillis;
            wakeAt = wakeAt == null ? poll : Math.min(wakeAt, poll);
            pollMillis = Math.min(pollMillis * 2, MAX_BUFFER_POLL.toMillis());
          }
          if (wakeAt == null) {
            Workflow.await(() -> pending != null || stopped);
          } else {
            Workflow.await(
                Duration.ofMillis(Math.max(1, wakeAt - Workflow.currentTimeMillis())),
                () -> pending != null || stopped);
          }
        }
        if (pending == null
            && !stopped
            && (fires >= firesPerRun || Workflow.getInfo().isContinueAsNewSuggested())) {
          Workflow.continueAsNew(
              new ScheduleInput(
                  tenantId, workflowId, config.withoutFirstFire(), anchor, cursor, buffered, null));
        }
      }
    }

    private void applyPending() {
      if (pending == null) {
        return;
      }
      if (!pending.sameTiming(config)) {
        anchor = Workflow.currentTimeMillis();
        cursor = null;
        buffered = null;
        catchingUp = false;
      }
      config = pending;
      hint = config.nextFireAtMillis();
      if (cursor != null && hint != null && hint > Workflow.currentTimeMillis()) {
        // A re-sync of an unchanged schedule: keep the cursor (it may be a past fire to catch up).
        hint = null;
      }
      publishedKnown = false;
      pending = null;
    }

    /** Handles the due fire at {@code cursor}; returns false when the flowd workflow is gone. */
    private boolean handleDue(long now) {
      long windowStart = now - config.catchupMillis();
      if (cursor < windowStart) {
        List<Long> missed = new ArrayList<>();
        Long next = cursor;
        while (next != null && next < windowStart && missed.size() < MAX_RECORDED_MISSES) {
          missed.add(next);
          next = config.fireAfter(next);
        }
        if (next != null && next < windowStart) {
          next = config.fireAfter(windowStart - 1);
        }
        if (!activities.recordMissed(
            tenantId, workflowId, config.withoutFirstFire(), missed, next)) {
          return false;
        }
        fires++;
        cursor = next;
        catchingUp = true;
        if (next != null) {
          anchor = next;
        }
        return true;
      }
      Long following = config.fireAfter(cursor);
      if (following != null && following <= now) {
        catchingUp = true;
      }
      String policy = catchingUp ? TriggerSettings.ALLOW : config.overlapPolicy();
      String runId = Workflow.sideEffect(String.class, () -> Ids.next(Ids.RUN));
      FireOutcome outcome =
          activities.fire(
              new FireRequest(
                  tenantId,
                  workflowId,
                  cursor,
                  runId,
                  config.withoutFirstFire(),
                  policy,
                  following,
                  buffered != null));
      switch (outcome.result()) {
        case GONE -> {
          return false;
        }
        case CHANGED -> {
          if (pending == null) {
            pending = outcome.current();
          }
          return true;
        }
        case BUFFERED -> {
          buffered = cursor;
          pollMillis = 1000;
        }
        case SKIPPED, STARTED -> {}
      }
      fires++;
      anchor = cursor;
      cursor = following;
      return true;
    }

    /** Starts the buffered fire when the open run has closed; returns false when gone. */
    private boolean tryBuffered() {
      String runId = Workflow.sideEffect(String.class, () -> Ids.next(Ids.RUN));
      FireOutcome outcome =
          activities.fire(
              new FireRequest(
                  tenantId,
                  workflowId,
                  buffered,
                  runId,
                  config.withoutFirstFire(),
                  TriggerSettings.BUFFER_ONE,
                  null,
                  false));
      switch (outcome.result()) {
        case GONE -> {
          return false;
        }
        case CHANGED -> {
          if (pending == null) {
            pending = outcome.current();
          }
        }
        case BUFFERED -> {}
        case SKIPPED, STARTED -> {
          buffered = null;
          fires++;
        }
      }
      return true;
    }

    private void publish(Long next) {
      if (!publishedKnown || !java.util.Objects.equals(published, next)) {
        activities.setNextRunAt(tenantId, workflowId, config, next);
        published = next;
        publishedKnown = true;
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

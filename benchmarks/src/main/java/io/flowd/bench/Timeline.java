package io.flowd.bench;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-run timeline of P2: for a sample of runs of each side, the time from the start request to
 * the run's completion broken into phases read from the run's Temporal history (workflow tasks,
 * each activity's schedule-to-start and run time) and the driver's own clock (the start request's
 * answer, the moment the driver saw the result), with the history's cost: events, workflow tasks
 * and billable actions.
 *
 * <p>Billable actions follow Temporal Cloud's published rule (docs.temporal.io/cloud/actions): one
 * per workflow start, activity task (attempts included), timer, signal sent or received, child
 * workflow start, search attribute upsert and side effect marker; the local activities of one
 * workflow task count once; version markers and the {@code TemporalChangeVersion} upsert are
 * exempt.
 */
final class Timeline {

  /** One timed run: its Temporal workflow id and the driver's wall-clock instants, in ms. */
  record Sample(String workflowId, long startMillis, long acceptedMillis, long doneMillis) {}

  private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean recording;

  void start() {
    samples.clear();
    recording = true;
  }

  void stop() {
    recording = false;
  }

  boolean recording() {
    return recording;
  }

  void add(Sample sample) {
    if (recording) {
      samples.add(sample);
    }
  }

  /** The phases of at most {@code limit} recorded runs, each a list of per-run values in ms. */
  Phases read(WorkflowClient client, int limit) {
    List<Sample> taken;
    synchronized (samples) {
      taken = new ArrayList<>(samples.subList(0, Math.min(limit, samples.size())));
    }
    Phases phases = new Phases();
    for (Sample sample : taken) {
      phases.add(sample, client.fetchHistory(sample.workflowId()).getEvents());
    }
    return phases;
  }

  /** Per-phase samples (ms) and per-run counts of a set of runs. */
  static final class Phases {
    final Map<String, List<Double>> values = new LinkedHashMap<>();
    int runs;

    private void put(String phase, double ms) {
      values.computeIfAbsent(phase, k -> new ArrayList<>()).add(ms);
    }

    void add(Sample sample, List<HistoryEvent> events) {
      runs++;
      Map<Long, HistoryEvent> byId = new HashMap<>();
      Map<String, Double> activityWait = new TreeMap<>();
      Map<String, Double> activityRun = new TreeMap<>();
      double startedAt = Double.NaN;
      double completedAt = Double.NaN;
      double firstTaskWait = Double.NaN;
      double firstTaskRun = Double.NaN;
      double laterTaskWait = 0;
      double laterTaskRun = 0;
      int workflowTasks = 0;
      int activities = 0;
      int markers = 0;
      double actions = 0;
      boolean localActivityInTask = false;
      for (HistoryEvent event : events) {
        byId.put(event.getEventId(), event);
        double at = millis(event.getEventTime());
        EventType type = event.getEventType();
        switch (type) {
          case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
            startedAt = at;
            actions++;
          }
          case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
              EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
              EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
              EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
              EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT ->
              completedAt = at;
          case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
            workflowTasks++;
            HistoryEvent scheduled =
                byId.get(event.getWorkflowTaskStartedEventAttributes().getScheduledEventId());
            double wait = scheduled == null ? 0 : at - millis(scheduled.getEventTime());
            if (workflowTasks == 1) {
              firstTaskWait = wait;
            } else {
              laterTaskWait += wait;
            }
          }
          case EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
              EVENT_TYPE_WORKFLOW_TASK_FAILED,
              EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT -> {
            long startedId =
                type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
                    ? event.getWorkflowTaskCompletedEventAttributes().getStartedEventId()
                    : type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED
                        ? event.getWorkflowTaskFailedEventAttributes().getStartedEventId()
                        : 0;
            HistoryEvent started = byId.get(startedId);
            double run = started == null ? 0 : at - millis(started.getEventTime());
            if (workflowTasks <= 1) {
              firstTaskRun = run;
            } else {
              laterTaskRun += run;
            }
            if (localActivityInTask) {
              actions++;
              localActivityInTask = false;
            }
          }
          case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
            activities++;
            actions++;
          }
          case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
            HistoryEvent scheduled =
                byId.get(event.getActivityTaskStartedEventAttributes().getScheduledEventId());
            actions += Math.max(0, event.getActivityTaskStartedEventAttributes().getAttempt() - 1);
            if (scheduled != null) {
              String name = activityName(scheduled);
              activityWait.merge(name, at - millis(scheduled.getEventTime()), Double::sum);
            }
          }
          case EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
              EVENT_TYPE_ACTIVITY_TASK_FAILED,
              EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
            long startedId =
                switch (type) {
                  case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
                      event.getActivityTaskCompletedEventAttributes().getStartedEventId();
                  case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
                      event.getActivityTaskFailedEventAttributes().getStartedEventId();
                  default -> event.getActivityTaskTimedOutEventAttributes().getStartedEventId();
                };
            HistoryEvent started = byId.get(startedId);
            if (started != null) {
              HistoryEvent scheduled =
                  byId.get(started.getActivityTaskStartedEventAttributes().getScheduledEventId());
              String name = scheduled == null ? "?" : activityName(scheduled);
              activityRun.merge(name, at - millis(started.getEventTime()), Double::sum);
            }
          }
          case EVENT_TYPE_MARKER_RECORDED -> {
            markers++;
            String marker = event.getMarkerRecordedEventAttributes().getMarkerName();
            if ("LocalActivity".equals(marker)) {
              localActivityInTask = true;
            } else if ("SideEffect".equals(marker) || "MutableSideEffect".equals(marker)) {
              actions++;
            }
          }
          case EVENT_TYPE_TIMER_STARTED,
              EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
              EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
              EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED ->
              actions++;
          case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> {
            if (!event
                .getUpsertWorkflowSearchAttributesEventAttributes()
                .getSearchAttributes()
                .getIndexedFieldsMap()
                .keySet()
                .equals(java.util.Set.of("TemporalChangeVersion"))) {
              actions++;
            }
          }
          default -> {}
        }
      }
      if (localActivityInTask) {
        actions++;
      }
      put("start request answered", sample.acceptedMillis() - sample.startMillis());
      put("start request to WorkflowExecutionStarted", startedAt - sample.startMillis());
      put("first workflow task: schedule to start", firstTaskWait);
      put("first workflow task: run", firstTaskRun);
      put("later workflow tasks: schedule to start (sum)", laterTaskWait);
      put("later workflow tasks: run (sum)", laterTaskRun);
      double waitSum = 0;
      double runSum = 0;
      for (Map.Entry<String, Double> e : activityWait.entrySet()) {
        put("activity " + e.getKey() + ": schedule to start", e.getValue());
        waitSum += e.getValue();
      }
      for (Map.Entry<String, Double> e : activityRun.entrySet()) {
        put("activity " + e.getKey() + ": run", e.getValue());
        runSum += e.getValue();
      }
      put("activities: schedule to start (sum)", waitSum);
      put("activities: run (sum)", runSum);
      put("WorkflowExecutionCompleted to result seen", sample.doneMillis() - completedAt);
      put("total", sample.doneMillis() - sample.startMillis());
      put("count: history events", events.size());
      put("count: workflow tasks", workflowTasks);
      put("count: activity tasks", activities);
      put("count: markers", markers);
      put("count: billable actions", actions);
    }

    private static String activityName(HistoryEvent scheduled) {
      return scheduled.getActivityTaskScheduledEventAttributes().getActivityType().getName();
    }

    private static double millis(Timestamp t) {
      return t.getSeconds() * 1000.0 + t.getNanos() / 1e6;
    }
  }

  /**
   * A markdown table of both sides' phases: p50, p90 and p99 of each phase (counts as means), flowd
   * first.
   */
  static String table(Phases flowd, Phases raw) {
    List<String> names = new ArrayList<>(flowd.values.keySet());
    for (String name : raw.values.keySet()) {
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "| phase (ms; counts per run) | flowd p50 | p90 | p99 | hand-written p50 | p90 | p99 |%n"
                + "| --- | --- | --- | --- | --- | --- | --- |%n"));
    for (String name : names) {
      List<String> cells = new ArrayList<>(List.of(name));
      for (Phases side : List.of(flowd, raw)) {
        List<Double> v = side.values.getOrDefault(name, List.of());
        if (name.startsWith("count:")) {
          double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
          cells.addAll(List.of(Report.fmt(mean) + " (mean)", "", ""));
        } else {
          for (double p : new double[] {50, 90, 99}) {
            cells.add(Report.fmt(Stats.percentile(v, p)));
          }
        }
      }
      out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    out.append(
        String.format(
            Locale.ROOT, "%nRuns read: flowd %d, hand-written %d.%n", flowd.runs, raw.runs));
    return out.toString();
  }
}

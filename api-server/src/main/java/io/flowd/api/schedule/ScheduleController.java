package io.flowd.api.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.engine.schedule.ScheduleConfig;
import io.flowd.model.Ids;
import io.flowd.model.Timestamps;
import io.flowd.model.ValidationError;
import io.flowd.model.Workflow;
import io.flowd.model.schedule.Schedules;
import io.flowd.store.ScheduleRow;
import io.flowd.store.ScheduleSkip;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /workflows/{id}/schedule} (the next fire times and the latest skips) and {@code POST
 * /workflows/{id}/backfill} (one {@code schedule} run per fire time of a past range).
 */
public final class ScheduleController implements RouteGroup {
  /** Fire times {@code GET /workflows/{id}/schedule} lists. */
  public static final int NEXT_FIRES = 10;

  /** Skips {@code GET /workflows/{id}/schedule} lists. */
  public static final int LATEST_SKIPS = 50;

  /** The most runs one backfill starts. */
  public static final int MAX_BACKFILL_RUNS = 1000;

  private final WorkflowService workflows;
  private final ScheduleService schedules;

  public ScheduleController(WorkflowService workflows, ScheduleService schedules) {
    this.workflows = workflows;
    this.schedules = schedules;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/workflows/{id}/schedule", this::get);
    routes.post("/workflows/{id}/backfill", this::backfill);
  }

  /** {@code GET /workflows/{id}/schedule}: 200 {@code {"next_fires", "skips"}}. */
  public void get(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    ScheduleRow row = schedules.schedule(principal.tenantId(), id);
    List<String> next = new ArrayList<>();
    ScheduleConfig config = ScheduleSync.config(row);
    if (config.fires()) {
      long now = System.currentTimeMillis();
      Long fire =
          row.nextRunAt() != null && row.nextRunAt().toEpochMilli() > now
              ? Long.valueOf(row.nextRunAt().toEpochMilli())
              : config.nextFire(now, now);
      while (fire != null && next.size() < NEXT_FIRES) {
        next.add(Timestamps.format(Instant.ofEpochMilli(fire)));
        fire = config.fireAfter(fire);
      }
    }
    List<Map<String, Object>> skips = new ArrayList<>();
    for (ScheduleSkip skip : schedules.latestSkips(principal.tenantId(), id, LATEST_SKIPS)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("scheduled_at", Timestamps.format(skip.scheduledAt()));
      entry.put("reason", skip.reason());
      entry.put("open_run_id", skip.openRunId());
      skips.add(entry);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("next_fires", next);
    body.put("skips", skips);
    Requests.json(ctx, 200, body);
  }

  /**
   * {@code POST /workflows/{id}/backfill} {@code {"start", "end"}}: records one pending {@code
   * schedule} run per fire time in [start, end) that has none yet, answers 202 {@code {"runs": n}}
   * (the runs recorded now) and starts them in the background; the outbox is the backstop.
   */
  public void backfill(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String tenant = principal.tenantId();
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    JsonNode body = Requests.body(ctx);
    Workflow workflow = workflows.load(principal, id);
    List<ValidationError> errors = new ArrayList<>();
    Instant start = null;
    Instant end = null;
    if (!body.isObject()) {
      errors.add(
          new ValidationError("invalid_type", "", "the body must be an object {start, end}"));
    } else {
      start = time(body, "start", errors);
      end = time(body, "end", errors);
    }
    ScheduleConfig config = schedules.config(tenant, id);
    if (!config.isScheduled()) {
      errors.add(
          new ValidationError(
              "not_scheduled",
              "schedule_type",
              "the workflow has no cron or interval schedule to backfill"));
    }
    List<Instant> fires = List.of();
    if (errors.isEmpty()) {
      if (!end.isAfter(start)) {
        errors.add(new ValidationError("invalid_range", "end", "end must be after start"));
      } else {
        fires = fireTimes(config, start, end);
        if (fires.size() > MAX_BACKFILL_RUNS) {
          errors.add(
              new ValidationError(
                  "too_many_fires",
                  "end",
                  "the range holds more than "
                      + MAX_BACKFILL_RUNS
                      + " fire times; split it into smaller ranges"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable("invalid_backfill", "The backfill is invalid.", errors);
    }
    long created = schedules.backfill(tenant, workflow, fires);
    Requests.json(ctx, 202, Map.of("runs", created));
  }

  /**
   * Returns the fire times in [start, end): a cron's matching minutes; for an interval, {@code
   * start} and every interval after it. Stops after one more than the backfill limit.
   */
  static List<Instant> fireTimes(ScheduleConfig config, Instant start, Instant end) {
    List<Instant> times = new ArrayList<>();
    Long fire =
        Schedules.INTERVAL.equals(config.type())
            ? Long.valueOf(start.toEpochMilli())
            : config.fireAfter(start.toEpochMilli() - 1);
    while (fire != null && fire < end.toEpochMilli() && times.size() <= MAX_BACKFILL_RUNS) {
      times.add(Instant.ofEpochMilli(fire));
      fire = config.fireAfter(fire);
    }
    return times;
  }

  private static Instant time(JsonNode body, String field, List<ValidationError> errors) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      errors.add(new ValidationError("required", field, field + " is required"));
      return null;
    }
    if (!value.isTextual()) {
      errors.add(
          new ValidationError("invalid_type", field, field + " must be an RFC 3339 timestamp"));
      return null;
    }
    try {
      return OffsetDateTime.parse(value.textValue()).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(
          new ValidationError(
              "invalid_value",
              field,
              field + " must be an RFC 3339 timestamp such as 2026-06-01T00:00:00Z"));
      return null;
    }
  }
}

package io.flowd.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Authorization;
import io.flowd.model.Edge;
import io.flowd.model.FlowControl;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.model.RunWait;
import io.flowd.model.TriggerSettings;
import io.flowd.model.WebhookSignature;
import io.flowd.model.Workflow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Maps rows to the model's records. JSON columns are read as text and parsed with Jackson. */
final class StoreMappers {
  private static final TypeReference<List<Node>> NODES = new TypeReference<>() {};
  private static final TypeReference<List<Edge>> EDGES = new TypeReference<>() {};

  private StoreMappers() {}

  static void register(Jdbi jdbi) {
    jdbi.registerRowMapper(Run.class, (rs, ctx) -> run(rs));
    jdbi.registerRowMapper(RunLog.class, (rs, ctx) -> runLog(rs));
    jdbi.registerRowMapper(Authorization.class, (rs, ctx) -> authorization(rs));
    jdbi.registerRowMapper(Workflow.class, (rs, ctx) -> workflow(rs));
  }

  static Run run(ResultSet rs) throws SQLException {
    Instant started = instant(rs, "started_at");
    Instant completed = instant(rs, "completed_at");
    Double duration =
        started != null && completed != null
            ? Duration.between(started, completed).toNanos() / 1_000_000_000.0
            : null;
    return new Run(
        rs.getString("id"),
        rs.getString("workflow_id"),
        RunStatus.fromJson(rs.getString("status")),
        rs.getString("trigger_type"),
        json(rs, "trigger_payload"),
        rs.getString("error_message"),
        started,
        completed,
        duration,
        instant(rs, "created_at"),
        rs.getInt("workflow_version"),
        rs.getString("resumed_from_run_id"),
        rs.getString("temporal_workflow_id"),
        json(rs, "output"),
        waits(rs.getString("waiting_for")),
        rs.getString("parent_run_id"),
        null,
        failedRunId(rs.getString("trigger_type"), rs.getString("trigger_payload")),
        null,
        null);
  }

  /** A failure run's trigger payload names the failed run ({@code run_id}). */
  private static String failedRunId(String triggerType, String payload) {
    if (!"failure".equals(triggerType) || payload == null) {
      return null;
    }
    JsonNode id = Json.parse(payload).get("run_id");
    return id != null && id.isTextual() ? id.asText() : null;
  }

  private static List<RunWait> waits(String json) {
    if (json == null) {
      return List.of();
    }
    List<RunWait> waits = new ArrayList<>();
    for (JsonNode wait : Json.parse(json)) {
      waits.add(
          new RunWait(
              wait.path("node_id").asText(),
              wait.path("prompt").isNull() ? null : wait.path("prompt").asText(),
              Instant.parse(wait.path("expires_at").asText())));
    }
    return List.copyOf(waits);
  }

  static RunLog runLog(ResultSet rs) throws SQLException {
    return new RunLog(
        rs.getString("id"),
        rs.getString("run_id"),
        rs.getString("node_id"),
        rs.getString("component_id"),
        rs.getString("status"),
        json(rs, "output"),
        rs.getInt("attempt"),
        rs.getLong("duration_ms"),
        instant(rs, "created_at"),
        rs.getString("handle"),
        lines(json(rs, "console")));
  }

  static Authorization authorization(ResultSet rs) throws SQLException {
    return new Authorization(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("email"),
        instant(rs, "created_at"));
  }

  static Workflow workflow(ResultSet rs) throws SQLException {
    String nodes = rs.getString("nodes");
    String edges = rs.getString("edges");
    try {
      return Workflow.builder()
          .id(rs.getString("id"))
          .name(rs.getString("name"))
          .description(rs.getString("description"))
          .version(rs.getInt("version"))
          .nodes(nodes == null ? null : Json.MAPPER.readValue(nodes, NODES))
          .edges(edges == null ? null : Json.MAPPER.readValue(edges, EDGES))
          .scheduleType(rs.getString("schedule_type"))
          .scheduleValue(rs.getString("schedule_value"))
          .scheduleTimezone(rs.getString("schedule_timezone"))
          .nextRunAt(instant(rs, "next_run_at"))
          .isActive(rs.getBoolean("is_active"))
          .webhookUrl(rs.getString("webhook_url"))
          .createdAt(instant(rs, "created_at"))
          .updatedAt(instant(rs, "updated_at"))
          .triggers(triggers(rs))
          .flowControl(flowControl(rs))
          .retention(retention(rs))
          .build();
    } catch (java.io.IOException e) {
      throw new SQLException("stored graph of " + rs.getString("id") + " is unreadable", e);
    }
  }

  /** Reads the {@code retention} column; absent or {@code NULL} is the service default. */
  private static io.flowd.model.Retention retention(ResultSet rs) throws SQLException {
    String text;
    try {
      text = rs.getString("retention");
    } catch (SQLException noSuchColumn) {
      return null;
    }
    return text == null
        ? null
        : Json.MAPPER.convertValue(Json.parse(text), io.flowd.model.Retention.class);
  }

  /** Reads the {@code flow_control} column; absent or {@code NULL} is no flow control. */
  private static FlowControl flowControl(ResultSet rs) throws SQLException {
    String text;
    try {
      text = rs.getString("flow_control");
    } catch (SQLException noSuchColumn) {
      return FlowControl.NONE;
    }
    return text == null
        ? FlowControl.NONE
        : Json.MAPPER.convertValue(Json.parse(text), FlowControl.class);
  }

  /** Reads the trigger settings columns ({@code Sql.WORKFLOW_TRIGGER_COLUMNS}). */
  static TriggerSettings triggers(ResultSet rs) throws SQLException {
    JsonNode signature = json(rs, "webhook_signature");
    try {
      return new TriggerSettings(
          rs.getString("schedule_overlap"),
          rs.getInt("schedule_catchup_seconds"),
          signature == null ? null : Json.MAPPER.treeToValue(signature, WebhookSignature.class),
          rs.getString("webhook_dedupe_header"));
    } catch (java.io.IOException e) {
      throw new SQLException("stored webhook_signature is unreadable", e);
    }
  }

  private static JsonNode json(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : Json.parse(text);
  }

  private static List<String> lines(JsonNode array) {
    List<String> lines = new ArrayList<>();
    if (array != null) {
      array.forEach(line -> lines.add(line.asText()));
    }
    return lines;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }
}

package io.flowd.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Log rows of one run as the single JSON parameter {@code Sql.LOG_UPSERT_ROWS} reads: binding one
 * text value costs far less than binding every field of every row, and lets the rows travel in the
 * same statement as the run's status change.
 */
public final class LogRows {
  private LogRows() {}

  /**
   * Returns {@code logs} (all of one run) as a JSON array in list order; of two rows of the same
   * node and attempt only the later is kept, since one statement cannot upsert a row twice.
   */
  public static String json(List<NewRunLog> logs) {
    Map<String, NewRunLog> latest = new LinkedHashMap<>();
    for (NewRunLog log : logs) {
      String key = log.nodeId() + '\u0000' + log.attempt();
      latest.remove(key);
      latest.put(key, log);
    }
    ArrayNode rows = Json.MAPPER.createArrayNode();
    for (NewRunLog log : latest.values()) {
      ObjectNode row =
          rows.addObject()
              .put("id", log.id())
              .put("node_id", log.nodeId())
              .put("component_id", log.componentId())
              .put("status", log.status())
              .put("attempt", log.attempt())
              .put("duration_ms", log.durationMs())
              .put("handle", log.handle());
      if (log.output() != null) {
        row.putObject("output").set("v", log.output());
      }
      if (!log.console().isEmpty()) {
        log.console().forEach(row.putArray("console")::add);
      }
    }
    return Json.write(rows);
  }
}

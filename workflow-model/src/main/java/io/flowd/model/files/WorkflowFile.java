package io.flowd.model.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.FlowControl;
import io.flowd.model.Json;
import io.flowd.model.validation.WorkflowDraft;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The workflow file: the body of {@code POST /workflows} plus a {@code key} that names the workflow
 * across servers. This class writes the one canonical form that the server exports and that {@code
 * flowd diff} compares, so a file exported and applied back changes nothing.
 */
public final class WorkflowFile {
  /** What a key may look like: a slug of letters, digits, dots, dashes and underscores. */
  public static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** The {@code managed_by} value of workflows applied from files. */
  public static final String MANAGED_BY_FILES = "files";

  /** Fields of a file that are not part of the workflow's definition. */
  public static final List<String> IDENTITY_FIELDS = List.of("key", "managed_by", "$schema");

  private WorkflowFile() {}

  /** Returns whether {@code key} is a valid workflow key. */
  public static boolean validKey(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  /**
   * Returns the canonical file of a validated draft, fields in a fixed order, nulls left out.
   *
   * @param key the workflow's key, or {@code null} to leave it out
   */
  public static ObjectNode of(String key, WorkflowDraft draft) {
    ObjectNode file = Json.object();
    if (key != null) {
      file.put("key", key);
    }
    file.put("name", draft.name());
    putNonNull(file, "description", Json.toTree(draft.description()));
    file.put("is_active", draft.isActive());
    file.put("schedule_type", draft.scheduleType());
    putNonNull(file, "schedule_value", Json.toTree(draft.scheduleValue()));
    file.put("schedule_timezone", draft.scheduleTimezone());
    if (draft.triggers() != null) {
      Json.toTree(draft.triggers()).fields().forEachRemaining(f -> putNonNull(file, f));
    }
    Json.toTree(FlowControl.orNone(draft.flowControl()))
        .fields()
        .forEachRemaining(f -> putNonNull(file, f));
    if (draft.retention() != null) {
      file.set("retention", Json.toTree(draft.retention()));
    }
    file.set("nodes", Json.toTree(draft.graph().nodes()));
    file.set("edges", Json.toTree(draft.graph().edges()));
    return file;
  }

  /** Returns a copy of {@code file} without its identity fields: the body the API validates. */
  public static ObjectNode body(JsonNode file) {
    ObjectNode body = file.deepCopy();
    body.remove(IDENTITY_FIELDS);
    return body;
  }

  /** Returns the names of the top-level fields that are neither identity, graph nor unknown. */
  static List<String> settingNames(JsonNode a, JsonNode b) {
    List<String> names = new ArrayList<>();
    for (JsonNode side : new JsonNode[] {a, b}) {
      side.fieldNames()
          .forEachRemaining(
              n -> {
                if (!IDENTITY_FIELDS.contains(n)
                    && !n.equals("nodes")
                    && !n.equals("edges")
                    && !names.contains(n)) {
                  names.add(n);
                }
              });
    }
    return names;
  }

  private static void putNonNull(ObjectNode file, java.util.Map.Entry<String, JsonNode> field) {
    putNonNull(file, field.getKey(), field.getValue());
  }

  private static void putNonNull(ObjectNode file, String name, JsonNode value) {
    if (value != null && !value.isNull() && !value.isMissingNode()) {
      file.set(name, value);
    }
  }
}

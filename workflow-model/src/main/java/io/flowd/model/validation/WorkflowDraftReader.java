package io.flowd.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.ComponentCatalog;
import io.flowd.model.Edge;
import io.flowd.model.FlowControl;
import io.flowd.model.Graph;
import io.flowd.model.Node;
import io.flowd.model.Position;
import io.flowd.model.Retention;
import io.flowd.model.TriggerSettings;
import io.flowd.model.ValidationError;
import io.flowd.model.schedule.Schedules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a workflow request body ({@code POST /workflows}, {@code PUT /workflows/{id}}, {@code POST
 * /workflows/validate}): checks field types, input limits and every graph rule, and reports all
 * problems at once with paths such as {@code name} or {@code nodes[2].data.url}.
 *
 * <p>Codes: {@code invalid_type} for a value of the wrong JSON type, {@code required} for a missing
 * required field, {@code too_long} and {@code invalid_value} for values past the contract's limits
 * (including strings that contain U+0000), {@code invalid_schedule} for schedule problems, {@code
 * too_large} for graphs past the size limits, {@code unknown_field} for a field of the workflow, a
 * node or an edge that the contract does not define (with a did-you-mean when a known field is
 * close), and the graph rules' codes of {@link GraphValidator}. A field that is {@code null} takes
 * its default, except {@code name}, {@code nodes} and {@code edges}, which are then missing.
 */
public final class WorkflowDraftReader {
  /** Longest workflow name, in characters. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Longest workflow description, in characters. */
  public static final int MAX_DESCRIPTION_LENGTH = 2000;

  /** The fields a workflow body may set. */
  static final List<String> WORKFLOW_FIELDS =
      List.of(
          "name",
          "description",
          "nodes",
          "edges",
          "schedule_type",
          "schedule_value",
          "schedule_timezone",
          "is_active",
          "schedule_overlap",
          "schedule_catchup_seconds",
          "webhook_signature",
          "webhook_dedupe_header",
          "timeout_seconds",
          "concurrency",
          "on_failure",
          "retention");

  /**
   * Fields of a workflow as the API answers it that a body may carry back unchanged (a workflow
   * read, edited and saved): they are ignored.
   */
  static final List<String> READ_ONLY_FIELDS =
      List.of(
          "id",
          "version",
          "next_run_at",
          "webhook_url",
          "created_at",
          "updated_at",
          "authorization",
          "runs");

  private static final List<String> NODE_FIELDS = List.of("id", "type", "position", "data");
  private static final List<String> EDGE_FIELDS = List.of("id", "source", "target", "sourceHandle");

  /** The settings every node's data takes, which a misplaced top-level node field may mean. */
  private static final List<String> NODE_SETTINGS =
      List.of("timeout_seconds", "retry", "continue_on_error", "label");

  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final ComponentCatalog catalog;

  /** Creates a reader that checks components against {@code catalog}. */
  public WorkflowDraftReader(ComponentCatalog catalog) {
    this.catalog = catalog;
  }

  /** Reads a create body: {@code name}, {@code nodes} and {@code edges} are required. */
  public Validated<WorkflowDraft> readCreate(JsonNode body) {
    return new Reading(body, null).read();
  }

  /**
   * Reads a partial update: fields absent from {@code body} keep their value in {@code current}.
   * The resulting graph and schedule are checked as a whole.
   */
  public Validated<WorkflowDraft> readUpdate(JsonNode body, WorkflowDraft current) {
    Objects.requireNonNull(current, "current");
    return new Reading(body, current).read();
  }

  private final class Reading {
    private final JsonNode body;
    private final WorkflowDraft current;
    private final List<ValidationError> errors = new ArrayList<>();
    private boolean positionOk;
    private boolean scheduleReadable = true;

    Reading(JsonNode body, WorkflowDraft current) {
      this.body = body;
      this.current = current;
    }

    Validated<WorkflowDraft> read() {
      if (body == null || !body.isObject()) {
        errors.add(
            new ValidationError("invalid_type", "body", "the request body must be a JSON object"));
        return new Validated<>(null, errors);
      }
      unknownFields(body, "", WORKFLOW_FIELDS, READ_ONLY_FIELDS, List.of());
      String name = readName();
      String description = readDescription();
      Graph currentGraph =
          current == null || current.graph() == null ? new Graph(null, null) : current.graph();
      List<Node> nodes = currentGraph.nodes();
      List<Edge> edges = currentGraph.edges();
      boolean graphReadable = true;
      if (body.has("nodes") || current == null) {
        nodes = readNodes();
        graphReadable = nodes != null;
      }
      if (body.has("edges") || current == null) {
        edges = readEdges();
        graphReadable &= edges != null;
      }
      String scheduleType = readScheduleType();
      String scheduleValue = readScheduleValue(scheduleType);
      String scheduleTimezone = readScheduleTimezone();
      if (scheduleReadable) {
        errors.addAll(Schedules.check(scheduleType, scheduleValue, scheduleTimezone));
      }
      boolean isActive = readIsActive();
      TriggerSettings triggers =
          new TriggerSettingsReader(body, current == null ? null : current.triggers(), errors)
              .read();
      FlowControl flowControl =
          new FlowControlReader(body, current == null ? null : current.flowControl(), errors)
              .read();
      Retention retention =
          RetentionReader.read(
              body.get("retention"), current == null ? null : current.retention(), errors);
      findNulCharacters(body, "");
      Graph graph = null;
      if (graphReadable) {
        graph = new Graph(nodes, edges);
        errors.addAll(new GraphValidator(catalog).validate(graph));
      }
      if (!errors.isEmpty()) {
        return new Validated<>(null, errors);
      }
      return new Validated<>(
          new WorkflowDraft(
              name,
              description,
              graph,
              scheduleType,
              scheduleValue,
              scheduleTimezone,
              isActive,
              triggers,
              flowControl,
              retention),
          errors);
    }

    /**
     * Reports each field of {@code object} that is neither {@code known} nor {@code ignored}, with
     * the closest known field as a hint; a name close to one of {@code inData} (node settings) is
     * pointed into {@code data}.
     */
    private void unknownFields(
        JsonNode object,
        String path,
        List<String> known,
        List<String> ignored,
        List<String> inData) {
      for (String field : (Iterable<String>) object::fieldNames) {
        if (known.contains(field) || ignored.contains(field)) {
          continue;
        }
        String hint = Suggestions.didYouMean(field, known);
        if (hint.isEmpty()) {
          String setting = Suggestions.closest(field, inData);
          if (setting == null && inData.contains(field)) {
            setting = field;
          }
          if (setting != null) {
            hint = "; did you mean data." + setting + "?";
          }
        }
        errors.add(
            new ValidationError(
                "unknown_field", child(path, field), "unknown field '" + field + "'" + hint));
      }
    }

    private String readName() {
      JsonNode value = body.get("name");
      if (value == null || value.isNull()) {
        if (current != null && value == null) {
          return current.name();
        }
        errors.add(new ValidationError("required", "name", "name is required"));
        return null;
      }
      if (!value.isTextual()) {
        errors.add(new ValidationError("invalid_type", "name", "name must be a string"));
        return null;
      }
      String name = value.textValue();
      if (name.isBlank()) {
        errors.add(new ValidationError("invalid_value", "name", "name must not be empty"));
      } else if (length(name) > MAX_NAME_LENGTH) {
        errors.add(
            new ValidationError(
                "too_long",
                "name",
                "name must be at most " + MAX_NAME_LENGTH + " characters, got " + length(name)));
      }
      return name;
    }

    private String readDescription() {
      JsonNode value = body.get("description");
      if (value == null) {
        return current == null ? null : current.description();
      }
      if (value.isNull()) {
        return null;
      }
      if (!value.isTextual()) {
        errors.add(
            new ValidationError(
                "invalid_type", "description", "description must be a string or null"));
        return null;
      }
      String description = value.textValue();
      if (length(description) > MAX_DESCRIPTION_LENGTH) {
        errors.add(
            new ValidationError(
                "too_long",
                "description",
                "description must be at most "
                    + MAX_DESCRIPTION_LENGTH
                    + " characters, got "
                    + length(description)));
      }
      return description;
    }

    private List<Node> readNodes() {
      JsonNode array = requiredArray("nodes", GraphValidator.MAX_NODES);
      if (array == null) {
        return null;
      }
      List<Node> nodes = new ArrayList<>(array.size());
      boolean ok = true;
      for (int i = 0; i < array.size(); i++) {
        String path = "nodes[" + i + "]";
        JsonNode element = array.get(i);
        if (!element.isObject()) {
          errors.add(new ValidationError("invalid_type", path, "a node must be an object"));
          ok = false;
          continue;
        }
        unknownFields(element, path, NODE_FIELDS, List.of(), NODE_SETTINGS);
        String id = requiredString(element, path, "id");
        String type = requiredString(element, path, "type");
        positionOk = true;
        Position position = readPosition(element.get("position"), path + ".position");
        ObjectNode data = null;
        JsonNode dataValue = element.get("data");
        if (dataValue == null || dataValue.isNull()) {
          errors.add(
              new ValidationError(
                  "invalid_config",
                  path + ".data",
                  "data is required: an object with componentId and the component's settings"));
        } else if (!dataValue.isObject()) {
          errors.add(new ValidationError("invalid_type", path + ".data", "data must be an object"));
        } else {
          data = (ObjectNode) dataValue.deepCopy();
        }
        if (id == null || type == null || data == null || !positionOk) {
          ok = false;
          continue;
        }
        nodes.add(new Node(id, type, position, data));
      }
      return ok ? nodes : null;
    }

    private Position readPosition(JsonNode value, String path) {
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isObject()) {
        errors.add(
            new ValidationError(
                "invalid_type", path, "position must be an object {\"x\", \"y\"} or null"));
        positionOk = false;
        return null;
      }
      for (String axis : List.of("x", "y")) {
        JsonNode coordinate = value.get(axis);
        if (coordinate == null || !coordinate.isNumber()) {
          errors.add(
              new ValidationError(
                  coordinate == null ? "required" : "invalid_type",
                  path + "." + axis,
                  "position." + axis + " must be a number"));
          positionOk = false;
        }
      }
      return positionOk
          ? new Position(value.get("x").doubleValue(), value.get("y").doubleValue())
          : null;
    }

    private List<Edge> readEdges() {
      JsonNode array = requiredArray("edges", GraphValidator.MAX_EDGES);
      if (array == null) {
        return null;
      }
      List<Edge> edges = new ArrayList<>(array.size());
      boolean ok = true;
      for (int j = 0; j < array.size(); j++) {
        String path = "edges[" + j + "]";
        JsonNode element = array.get(j);
        if (!element.isObject()) {
          errors.add(new ValidationError("invalid_type", path, "an edge must be an object"));
          ok = false;
          continue;
        }
        unknownFields(element, path, EDGE_FIELDS, List.of(), List.of());
        String id = requiredString(element, path, "id");
        String source = requiredString(element, path, "source");
        String target = requiredString(element, path, "target");
        JsonNode handle = element.get("sourceHandle");
        boolean handleOk = handle == null || handle.isNull() || handle.isTextual();
        if (!handleOk) {
          errors.add(
              new ValidationError(
                  "invalid_type", path + ".sourceHandle", "sourceHandle must be a string or null"));
        }
        if (id == null || source == null || target == null || !handleOk) {
          ok = false;
          continue;
        }
        edges.add(
            new Edge(
                id, source, target, handle == null || handle.isNull() ? null : handle.textValue()));
      }
      return ok ? edges : null;
    }

    private JsonNode requiredArray(String field, int max) {
      JsonNode value = body.get(field);
      if (value == null || value.isNull()) {
        errors.add(new ValidationError("required", field, field + " is required"));
        return null;
      }
      if (!value.isArray()) {
        errors.add(new ValidationError("invalid_type", field, field + " must be an array"));
        return null;
      }
      if (value.size() > max) {
        errors.add(
            new ValidationError(
                "too_large",
                field,
                "a graph may have at most " + max + " " + field + ", got " + value.size()));
        return null;
      }
      return value;
    }

    private String requiredString(JsonNode object, String path, String field) {
      JsonNode value = object.get(field);
      if (value == null || value.isNull()) {
        errors.add(new ValidationError("required", path + "." + field, field + " is required"));
        return null;
      }
      if (!value.isTextual()) {
        errors.add(
            new ValidationError("invalid_type", path + "." + field, field + " must be a string"));
        return null;
      }
      if (value.textValue().isEmpty()) {
        errors.add(
            new ValidationError("invalid_value", path + "." + field, field + " must not be empty"));
        return null;
      }
      return value.textValue();
    }

    private String readScheduleType() {
      JsonNode value = body.get("schedule_type");
      if (value == null) {
        return current == null ? Schedules.MANUAL : current.scheduleType();
      }
      if (value.isNull()) {
        return Schedules.MANUAL;
      }
      if (!value.isTextual()) {
        errors.add(
            new ValidationError(
                "invalid_type", "schedule_type", "schedule_type must be manual, cron or interval"));
        scheduleReadable = false;
        return null;
      }
      return value.textValue();
    }

    private String readScheduleValue(String scheduleType) {
      JsonNode value = body.get("schedule_value");
      if (value == null) {
        if (current == null || !Objects.equals(scheduleType, current.scheduleType())) {
          return null;
        }
        return current.scheduleValue();
      }
      if (value.isNull()) {
        return null;
      }
      if (!value.isTextual()) {
        errors.add(
            new ValidationError(
                "invalid_type", "schedule_value", "schedule_value must be a string or null"));
        scheduleReadable = false;
        return null;
      }
      return value.textValue();
    }

    private String readScheduleTimezone() {
      JsonNode value = body.get("schedule_timezone");
      if (value == null) {
        return current == null ? Schedules.DEFAULT_ZONE : current.scheduleTimezone();
      }
      if (value.isNull()) {
        return Schedules.DEFAULT_ZONE;
      }
      if (!value.isTextual()) {
        errors.add(
            new ValidationError(
                "invalid_type",
                "schedule_timezone",
                "schedule_timezone must be an IANA time zone name"));
        scheduleReadable = false;
        return null;
      }
      return value.textValue();
    }

    private boolean readIsActive() {
      JsonNode value = body.get("is_active");
      if (value == null || value.isNull()) {
        return current == null || current.isActive();
      }
      if (!value.isBoolean()) {
        errors.add(
            new ValidationError("invalid_type", "is_active", "is_active must be true or false"));
        return false;
      }
      return value.booleanValue();
    }

    private void findNulCharacters(JsonNode value, String path) {
      if (value.isTextual()) {
        if (value.textValue().indexOf('\0') >= 0) {
          errors.add(
              new ValidationError(
                  "invalid_value", path, "strings must not contain the character U+0000"));
        }
      } else if (value.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          String childPath = child(path, field.getKey());
          if (field.getKey().indexOf('\0') >= 0) {
            errors.add(
                new ValidationError(
                    "invalid_value",
                    childPath,
                    "field names must not contain the character U+0000"));
          }
          findNulCharacters(field.getValue(), childPath);
        }
      } else if (value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          findNulCharacters(value.get(i), path + "[" + i + "]");
        }
      }
    }
  }

  private static String child(String path, String key) {
    if (SIMPLE_KEY.matcher(key).matches()) {
      return path.isEmpty() ? key : path + "." + key;
    }
    String quoted =
        "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"").replace("\0", "\\u0000") + "\"]";
    return path + quoted;
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}

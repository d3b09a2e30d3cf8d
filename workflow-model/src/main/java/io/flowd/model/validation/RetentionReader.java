package io.flowd.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Retention;
import io.flowd.model.RunStatus;
import io.flowd.model.ValidationError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code retention} field of a workflow body: {@code {"keep_days", "keep_last",
 * "keep_days_by_status"}} or {@code null} (the service default). An absent field keeps the current
 * value on update. Every problem is reported, with paths such as {@code
 * retention.keep_days_by_status.running}.
 */
public final class RetentionReader {
  private static final List<String> FIELDS =
      List.of("keep_days", "keep_last", "keep_days_by_status");

  private RetentionReader() {}

  /** Reads {@code value} (the field, or {@code null} when absent) into a policy, or errors. */
  static Retention read(JsonNode value, Retention current, List<ValidationError> errors) {
    if (value == null) {
      return current;
    }
    if (value.isNull()) {
      return null;
    }
    return read(value, "retention", errors);
  }

  /**
   * Reads a policy object at {@code path} (a workflow's field, or the service default); adds an
   * error per problem and returns {@code null} when there is one.
   */
  public static Retention read(JsonNode value, String path, List<ValidationError> errors) {
    if (!value.isObject()) {
      errors.add(
          new ValidationError(
              "invalid_type",
              path,
              path
                  + " must be an object {\"keep_days\", \"keep_last\", \"keep_days_by_status\"}"
                  + " or null"));
      return null;
    }
    int before = errors.size();
    value
        .fieldNames()
        .forEachRemaining(
            field -> {
              if (!FIELDS.contains(field)) {
                errors.add(
                    new ValidationError(
                        "unknown_field",
                        path + "." + field,
                        "unknown field '"
                            + field
                            + "'; retention has keep_days, keep_last and keep_days_by_status"));
              }
            });
    Integer keepDays =
        number(value.get("keep_days"), path + ".keep_days", Retention.MAX_DAYS, errors);
    Integer keepLast =
        number(value.get("keep_last"), path + ".keep_last", Retention.MAX_KEEP_LAST, errors);
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    JsonNode statuses = value.get("keep_days_by_status");
    String statusesPath = path + ".keep_days_by_status";
    if (statuses != null && !statuses.isNull()) {
      if (!statuses.isObject()) {
        errors.add(
            new ValidationError(
                "invalid_type",
                statusesPath,
                "keep_days_by_status must be an object of days by status, such as"
                    + " {\"failed\": 90}"));
      } else {
        statuses
            .fields()
            .forEachRemaining(
                e -> {
                  String at = statusesPath + "." + e.getKey();
                  RunStatus status = RunStatus.fromJson(e.getKey());
                  if (status == null || !status.isTerminal()) {
                    errors.add(
                        new ValidationError(
                            "invalid_value",
                            at,
                            (status == null
                                    ? "'" + e.getKey() + "' is not a run status"
                                    : "open runs (" + e.getKey() + ") are never purged")
                                + "; keep_days_by_status takes "
                                + String.join(", ", Retention.statuses())));
                    return;
                  }
                  Integer days = number(e.getValue(), at, Retention.MAX_DAYS, errors);
                  if (days != null) {
                    byStatus.put(e.getKey(), days);
                  }
                });
      }
    }
    if (errors.size() > before) {
      return null;
    }
    return new Retention(keepDays, keepLast, byStatus);
  }

  private static Integer number(
      JsonNode value, String path, int max, List<ValidationError> errors) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber()) {
      errors.add(new ValidationError("invalid_type", path, path + " must be a whole number"));
      return null;
    }
    if (value.asLong() < 1 || value.asLong() > max) {
      errors.add(
          new ValidationError(
              "invalid_value",
              path,
              path + " must be between 1 and " + max + ", got " + value.asText()));
      return null;
    }
    return value.intValue();
  }
}

package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code validate}: checks the fields of {@code input} (an object; when {@code input} is not
 * configured, the node's input) against {@code rules} {@code {"field": "required|email|min:3"}} and
 * outputs {@code {"valid": true}}, or fails the node (not retried) with a message listing every
 * broken rule.
 *
 * <p>A field is a key or a dotted path ({@code user.email}). Rules: {@code required} (present, not
 * {@code null}, not blank text), {@code string}, {@code number} (a JSON number), {@code email},
 * {@code min:N} and {@code max:N} (a number's value, a string's length in characters, an array's
 * size). The other rules of a field that is absent or {@code null} and not required are skipped.
 */
public final class ValidateHandler extends HandlerBase implements PureNodeHandler {
  private static final int MAX_EMAIL_LENGTH = 254;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
  private static final List<String> PLAIN_RULES = List.of("required", "string", "number", "email");

  public ValidateHandler() {
    super("validate", NodeType.ACTION);
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    JsonNode rules = data.get("rules");
    if (rules == null || !rules.isObject() || rules.isEmpty()) {
      errors.add(
          new ValidationError(
              ConfigChecks.INVALID,
              path + ".rules",
              "rules must be an object naming at least one field, such as {\"email\": "
                  + "\"required|email\"}"));
      return errors;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = rules.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String rulePath = path + ".rules." + field.getKey();
      if (field.getKey().isBlank()) {
        errors.add(new ValidationError(ConfigChecks.INVALID, rulePath, "a field name is empty"));
      }
      if (!field.getValue().isTextual() || field.getValue().textValue().isBlank()) {
        errors.add(
            new ValidationError(
                ConfigChecks.INVALID, rulePath, "rules are a string such as \"required|email\""));
        continue;
      }
      for (String rule : field.getValue().textValue().split("\\|", -1)) {
        String problem = ruleProblem(rule.strip());
        if (problem != null) {
          errors.add(new ValidationError(ConfigChecks.INVALID, rulePath, problem));
        }
      }
    }
    return errors;
  }

  private static String ruleProblem(String rule) {
    if (PLAIN_RULES.contains(rule)) {
      return null;
    }
    if (rule.startsWith("min:") || rule.startsWith("max:")) {
      return bound(rule) == null ? rule + ": " + rule.substring(0, 3) + " needs a number" : null;
    }
    return "unknown rule '"
        + rule
        + "'; rules are required, string, number, email, min:N and max:N";
  }

  private static BigDecimal bound(String rule) {
    String n = rule.substring(4).strip();
    if (n.isEmpty() || n.length() > 30) {
      return null;
    }
    try {
      return new BigDecimal(n);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
    JsonNode subject = config.has("input") ? config.get("input") : input;
    if (subject != null && !subject.isNull() && !subject.isObject()) {
      throw new NodeFailure(
          "invalid_input", "input must be an object, got " + ConfigChecks.kind(subject), false);
    }
    List<String> broken = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = config.path("rules").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      check(field.getKey(), lookup(subject, field.getKey()), field.getValue().asText(), broken);
    }
    if (!broken.isEmpty()) {
      throw new NodeFailure(
          "validation_failed", "validation failed: " + String.join("; ", broken), false);
    }
    return NodeOutcome.of(Json.object().put("valid", true));
  }

  private static JsonNode lookup(JsonNode subject, String field) {
    JsonNode value = subject;
    if (value != null && value.has(field)) {
      return value.get(field);
    }
    for (String part : field.split("\\.", -1)) {
      if (value == null || !value.isObject()) {
        return null;
      }
      value = value.get(part);
    }
    return value;
  }

  private static void check(String field, JsonNode value, String rules, List<String> broken) {
    List<String> list = new ArrayList<>();
    for (String rule : rules.split("\\|", -1)) {
      list.add(rule.strip());
    }
    boolean absent = value == null || value.isNull() || value.isMissingNode();
    if (absent || (value.isTextual() && value.textValue().isBlank())) {
      if (list.contains("required")) {
        broken.add(field + " is required");
        return;
      }
      if (absent) {
        return;
      }
    }
    for (String rule : list) {
      String problem = problem(rule, value);
      if (problem != null) {
        broken.add(field + " " + problem);
      }
    }
  }

  private static String problem(String rule, JsonNode value) {
    switch (rule) {
      case "required":
        return null;
      case "string":
        return value.isTextual() ? null : "must be a string, got " + ConfigChecks.kind(value);
      case "number":
        return value.isNumber() ? null : "must be a number, got " + ConfigChecks.kind(value);
      case "email":
        return value.isTextual()
                && value.textValue().length() <= MAX_EMAIL_LENGTH
                && EMAIL.matcher(value.textValue()).matches()
            ? null
            : "must be an email address";
      default:
        return size(rule, value);
    }
  }

  private static String size(String rule, JsonNode value) {
    BigDecimal bound = rule.length() > 4 ? bound(rule) : null;
    if (bound == null) {
      return "has an unknown rule '" + rule + "'";
    }
    boolean min = rule.startsWith("min:");
    BigDecimal actual;
    String what;
    if (value.isNumber() && Double.isFinite(value.doubleValue())) {
      actual = value.decimalValue();
      what = "";
    } else if (value.isTextual()) {
      actual = BigDecimal.valueOf(value.textValue().codePointCount(0, value.textValue().length()));
      what = " characters";
    } else if (value.isArray()) {
      actual = BigDecimal.valueOf(value.size());
      what = " items";
    } else {
      return "must be a number, string or array for " + rule + ", got " + ConfigChecks.kind(value);
    }
    int cmp = actual.compareTo(bound);
    if (min ? cmp >= 0 : cmp <= 0) {
      return null;
    }
    String shown = bound.toPlainString();
    if (what.isEmpty()) {
      return "must be " + (min ? "at least " : "at most ") + shown;
    }
    return "must have " + (min ? "at least " : "at most ") + shown + what;
  }
}

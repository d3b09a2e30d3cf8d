package io.flowd.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.TriggerSettings;
import io.flowd.model.ValidationError;
import io.flowd.model.WebhookSignature;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks a workflow body's schedule and webhook settings ({@code schedule_overlap},
 * {@code schedule_catchup_seconds}, {@code webhook_signature}, {@code webhook_dedupe_header}). An
 * absent field keeps its current value; {@code null} takes the default. Whether the named vault
 * secret exists is checked by the API, which can read the vault.
 */
final class TriggerSettingsReader {
  /** Longest catch-up window: one year. */
  static final int MAX_CATCHUP_SECONDS = 365 * 86_400;

  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,200}");
  private static final Pattern VAULT_NAME = Pattern.compile("[A-Za-z0-9_]{3,50}");
  private static final Set<String> SIGNATURE_FIELDS =
      Set.of("vault", "header", "algorithm", "prefix", "format");

  private final JsonNode body;
  private final TriggerSettings current;
  private final List<ValidationError> errors;

  TriggerSettingsReader(JsonNode body, TriggerSettings current, List<ValidationError> errors) {
    this.body = body;
    this.current = current == null ? TriggerSettings.DEFAULTS : current;
    this.errors = errors;
  }

  TriggerSettings read() {
    return new TriggerSettings(overlap(), catchup(), signature(), dedupeHeader());
  }

  private String overlap() {
    JsonNode value = body.get("schedule_overlap");
    if (value == null) {
      return current.scheduleOverlap();
    }
    if (value.isNull()) {
      return TriggerSettings.SKIP;
    }
    if (!value.isTextual() || !TriggerSettings.OVERLAP_POLICIES.contains(value.textValue())) {
      errors.add(
          new ValidationError(
              value.isTextual() ? "invalid_value" : "invalid_type",
              "schedule_overlap",
              "schedule_overlap must be one of "
                  + String.join(", ", TriggerSettings.OVERLAP_POLICIES)));
      return TriggerSettings.SKIP;
    }
    return value.textValue();
  }

  private int catchup() {
    JsonNode value = body.get("schedule_catchup_seconds");
    if (value == null) {
      return current.scheduleCatchupSeconds();
    }
    if (value.isNull()) {
      return TriggerSettings.DEFAULT_CATCHUP_SECONDS;
    }
    if (!value.isIntegralNumber()) {
      errors.add(
          new ValidationError(
              "invalid_type",
              "schedule_catchup_seconds",
              "schedule_catchup_seconds must be a whole number of seconds"));
      return TriggerSettings.DEFAULT_CATCHUP_SECONDS;
    }
    if (!value.canConvertToLong()
        || value.longValue() < 0
        || value.longValue() > MAX_CATCHUP_SECONDS) {
      errors.add(
          new ValidationError(
              "invalid_value",
              "schedule_catchup_seconds",
              "schedule_catchup_seconds must be between 0 and "
                  + MAX_CATCHUP_SECONDS
                  + " (a year)"));
      return TriggerSettings.DEFAULT_CATCHUP_SECONDS;
    }
    return value.intValue();
  }

  private String dedupeHeader() {
    JsonNode value = body.get("webhook_dedupe_header");
    if (value == null) {
      return current.webhookDedupeHeader();
    }
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual() || !HEADER_NAME.matcher(value.textValue()).matches()) {
      errors.add(
          new ValidationError(
              value.isTextual() ? "invalid_value" : "invalid_type",
              "webhook_dedupe_header",
              "webhook_dedupe_header must be an HTTP header name (at most 200 characters) or null"));
      return null;
    }
    return value.textValue();
  }

  private WebhookSignature signature() {
    JsonNode value = body.get("webhook_signature");
    if (value == null) {
      return current.webhookSignature();
    }
    if (value.isNull()) {
      return null;
    }
    String path = "webhook_signature";
    if (!value.isObject()) {
      errors.add(
          new ValidationError(
              "invalid_type",
              path,
              "webhook_signature must be an object {\"vault\", \"header\", \"algorithm\","
                  + " \"prefix\", \"format\"} or null"));
      return null;
    }
    int before = errors.size();
    Iterator<String> names = value.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!SIGNATURE_FIELDS.contains(name)) {
        errors.add(
            new ValidationError(
                "invalid_value",
                path + "." + name,
                "unknown field; webhook_signature takes vault, header, algorithm, prefix and"
                    + " format"));
      }
    }
    String vault = text(value, "vault", null, true);
    if (vault != null && !VAULT_NAME.matcher(vault).matches()) {
      errors.add(
          new ValidationError(
              "invalid_value",
              path + ".vault",
              "vault must name a vault secret: 3 to 50 of A-Z, a-z, 0-9 and _"));
    }
    String header = text(value, "header", null, true);
    if (header != null && !HEADER_NAME.matcher(header).matches()) {
      errors.add(
          new ValidationError(
              "invalid_value",
              path + ".header",
              "header must be an HTTP header name of at most 200 characters"));
    }
    String algorithm = text(value, "algorithm", "sha256", false);
    if (algorithm != null && !WebhookSignature.ALGORITHMS.contains(algorithm)) {
      errors.add(
          new ValidationError(
              "invalid_value", path + ".algorithm", "algorithm must be sha256 or sha1"));
    }
    String prefix = text(value, "prefix", "", false);
    if (prefix != null && prefix.length() > 50) {
      errors.add(
          new ValidationError(
              "too_long", path + ".prefix", "prefix must be at most 50 characters"));
    }
    String format = text(value, "format", "plain", false);
    if (format != null && !WebhookSignature.FORMATS.contains(format)) {
      errors.add(
          new ValidationError(
              "invalid_value", path + ".format", "format must be plain or timestamped"));
    }
    if (errors.size() > before) {
      return null;
    }
    return new WebhookSignature(vault, header, algorithm, prefix, format);
  }

  private String text(JsonNode object, String field, String fallback, boolean required) {
    JsonNode value = object.get(field);
    String path = "webhook_signature." + field;
    if (value == null || value.isNull()) {
      if (required) {
        errors.add(new ValidationError("required", path, field + " is required"));
      }
      return fallback;
    }
    if (!value.isTextual()) {
      errors.add(new ValidationError("invalid_type", path, field + " must be a string"));
      return null;
    }
    return value.textValue();
  }
}

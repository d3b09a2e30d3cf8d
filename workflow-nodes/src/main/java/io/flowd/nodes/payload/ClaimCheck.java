package io.flowd.nodes.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The claim-check rule: a value over {@link #INLINE_LIMIT_BYTES} never enters Temporal history. It
 * is stored in PostgreSQL and passed as {@code {"$ref": "pl_…"}}; only activities read it back.
 * These helpers are pure, so workflow code may use them.
 */
public final class ClaimCheck {
  /** Largest serialised value that may travel through Temporal history: 256 KiB. */
  public static final int INLINE_LIMIT_BYTES = 256 * 1024;

  /** Largest value a node may produce at all: 10 MiB. */
  public static final long MAX_BYTES = 10L * 1024 * 1024;

  /** Prefix of payload ids. */
  public static final String PREFIX = "pl_";

  private ClaimCheck() {}

  /** Returns whether {@code value} is a reference {@code {"$ref": "pl_…"}}. */
  public static boolean isRef(JsonNode value) {
    return value != null
        && value.isObject()
        && value.size() == 1
        && value.path("$ref").isTextual()
        && value.path("$ref").asText().startsWith(PREFIX);
  }

  /** Returns whether any of {@code values} is a reference. */
  public static boolean anyRef(Collection<JsonNode> values) {
    return values.stream().anyMatch(ClaimCheck::isRef);
  }

  /** Returns the reference to the payload {@code id}. */
  public static ObjectNode ref(String id) {
    return Json.object().put("$ref", id);
  }

  /** Returns the serialised size of {@code value} in UTF-8 bytes. */
  public static long sizeOf(JsonNode value) {
    return value == null ? 0 : Json.write(value).getBytes(StandardCharsets.UTF_8).length;
  }
}

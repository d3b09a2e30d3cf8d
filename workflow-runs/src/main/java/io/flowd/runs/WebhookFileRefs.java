package io.flowd.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored webhook files a trigger payload names: the {@code payload_id} of each reference in
 * {@code body.files} (one reference or an array of them per field), as a multipart webhook delivery
 * leaves them, and as a rerun or resume of such a run copies them.
 */
final class WebhookFileRefs {
  private WebhookFileRefs() {}

  /** Returns the payload ids {@code triggerPayload} names, empty for most runs. */
  static List<String> of(JsonNode triggerPayload) {
    if (triggerPayload == null) {
      return List.of();
    }
    JsonNode files = triggerPayload.path("body").path("files");
    if (!files.isObject() || files.isEmpty()) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode field : files) {
      if (field.isArray()) {
        field.forEach(file -> add(ids, file));
      } else {
        add(ids, field);
      }
    }
    return ids;
  }

  private static void add(List<String> ids, JsonNode file) {
    JsonNode id = file.path("payload_id");
    if (id.isTextual() && !ids.contains(id.asText())) {
      ids.add(id.asText());
    }
  }
}

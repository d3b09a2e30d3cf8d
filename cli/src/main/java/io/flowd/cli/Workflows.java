package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Ids;

/** Finds workflows by key or id. */
final class Workflows {
  private Workflows() {}

  /** Returns the id of the workflow {@code keyOrId} names (a workflow id, or a key). */
  static String idOf(ApiClient api, String keyOrId) {
    if (Ids.matches(Ids.WORKFLOW, keyOrId)) {
      return keyOrId;
    }
    JsonNode view = api.getOrNull("/workflows/by-key/" + ApiClient.encode(keyOrId));
    if (view == null) {
      throw new CliException(ExitCodes.REFUSED, "No workflow has the key " + keyOrId + ".");
    }
    return view.path("id").asText();
  }
}

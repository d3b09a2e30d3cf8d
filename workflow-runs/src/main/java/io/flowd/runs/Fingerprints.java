package io.flowd.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** The request fingerprint of an idempotent start: workflow id plus canonical JSON body. */
public final class Fingerprints {
  private Fingerprints() {}

  /** Returns the SHA-256 of the workflow id and the body with object keys sorted. */
  public static String of(String workflowId, JsonNode body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(workflowId.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) '\n');
      digest.update(Json.write(canonical(body)).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode canonical(JsonNode node) {
    if (node == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (node.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        sorted.put(field.getKey(), canonical(field.getValue()));
      }
      ObjectNode out = Json.object();
      sorted.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> out.add(canonical(item)));
      return out;
    }
    return node;
  }
}

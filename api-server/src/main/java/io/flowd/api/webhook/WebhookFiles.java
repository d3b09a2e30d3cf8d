package io.flowd.api.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.nodes.payload.ClaimCheck;
import io.flowd.store.Database;
import io.flowd.store.PayloadDao;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Stores the files of a multipart webhook body in the payload store (the claim check) and returns
 * their references. A file is stored per workflow and content hash, so a replayed delivery finds
 * the same payload ids (and so the same request fingerprint). The stored value is {@code {"name",
 * "type", "size", "sha256", "content_base64"}}.
 */
final class WebhookFiles {
  private WebhookFiles() {}

  /**
   * Stores {@code files} and returns {@code trigger.body.files}: each field's {@code {"name",
   * "type", "size", "sha256", "payload_id"}}, an array of them when the field repeats.
   */
  static ObjectNode store(
      Database database, String tenantId, String workflowId, List<WebhookBodies.FilePart> files) {
    ObjectNode out = Json.object();
    PayloadDao payloads = database.dao(PayloadDao.class);
    for (WebhookBodies.FilePart file : files) {
      String sha256 = HexFormat.of().formatHex(sha256(file.bytes()));
      ObjectNode stored = Json.object();
      stored.put("name", file.name());
      stored.put("type", file.type());
      stored.put("size", file.bytes().length);
      stored.put("sha256", sha256);
      stored.put("content_base64", Base64.getEncoder().encodeToString(file.bytes()));
      String json = Json.write(stored);
      String id =
          payloads.upsert(
              tenantId,
              Ids.next(ClaimCheck.PREFIX),
              "webhook-files:" + workflowId,
              "file:" + sha256,
              json,
              json.getBytes(StandardCharsets.UTF_8).length);
      ObjectNode reference = Json.object();
      reference.put("name", file.name());
      reference.put("type", file.type());
      reference.put("size", file.bytes().length);
      reference.put("sha256", sha256);
      reference.put("payload_id", id);
      WebhookBodies.add(out, file.field(), reference);
    }
    return out;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.flowd.nodes.payload;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.RunRef;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.store.Database;
import io.flowd.store.PayloadDao;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stores large values for the claim check and reads them back; used by activities only. */
public final class PayloadStore {
  private final PayloadDao payloads;

  public PayloadStore(Database database) {
    this.payloads = database.dao(PayloadDao.class);
  }

  /**
   * Returns {@code value} itself when it is small, else stores it in the run's slot {@code owner}
   * and returns its reference. Storing the same slot again keeps the reference.
   *
   * @throws NodeFailure {@code output_too_large} (not retryable) when it exceeds 10 MiB
   */
  public JsonNode offload(RunRef run, String owner, JsonNode value) {
    if (value == null || ClaimCheck.isRef(value)) {
      return value;
    }
    byte[] bytes = Json.write(value).getBytes(StandardCharsets.UTF_8);
    if (bytes.length > ClaimCheck.MAX_BYTES) {
      throw new NodeFailure(
          "output_too_large",
          "the output is "
              + bytes.length
              + " bytes, more than the limit of "
              + ClaimCheck.MAX_BYTES
              + " bytes (10 MiB)",
          false);
    }
    if (bytes.length <= ClaimCheck.INLINE_LIMIT_BYTES) {
      return value;
    }
    String id =
        payloads.upsert(
            run.tenantId(),
            Ids.next(ClaimCheck.PREFIX),
            run.runId(),
            owner,
            new String(bytes, StandardCharsets.UTF_8),
            bytes.length);
    return ClaimCheck.ref(id);
  }

  /** Stores {@code value} in the run's slot {@code owner} whatever its size; returns its id. */
  public String store(RunRef run, String owner, JsonNode value) {
    String json = Json.write(value);
    return payloads.upsert(
        run.tenantId(),
        Ids.next(ClaimCheck.PREFIX),
        run.runId(),
        owner,
        json,
        json.getBytes(StandardCharsets.UTF_8).length);
  }

  /** Returns the stored value when {@code value} is a reference of the tenant, else the value. */
  public JsonNode resolve(String tenantId, JsonNode value) {
    if (!ClaimCheck.isRef(value)) {
      return value;
    }
    String id = value.get("$ref").asText();
    return Json.parse(
        payloads
            .find(tenantId, id)
            .orElseThrow(
                () -> new NodeFailure("missing_payload", "payload " + id + " is gone", false)));
  }

  /** Returns a copy of {@code scope} with every reference resolved. */
  public Map<String, JsonNode> resolveAll(String tenantId, Map<String, JsonNode> scope) {
    Map<String, JsonNode> resolved = new LinkedHashMap<>();
    scope.forEach((root, value) -> resolved.put(root, resolve(tenantId, value)));
    return resolved;
  }
}

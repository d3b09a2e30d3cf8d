package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.ValidationError;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /workflows/sync/{id}}: starts a run ({@code trigger_type: "api"}, the body is the
 * trigger payload) exactly like execute, then waits up to {@code timeout_seconds} for it to end. A
 * completed run answers its last node's output; a failed or cancelled run answers 200 with that
 * status, output {@code null} and the run's {@code error_message}; a run that outlasts the wait
 * answers 504 naming it, and goes on.
 */
public final class SyncController implements RouteGroup {
  private static final int DEFAULT_TIMEOUT = 30;
  private static final int MAX_TIMEOUT = 300;

  private final SyncService sync;

  public SyncController(SyncService sync) {
    this.sync = sync;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/workflows/sync/{id}", this::sync);
  }

  /** Starts the run and answers how it ended, or 504 with its id. */
  public void sync(Context ctx) throws InterruptedException {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    int timeout = timeoutSeconds(ctx.queryParam("timeout_seconds"));
    UUID key = RunController.idempotencyKey(ctx);
    JsonNode payload = Requests.body(ctx);
    if (!payload.isObject()) {
      throw ApiException.unprocessable(
          "invalid_request",
          "The body must be a JSON object: the trigger payload.",
          List.of(new ValidationError("invalid_type", "body", "the body must be an object")));
    }
    if (Json.write(payload).getBytes(StandardCharsets.UTF_8).length
        > RunController.MAX_CONTEXT_BYTES) {
      throw ApiException.unprocessable(
          "invalid_request",
          "The trigger payload is larger than 256 KiB.",
          List.of(new ValidationError("too_large", "body", "the body must be at most 256 KiB")));
    }
    RunOutcomes.Accepted started = sync.start(principal, id, key, payload);
    Run run = started.run();
    if (started.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
      Requests.json(ctx, 202, sync.withDetails(principal, id, run));
      return;
    }
    SyncService.Ended ended = sync.await(principal.tenantId(), run, timeout);
    Requests.json(
        ctx, 200, answer(ended.runId(), ended.status(), ended.output(), ended.errorMessage()));
  }

  private static Map<String, Object> answer(
      String runId, String status, JsonNode output, String errorMessage) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", runId);
    body.put("status", status);
    body.put("output", output);
    body.put("error_message", errorMessage);
    return body;
  }

  private static int timeoutSeconds(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_TIMEOUT;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= 1 && value <= MAX_TIMEOUT) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.unprocessable(
        "invalid_query",
        "timeout_seconds must be an integer from 1 to " + MAX_TIMEOUT + ".",
        List.of(
            new ValidationError(
                "invalid_value",
                "timeout_seconds",
                "timeout_seconds must be an integer from 1 to " + MAX_TIMEOUT)));
  }
}

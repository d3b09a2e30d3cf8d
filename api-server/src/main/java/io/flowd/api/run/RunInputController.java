package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.Ids;
import io.flowd.model.ValidationError;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /workflows/runs/{runId}/input}: hands a payload to a waiting {@code wait_for_input}
 * node through a Temporal update, whose validator refuses (409) when nothing waits there.
 */
public final class RunInputController implements RouteGroup {
  private final RunInputService inputs;

  public RunInputController(RunInputService inputs) {
    this.inputs = inputs;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/workflows/runs/{runId}/input", this::deliver);
  }

  /**
   * Delivers {@code {"node_id", "payload"}} (an absent payload is {@code null}); 202 with the run.
   */
  public void deliver(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String runId = Requests.pathId(ctx, "runId", Ids.RUN, "Run");
    JsonNode body = Requests.body(ctx);
    List<ValidationError> errors = new ArrayList<>();
    if (!body.isObject()) {
      errors.add(new ValidationError("invalid_type", "", "the body must be an object"));
    } else {
      JsonNode nodeId = body.get("node_id");
      if (nodeId == null || !nodeId.isTextual() || nodeId.asText().isBlank()) {
        errors.add(
            new ValidationError("invalid_type", "node_id", "node_id must be a non-empty string"));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable("invalid_request", "The input is invalid.", errors);
    }
    String nodeId = body.get("node_id").asText();
    JsonNode given = body.has("payload") ? body.get("payload") : NullNode.getInstance();
    Requests.json(ctx, 202, inputs.deliver(principal, runId, nodeId, given));
  }
}

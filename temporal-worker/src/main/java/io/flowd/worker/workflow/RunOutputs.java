package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.RunRef;
import io.flowd.model.template.TemplateScope;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The outputs of the run's nodes so far, addressable by node id, and the template scope nodes
 * render their config in ({@code trigger}, {@code run}, {@code workflow} and node ids).
 */
final class RunOutputs {
  private final Map<String, JsonNode> outputs = new LinkedHashMap<>();
  private final TemplateScope scope;
  private JsonNode last;

  /**
   * @param expressions tells whether {@code {{= }}} strings are evaluated, once the run has read
   *     its gates
   */
  RunOutputs(RunRef run, JsonNode triggerPayload, BooleanSupplier expressions) {
    ObjectNode runRoot = Json.object().put("id", run.runId());
    ObjectNode workflowRoot =
        Json.object().put("id", run.workflowId()).put("version", run.workflowVersion());
    this.scope =
        new TemplateScope() {
          @Override
          public JsonNode root(String root) {
            return switch (root) {
              case "trigger" -> triggerPayload;
              case "run" -> runRoot;
              case "workflow" -> workflowRoot;
              default -> outputs.get(root);
            };
          }

          @Override
          public long nowMillis() {
            return Workflow.currentTimeMillis();
          }

          @Override
          public boolean evaluatesExpressions() {
            return expressions.getAsBoolean();
          }
        };
  }

  /** Returns the scope node configs render in. */
  TemplateScope scope() {
    return scope;
  }

  /** Returns the output of {@code nodeId}, or {@code null} when it has none yet. */
  JsonNode of(String nodeId) {
    return outputs.get(nodeId);
  }

  /** Makes a node's output addressable by its id and the run's latest output. */
  void record(String nodeId, JsonNode output) {
    outputs.put(nodeId, output);
    last = output;
  }

  /** Makes a node's output addressable by its id, leaving the run's latest output as it is. */
  void put(String nodeId, JsonNode output) {
    outputs.put(nodeId, output);
  }

  /** Returns every root a template could read but the vault: a code node's {@code $}. */
  Map<String, JsonNode> wholeScope() {
    Map<String, JsonNode> all = new LinkedHashMap<>();
    for (String root : java.util.List.of("trigger", "run", "workflow")) {
      JsonNode value = scope.root(root);
      if (value != null) {
        all.put(root, value);
      }
    }
    outputs.forEach(all::putIfAbsent);
    return all;
  }

  /** Returns the latest recorded output: the run's result when it completes. */
  JsonNode last() {
    return last;
  }
}

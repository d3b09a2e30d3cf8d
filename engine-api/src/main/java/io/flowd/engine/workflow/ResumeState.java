package io.flowd.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where a resumed run starts, and the state it inherits from the run it resumes.
 *
 * @param fromNodeId the node the new run starts at
 * @param restored the upstream nodes that finished in the old run, with their outputs and the
 *     handles they left by; they are not run again and write no logs
 */
public record ResumeState(String fromNodeId, List<RestoredNode> restored) {
  public ResumeState {
    restored = restored == null ? List.of() : List.copyOf(restored);
  }

  /**
   * An upstream node's result in the old run.
   *
   * @param nodeId the node's id
   * @param output its output
   * @param handle the handle it left by ({@code "true"}, a case, {@code "error"}), or {@code null}
   */
  public record RestoredNode(String nodeId, JsonNode output, String handle) {}
}

package io.flowd.nodes.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.nodes.vault.SecretMask;
import java.util.Map;

/**
 * A node with side effects (HTTP, databases). It runs inside the node activity, which renders its
 * templates (vault included), calls {@link #execute}, and writes the attempt's log. Temporal
 * retries it according to the node's {@code retry} settings, so it must tolerate being run more
 * than once.
 */
public non-sealed interface ActivityNodeHandler extends NodeHandler {

  /**
   * Performs the node's work.
   *
   * @param config the node's data with templates rendered
   * @param input the output of the node's first taken predecessor
   * @throws NodeFailure when the attempt failed; its {@code retryable} flag decides whether another
   *     attempt is made
   */
  NodeOutcome execute(ObjectNode config, JsonNode input);

  @Override
  default <R> R accept(Visitor<R> visitor) {
    return visitor.activity(this);
  }

  /**
   * Performs the node's work knowing which vault values its config holds, so that it can keep them
   * from places they must not go (another origin, an error text cut before masking). The default
   * ignores them.
   *
   * @param secrets the mask of the vault values resolved into {@code config}
   */
  default NodeOutcome execute(ObjectNode config, JsonNode input, SecretMask secrets) {
    return execute(config, input);
  }

  /**
   * Performs the node's work knowing which node of which run it is, for identifiers that must stay
   * the same when the attempt is retried. The default ignores the call.
   *
   * @param call the run and node this attempt executes
   */
  default NodeOutcome execute(
      ObjectNode config, JsonNode input, SecretMask secrets, NodeCall call) {
    return execute(config, input, secrets);
  }

  /**
   * Whether the handler reads the whole template scope ({@link #execute(ObjectNode, JsonNode,
   * SecretMask, NodeCall, Map)}), not only the roots its templates name; the interpreter then hands
   * the activity every root. The default is {@code false}.
   */
  default boolean readsWholeScope() {
    return false;
  }

  /**
   * Performs the node's work with the template scope at hand ({@code trigger}, {@code run}, {@code
   * workflow} and earlier nodes' outputs by id, never {@code vault}). The default ignores it.
   *
   * @param call the run and node, or {@code null} when the node runs outside a run (test-node)
   * @param scope the scope's roots
   */
  default NodeOutcome execute(
      ObjectNode config,
      JsonNode input,
      SecretMask secrets,
      NodeCall call,
      Map<String, JsonNode> scope) {
    return call == null ? execute(config, input, secrets) : execute(config, input, secrets, call);
  }
}

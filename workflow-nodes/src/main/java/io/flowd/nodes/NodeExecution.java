package io.flowd.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.ComponentSpec;
import io.flowd.model.expression.ExpressionException;
import io.flowd.model.template.TemplateScope;
import io.flowd.model.template.Templates;
import io.flowd.nodes.spi.ActivityNodeHandler;
import io.flowd.nodes.spi.ControlNodeHandler;
import io.flowd.nodes.spi.NodeCall;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeHandler;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import io.flowd.nodes.spi.TimerNodeHandler;
import io.flowd.nodes.spi.TriggerHandler;
import io.flowd.nodes.vault.SecretMask;
import io.flowd.nodes.vault.VaultResolver;
import java.util.Map;

/**
 * The one way a node runs outside workflow code, shared by the node activity and {@code POST
 * /workflows/test-node}: resolve the vault, render the templates, run the handler, and mask every
 * resolved secret in what comes back.
 */
public final class NodeExecution {
  private final NodeHandlerRegistry registry;
  private final VaultResolver vault;

  public NodeExecution(NodeHandlerRegistry registry, VaultResolver vault) {
    this.registry = registry;
    this.vault = vault;
  }

  /**
   * A node ready to run: its handler, its rendered config (secrets included, so never log it) and
   * the mask of the secrets it holds.
   */
  public record Prepared(
      NodeHandler handler, ObjectNode config, SecretMask mask, Map<String, JsonNode> scope) {

    /** Creates a prepared node without a scope for handlers that read it. */
    public Prepared(NodeHandler handler, ObjectNode config, SecretMask mask) {
      this(handler, config, mask, Map.of());
    }
  }

  /**
   * Resolves the vault names {@code data} uses and renders its templates.
   *
   * @param scope the template roots other than {@code vault}
   * @throws NodeFailure when a secret cannot be resolved
   */
  public Prepared prepare(
      String tenantId, String componentId, ObjectNode data, Map<String, JsonNode> scope) {
    return prepare(tenantId, componentId, data, scope, System.currentTimeMillis());
  }

  /**
   * Like {@link #prepare(String, String, ObjectNode, Map)}, with the time {@code $now()} reads in
   * expressions (the node activity passes the time it was scheduled, so retries agree).
   */
  public Prepared prepare(
      String tenantId,
      String componentId,
      ObjectNode data,
      Map<String, JsonNode> scope,
      long nowMillis) {
    VaultResolver.Resolved secrets = vault.resolve(tenantId, data);
    NodeHandler handler = registry.get(componentId);
    ObjectNode config =
        render(
            handler,
            data,
            TemplateScope.at(
                nowMillis, root -> "vault".equals(root) ? secrets.values() : scope.get(root)));
    return new Prepared(handler, config, secrets.mask(), scope);
  }

  /**
   * Renders a node's config: its templates, its {@code {{= }}} expressions and the fields its
   * component evaluates as expressions. An expression that fails (syntax, a refused function, a
   * bound reached) fails the node with type {@code expression_error}, never retried.
   *
   * @throws NodeFailure when an expression fails
   */
  public static ObjectNode render(ComponentSpec spec, ObjectNode data, TemplateScope scope) {
    ObjectNode effective =
        spec == null ? data : Templates.withExpressionFields(data, spec.expressionFields());
    try {
      return (ObjectNode) Templates.render(effective, scope);
    } catch (ExpressionException e) {
      throw new NodeFailure(
          "expression_error",
          "expression failed"
              + (e.position() >= 0 ? " at position " + e.position() : "")
              + ": "
              + e.getMessage(),
          false);
    }
  }

  /**
   * Runs an activity or pure handler; the outcome's output and any failure's message are masked.
   *
   * @throws NodeFailure when the node failed, its message masked
   */
  public static NodeOutcome invoke(Prepared node, JsonNode input) {
    return invoke(node, input, null);
  }

  /**
   * Runs an activity or pure handler as node {@code call} of its run; the outcome's output and any
   * failure's message are masked.
   *
   * @param call the run and node, or {@code null} when the node runs outside a run
   * @throws NodeFailure when the node failed, its message masked
   */
  public static NodeOutcome invoke(Prepared node, JsonNode input, NodeCall call) {
    try {
      NodeOutcome outcome =
          node.handler()
              .accept(new Invocation(node.config(), input, node.mask(), call, node.scope()));
      return new NodeOutcome(
          node.mask().apply(outcome.output()),
          outcome.handle(),
          outcome.console().stream().map(node.mask()::apply).toList());
    } catch (NodeFailure failure) {
      throw masked(failure, node.mask());
    }
  }

  /** Returns the failure with its message masked. */
  public static NodeFailure masked(NodeFailure failure, SecretMask mask) {
    String message = mask.apply(failure.getMessage());
    ObjectNode details =
        failure.details() == null ? null : (ObjectNode) mask.apply(failure.details());
    return message.equals(failure.getMessage()) && details == failure.details()
        ? failure
        : new NodeFailure(failure.type(), message, failure.retryable(), details);
  }

  /** Runs activity and pure handlers; the other kinds are carried out by the interpreter. */
  private record Invocation(
      ObjectNode config,
      JsonNode input,
      SecretMask secrets,
      NodeCall call,
      Map<String, JsonNode> scope)
      implements NodeHandler.Visitor<NodeOutcome> {
    @Override
    public NodeOutcome activity(ActivityNodeHandler handler) {
      return handler.execute(config, input, secrets, call, scope);
    }

    @Override
    public NodeOutcome pure(PureNodeHandler handler) {
      return handler.evaluate(config, input);
    }

    @Override
    public NodeOutcome trigger(TriggerHandler handler) {
      return cannotRun(handler);
    }

    @Override
    public NodeOutcome timer(TimerNodeHandler handler) {
      return cannotRun(handler);
    }

    @Override
    public NodeOutcome control(ControlNodeHandler handler) {
      return cannotRun(handler);
    }

    private static NodeOutcome cannotRun(NodeHandler handler) {
      throw new NodeFailure(
          "internal_error", handler.componentId() + " cannot run on its own", false);
    }
  }
}

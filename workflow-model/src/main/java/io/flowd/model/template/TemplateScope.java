package io.flowd.model.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.expression.ExpressionException;

/**
 * The values templates can reach, by their first path segment: {@code trigger}, {@code run}, {@code
 * workflow}, {@code vault} and node ids; and, for {@code {{= }}} expressions, the time {@code
 * $now()} reads.
 */
@FunctionalInterface
public interface TemplateScope {

  /** Returns the value named {@code root}, or {@code null} when there is none. */
  JsonNode root(String root);

  /**
   * Returns the time, in epoch milliseconds, that {@code $now()} and {@code $millis()} read.
   * Workflow code passes the workflow's time; the default has no time, so those functions fail.
   */
  default long nowMillis() {
    throw new ExpressionException(
        "evaluation", "$now() and $millis() cannot be used here: no time is given", -1);
  }

  /**
   * Returns whether {@code {{= }}} strings are evaluated; when false they stay text, as they did
   * before expressions existed (replays of old runs).
   */
  default boolean evaluatesExpressions() {
    return true;
  }

  /** Returns a scope with the roots of {@code roots} whose expressions read {@code nowMillis}. */
  static TemplateScope at(long nowMillis, TemplateScope roots) {
    return new TemplateScope() {
      @Override
      public JsonNode root(String root) {
        return roots.root(root);
      }

      @Override
      public long nowMillis() {
        return nowMillis;
      }
    };
  }
}

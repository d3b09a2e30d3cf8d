package io.flowd.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How often, and how far apart, a failing node is attempted again.
 *
 * @param maxAttempts total attempts including the first, 1 to 100
 * @param initialIntervalSeconds wait before the second attempt
 * @param backoffCoefficient factor applied to the wait after each attempt
 * @param maxIntervalSeconds upper bound of the wait
 */
public record RetryPolicy(
    int maxAttempts,
    double initialIntervalSeconds,
    double backoffCoefficient,
    double maxIntervalSeconds) {

  /** The contract's defaults: 3 attempts, 1 s, doubling, at most 60 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, 1, 2, 60);

  /** Reads a {@code retry} object; each missing field takes its default on its own. */
  public static RetryPolicy of(JsonNode retry) {
    if (retry == null || !retry.isObject()) {
      return DEFAULT;
    }
    return new RetryPolicy(
        retry.path("max_attempts").isNumber()
            ? retry.get("max_attempts").asInt()
            : DEFAULT.maxAttempts,
        number(retry, "initial_interval_seconds", DEFAULT.initialIntervalSeconds),
        number(retry, "backoff_coefficient", DEFAULT.backoffCoefficient),
        number(retry, "max_interval_seconds", DEFAULT.maxIntervalSeconds));
  }

  private static double number(JsonNode node, String field, double fallback) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? value.asDouble() : fallback;
  }
}

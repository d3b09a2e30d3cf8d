package io.flowd.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The settings every node may carry in its {@code data}, with the contract's defaults applied.
 *
 * @param timeoutSeconds limit of one attempt (default 30)
 * @param retry how failed attempts are retried
 * @param continueOnError whether a failure takes the {@code "error"} edge instead of failing the
 *     run
 */
public record NodeSettings(int timeoutSeconds, RetryPolicy retry, boolean continueOnError) {

  /** The default timeout of one attempt, in seconds. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 30;

  /** Reads the settings from a node's {@code data}. */
  public static NodeSettings of(JsonNode data) {
    if (data == null) {
      return new NodeSettings(DEFAULT_TIMEOUT_SECONDS, RetryPolicy.DEFAULT, false);
    }
    JsonNode timeout = data.get("timeout_seconds");
    return new NodeSettings(
        timeout != null && timeout.isNumber() ? timeout.asInt() : DEFAULT_TIMEOUT_SECONDS,
        RetryPolicy.of(data.get("retry")),
        data.path("continue_on_error").asBoolean(false));
  }
}

package io.flowd.worker.workflow;

import io.flowd.model.NodeSettings;
import io.flowd.model.RetryPolicy;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** The options of a node's activity, from the node's timeout and retry settings. */
final class NodeActivityOptions {
  /** Extra time the activity gets beyond the node's own timeout, so it can log its failure. */
  static final Duration ACTIVITY_GRACE = Duration.ofSeconds(5);

  /**
   * Time for PostgreSQL reads and the success log beyond the node's timeout, from {@link
   * HistoryVersions#RECORDING_GRACE} on.
   */
  static final Duration RECORDING_GRACE = Duration.ofMinutes(2);

  /** The node activity heartbeats every second; a cancelled run reaches it through them. */
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private NodeActivityOptions() {}

  /** Returns the options of a node's attempt, which ends {@code grace} after the node's timeout. */
  static ActivityOptions of(NodeSettings settings, Duration grace) {
    RetryPolicy retry = settings.retry();
    Duration initial = seconds(Math.max(retry.initialIntervalSeconds(), 0.001));
    Duration maximum = seconds(Math.max(retry.maxIntervalSeconds(), 0.001));
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(settings.timeoutSeconds()).plus(grace))
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .setCancellationType(ActivityCancellationType.TRY_CANCEL)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setMaximumAttempts(retry.maxAttempts())
                .setInitialInterval(initial)
                .setBackoffCoefficient(Math.max(retry.backoffCoefficient(), 1.0))
                .setMaximumInterval(maximum.compareTo(initial) < 0 ? initial : maximum)
                .build())
        .build();
  }

  private static Duration seconds(double value) {
    return Duration.ofMillis(Math.round(value * 1000));
  }
}

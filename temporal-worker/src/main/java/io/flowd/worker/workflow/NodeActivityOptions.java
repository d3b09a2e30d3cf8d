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
  private static final Duration ACTIVITY_GRACE = Duration.ofSeconds(5);

  /** The node activity heartbeats every second; a cancelled run reaches it through them. */
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private NodeActivityOptions() {}

  static ActivityOptions of(NodeSettings settings) {
    RetryPolicy retry = settings.retry();
    Duration initial = seconds(Math.max(retry.initialIntervalSeconds(), 0.001));
    Duration maximum = seconds(Math.max(retry.maxIntervalSeconds(), 0.001));
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(settings.timeoutSeconds()).plus(ACTIVITY_GRACE))
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

package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The hand-written workflow's one side effect: the webhook POST. */
@ActivityInterface
public interface RawActivities {

  /** Runs the {@code webhook} handler on an already rendered config; returns its output. */
  @ActivityMethod(name = "BenchRawPost")
  JsonNode post(ObjectNode config);
}

package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.worker.activity.NodeResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/** One plain activity per node of the hand-written workflow. */
@ActivityInterface
public interface RawActivities {

  /** Renders {@code data} against {@code scope} and runs the component's handler on it. */
  @ActivityMethod(name = "BenchRawStep")
  NodeResult step(String componentId, ObjectNode data, Map<String, JsonNode> scope);
}

package io.flowd.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.ActivityNodeHandler;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Activity components for tests: one that fails a given number of times, one that sleeps. */
public final class TestHandlers {
  private TestHandlers() {}

  /**
   * {@code flaky}: fails the first {@code fail_times} attempts of each node, keyed by {@code key}.
   */
  public static final class Flaky implements ActivityNodeHandler {
    public final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public String componentId() {
      return "flaky";
    }

    @Override
    public NodeType type() {
      return NodeType.ACTION;
    }

    @Override
    public List<ValidationError> validateConfig(ObjectNode data, String pathPrefix) {
      return List.of();
    }

    @Override
    public NodeOutcome execute(ObjectNode config, JsonNode input) {
      int call =
          calls
              .computeIfAbsent(config.path("key").asText(), k -> new AtomicInteger())
              .incrementAndGet();
      if (call <= config.path("fail_times").asInt()) {
        throw new NodeFailure("test_failure", "planned failure " + call, true);
      }
      return NodeOutcome.of(Json.object().put("call", call));
    }
  }

  /** {@code sleepy}: sleeps {@code millis} of real time and records when it ran. */
  public static final class Sleepy implements ActivityNodeHandler {
    public final List<long[]> intervals = new CopyOnWriteArrayList<>();

    @Override
    public String componentId() {
      return "sleepy";
    }

    @Override
    public NodeType type() {
      return NodeType.ACTION;
    }

    @Override
    public List<ValidationError> validateConfig(ObjectNode data, String pathPrefix) {
      return List.of();
    }

    @Override
    public NodeOutcome execute(ObjectNode config, JsonNode input) {
      long start = System.nanoTime();
      try {
        Thread.sleep(config.path("millis").asLong(300));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      intervals.add(new long[] {start, System.nanoTime()});
      return NodeOutcome.of(Json.object().put("slept", true));
    }
  }

  /** {@code buggy}: a pure handler with a bug, throwing something other than a node failure. */
  public static final class Buggy extends HandlerBase implements PureNodeHandler {
    public Buggy() {
      super("buggy", NodeType.ACTION);
    }

    @Override
    public List<ValidationError> validateConfig(ObjectNode data, String pathPrefix) {
      return List.of();
    }

    @Override
    public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
      throw new IllegalStateException("handler bug");
    }
  }
}

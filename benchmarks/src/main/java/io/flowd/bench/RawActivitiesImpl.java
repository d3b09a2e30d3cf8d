package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.nodes.spi.ActivityNodeHandler;
import io.flowd.nodes.spi.NodeHandlerRegistry;

/** Runs flowd's own webhook handler, without logs or run bookkeeping. */
final class RawActivitiesImpl implements RawActivities {
  private final ActivityNodeHandler webhook;

  RawActivitiesImpl(NodeHandlerRegistry registry) {
    this.webhook = (ActivityNodeHandler) registry.get("webhook");
  }

  @Override
  public JsonNode post(ObjectNode config) {
    return webhook.execute(config, null).output();
  }
}

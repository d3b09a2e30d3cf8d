package io.flowd.nodes.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** A node that waits on a durable workflow timer, of any length. */
public non-sealed interface TimerNodeHandler extends NodeHandler {

  /**
   * Returns how long to wait, from the rendered config.
   *
   * @throws NodeFailure when the config does not give a valid duration
   */
  Duration duration(ObjectNode config);

  /** Returns the output once the timer has fired. */
  JsonNode output(Duration waited);

  @Override
  default <R> R accept(Visitor<R> visitor) {
    return visitor.timer(this);
  }

  /** Returns false: this node runs in workflow code (or starts a run), where no secret resolves. */
  @Override
  default boolean resolvesVault() {
    return false;
  }
}

package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.ControlNodeHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code terminate}: ends the run at once with {@code status} ({@code completed} or {@code
 * failed}); with {@code failed}, {@code message} becomes the run's {@code error_message}.
 */
public final class TerminateHandler implements ControlNodeHandler {
  /** The statuses a run may be terminated with. */
  public static final List<String> STATUSES = List.of("completed", "failed");

  @Override
  public String componentId() {
    return "terminate";
  }

  @Override
  public NodeType type() {
    return NodeType.ACTION;
  }

  @Override
  public Kind kind() {
    return Kind.TERMINATE;
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    ConfigChecks.oneOf(data, "status", STATUSES, true, path, errors);
    ConfigChecks.text(data, "message", false, path, errors);
    return errors;
  }
}

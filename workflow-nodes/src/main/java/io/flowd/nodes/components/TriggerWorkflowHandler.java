package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.ControlNodeHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code trigger_workflow}: runs another workflow of the same tenant as a child run whose trigger
 * payload is {@code context}. With {@code wait: true} the output is the child's last output, else
 * {@code {"run_id"}} of the child, which keeps running on its own.
 */
public final class TriggerWorkflowHandler implements ControlNodeHandler {

  @Override
  public String componentId() {
    return "trigger_workflow";
  }

  @Override
  public NodeType type() {
    return NodeType.ACTION;
  }

  @Override
  public Kind kind() {
    return Kind.TRIGGER_WORKFLOW;
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    ConfigChecks.text(data, "workflow_id", true, path, errors);
    ConfigChecks.bool(data, "wait", path, errors);
    return errors;
  }
}

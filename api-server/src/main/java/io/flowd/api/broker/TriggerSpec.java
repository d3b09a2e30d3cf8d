package io.flowd.api.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Node;
import io.flowd.model.Workflow;
import io.flowd.runs.TriggerType;

/**
 * One broker trigger node of an active workflow version, as a consumer runs it.
 *
 * @param tenantId the workflow's tenant
 * @param workflow the workflow at the version the consumer serves
 * @param node the trigger node (its {@code data} unrendered: vault references resolve on connect)
 */
record TriggerSpec(String tenantId, Workflow workflow, Node node) {

  String componentId() {
    return node.componentId();
  }

  /** Returns the run's trigger: {@code RABBITMQ}, {@code NATS} or {@code KAFKA}. */
  TriggerType triggerType() {
    return switch (componentId()) {
      case "rabbitmq_trigger" -> TriggerType.RABBITMQ;
      case "nats_trigger" -> TriggerType.NATS;
      case "kafka_trigger" -> TriggerType.KAFKA;
      default -> throw new IllegalArgumentException(componentId());
    };
  }

  ObjectNode data() {
    return node.data();
  }

  /** Returns a field of the rendered config as an int, or {@code fallback}. */
  static int intOf(ObjectNode config, String field, int fallback) {
    var value = config.get(field);
    return value != null && value.canConvertToInt() ? value.intValue() : fallback;
  }

  /** Returns a text field of the rendered config, or {@code null} when missing or blank. */
  static String textOf(ObjectNode config, String field) {
    var value = config.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    String text = value.asText();
    return text.isBlank() ? null : text;
  }

  @Override
  public String toString() {
    return componentId() + " " + node.id() + " of " + workflow.id() + " v" + workflow.version();
  }
}

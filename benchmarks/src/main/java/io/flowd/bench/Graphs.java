package io.flowd.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;

/** The workflows the benchmark creates, as {@code POST /workflows} bodies. */
final class Graphs {
  private Graphs() {}

  static ObjectNode trigger() {
    return Json.object().put("user", "Ada").put("plan", "pro");
  }

  static ObjectNode mapper() {
    ObjectNode data = Json.object().put("componentId", "data_mapper");
    data.putObject("mappings").put("user", "{{ trigger.user }}").put("plan", "{{ trigger.plan }}");
    return data;
  }

  static ObjectNode condition() {
    return Json.object()
        .put("componentId", "string_condition")
        .put("left", "{{ node_2.user }}")
        .put("operator", "is_not_empty");
  }

  static ObjectNode webhook(String url) {
    ObjectNode data =
        Json.object().put("componentId", "webhook").put("url", url).put("method", "POST");
    data.putObject("body").put("user", "{{ node_2.user }}").put("plan", "{{ node_2.plan }}");
    return data;
  }

  static ObjectNode onTrue() {
    ObjectNode data = Json.object().put("componentId", "data_mapper");
    data.putObject("mappings").put("greeting", "Hello {{ node_2.user }}").put("notified", true);
    return data;
  }

  static ObjectNode onFalse() {
    ObjectNode data = Json.object().put("componentId", "data_mapper");
    data.putObject("mappings").put("greeting", "Hello stranger");
    return data;
  }

  /** The hand-written workflow's input: the same configs as {@link #standard}. */
  static RawInput rawInput(String sinkUrl) {
    return new RawInput(trigger(), mapper(), condition(), webhook(sinkUrl), onTrue(), onFalse());
  }

  /**
   * The standard 6-node graph: trigger, mapper, condition; true: webhook to the sink, mapper;
   * false: mapper.
   */
  static ObjectNode standard(String sinkUrl) {
    ObjectNode body = named("bench standard");
    ArrayNode nodes = body.putArray("nodes");
    node(nodes, "node_1", "trigger", Json.object().put("componentId", "manual_trigger"));
    node(nodes, "node_2", "action", mapper());
    node(nodes, "node_3", "condition", condition());
    node(nodes, "node_4", "action", webhook(sinkUrl));
    node(nodes, "node_5", "action", onTrue());
    node(nodes, "node_6", "action", onFalse());
    ArrayNode edges = body.putArray("edges");
    edge(edges, "node_1", "node_2", null);
    edge(edges, "node_2", "node_3", null);
    edge(edges, "node_3", "node_4", "true");
    edge(edges, "node_4", "node_5", null);
    edge(edges, "node_3", "node_6", "false");
    return body;
  }

  /** A trigger followed by {@code mappers} data mappers in a line, each reading its predecessor. */
  static ObjectNode chain(int mappers) {
    ObjectNode body = named("bench chain " + mappers);
    ArrayNode nodes = body.putArray("nodes");
    ArrayNode edges = body.putArray("edges");
    node(nodes, "node_0", "trigger", Json.object().put("componentId", "manual_trigger"));
    for (int i = 1; i <= mappers; i++) {
      ObjectNode data = Json.object().put("componentId", "data_mapper");
      String previous = i == 1 ? "trigger" : "node_" + (i - 1);
      data.putObject("mappings").put("user", "{{ " + previous + ".user }}").put("step", i);
      node(nodes, "node_" + i, "action", data);
      edge(edges, "node_" + (i - 1), "node_" + i, null);
    }
    return body;
  }

  /** A trigger, a delay of {@code seconds}, then a mapper. */
  static ObjectNode delay(int seconds) {
    ObjectNode body = named("bench delay " + seconds + "s");
    ArrayNode nodes = body.putArray("nodes");
    node(nodes, "node_1", "trigger", Json.object().put("componentId", "manual_trigger"));
    node(
        nodes,
        "node_2",
        "action",
        Json.object().put("componentId", "delay").put("duration", seconds).put("unit", "seconds"));
    node(nodes, "node_3", "action", onTrue());
    ArrayNode edges = body.putArray("edges");
    edge(edges, "node_1", "node_2", null);
    edge(edges, "node_2", "node_3", null);
    return body;
  }

  /** A child workflow for the iterator: its trigger receives one item, a mapper echoes it. */
  static ObjectNode iteratorChild() {
    ObjectNode body = named("bench iterator child");
    ArrayNode nodes = body.putArray("nodes");
    node(nodes, "node_1", "trigger", Json.object().put("componentId", "workflow_trigger"));
    ObjectNode mapper = Json.object().put("componentId", "data_mapper");
    mapper.putObject("mappings").put("i", "{{ trigger.i }}");
    node(nodes, "node_2", "action", mapper);
    edge(body.putArray("edges"), "node_1", "node_2", null);
    return body;
  }

  /** A manual trigger, then an iterator over the trigger's {@code items} running {@code child}. */
  static ObjectNode iterator(String child, int concurrency, int batchSize) {
    ObjectNode body = named("bench iterator");
    ArrayNode nodes = body.putArray("nodes");
    node(nodes, "node_1", "trigger", Json.object().put("componentId", "manual_trigger"));
    node(
        nodes,
        "node_2",
        "action",
        Json.object()
            .put("componentId", "iterator")
            .put("items", "{{ trigger.items }}")
            .put("workflow_id", child)
            .put("concurrency", concurrency)
            .put("batch_size", batchSize));
    edge(body.putArray("edges"), "node_1", "node_2", null);
    return body;
  }

  private static ObjectNode named(String name) {
    return Json.object().put("name", name);
  }

  private static void node(ArrayNode nodes, String id, String type, ObjectNode data) {
    nodes.addObject().put("id", id).put("type", type).set("data", data);
  }

  private static void edge(ArrayNode edges, String source, String target, String handle) {
    ObjectNode edge =
        edges.addObject().put("id", "e_" + source + "_" + target).put("source", source);
    edge.put("target", target);
    if (handle != null) {
      edge.put("sourceHandle", handle);
    }
  }
}

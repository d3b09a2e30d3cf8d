package io.flowd.model.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.flowd.model.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two workflow definitions in file form ({@link WorkflowFile}): nodes added,
 * removed and modified (matched by id, each change a JSON pointer into the node with its old and
 * new value), edges added and removed (matched by source, target and handle), and the
 * workflow-level settings changed (name, schedule, flow control and the rest).
 *
 * @param nodes the node changes
 * @param edges the edge changes
 * @param settings the changed workflow-level fields, pointers from the workflow's root
 */
public record WorkflowDiff(NodeChanges nodes, EdgeChanges edges, List<FieldChange> settings) {

  /**
   * One changed value.
   *
   * @param path a JSON pointer, such as {@code /data/url}
   * @param old the value before, {@code null} JSON when it was absent
   * @param now the value after, {@code null} JSON when it is gone
   */
  public record FieldChange(
      String path,
      JsonNode old,
      @com.fasterxml.jackson.annotation.JsonProperty("new") JsonNode now) {}

  /**
   * A node present on one side only.
   *
   * @param id the node's id
   * @param componentId its component
   */
  public record NodeRef(String id, String componentId) {}

  /**
   * A node on both sides whose definition differs.
   *
   * @param id the node's id
   * @param componentId its component after the change
   * @param changes the changed fields, pointers from the node's root
   */
  public record NodeChange(String id, String componentId, List<FieldChange> changes) {}

  /**
   * The node changes.
   *
   * @param added nodes only in the newer definition
   * @param removed nodes only in the older definition
   * @param modified nodes in both that differ
   */
  public record NodeChanges(
      List<NodeRef> added, List<NodeRef> removed, List<NodeChange> modified) {}

  /**
   * The edge changes; an edge whose ends or handle changed is one removed and one added.
   *
   * @param added edges only in the newer definition
   * @param removed edges only in the older definition
   */
  public record EdgeChanges(List<JsonNode> added, List<JsonNode> removed) {}

  /** Compares two definitions in file form; {@code before} may be {@code null} for "nothing". */
  public static WorkflowDiff between(JsonNode before, JsonNode after) {
    JsonNode a = before == null ? Json.object() : before;
    List<FieldChange> settings = new ArrayList<>();
    for (String name : WorkflowFile.settingNames(a, after)) {
      compare(a.get(name), after.get(name), "/" + escape(name), settings);
    }
    Map<String, JsonNode> oldNodes = byId(a.path("nodes"));
    Map<String, JsonNode> newNodes = byId(after.path("nodes"));
    List<NodeRef> added = new ArrayList<>();
    List<NodeRef> removed = new ArrayList<>();
    List<NodeChange> modified = new ArrayList<>();
    newNodes.forEach(
        (id, node) -> {
          JsonNode old = oldNodes.get(id);
          if (old == null) {
            added.add(new NodeRef(id, componentId(node)));
          } else {
            List<FieldChange> changes = new ArrayList<>();
            compare(old, node, "", changes);
            if (!changes.isEmpty()) {
              modified.add(new NodeChange(id, componentId(node), changes));
            }
          }
        });
    oldNodes.forEach(
        (id, node) -> {
          if (!newNodes.containsKey(id)) {
            removed.add(new NodeRef(id, componentId(node)));
          }
        });
    Map<String, JsonNode> oldEdges = edgesByEnds(a.path("edges"));
    Map<String, JsonNode> newEdges = edgesByEnds(after.path("edges"));
    List<JsonNode> edgesAdded = new ArrayList<>();
    List<JsonNode> edgesRemoved = new ArrayList<>();
    newEdges.forEach(
        (k, e) -> {
          if (!oldEdges.containsKey(k)) {
            edgesAdded.add(e);
          }
        });
    oldEdges.forEach(
        (k, e) -> {
          if (!newEdges.containsKey(k)) {
            edgesRemoved.add(e);
          }
        });
    return new WorkflowDiff(
        new NodeChanges(List.copyOf(added), List.copyOf(removed), List.copyOf(modified)),
        new EdgeChanges(List.copyOf(edgesAdded), List.copyOf(edgesRemoved)),
        List.copyOf(settings));
  }

  /** Returns whether nothing changed. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return nodes.added().isEmpty()
        && nodes.removed().isEmpty()
        && nodes.modified().isEmpty()
        && edges.added().isEmpty()
        && edges.removed().isEmpty()
        && settings.isEmpty();
  }

  /**
   * Returns a one-line summary, such as {@code nodes: 1 added, 2 modified; settings: name}, or
   * {@code no change}.
   */
  public String summary() {
    List<String> parts = new ArrayList<>();
    List<String> nodeParts = new ArrayList<>();
    count(nodeParts, nodes.added().size(), "added");
    count(nodeParts, nodes.removed().size(), "removed");
    count(nodeParts, nodes.modified().size(), "modified");
    if (!nodeParts.isEmpty()) {
      parts.add("nodes: " + String.join(", ", nodeParts));
    }
    List<String> edgeParts = new ArrayList<>();
    count(edgeParts, edges.added().size(), "added");
    count(edgeParts, edges.removed().size(), "removed");
    if (!edgeParts.isEmpty()) {
      parts.add("edges: " + String.join(", ", edgeParts));
    }
    Set<String> fields = new LinkedHashSet<>();
    for (FieldChange change : settings) {
      fields.add(change.path().substring(1).split("/", 2)[0]);
    }
    if (!fields.isEmpty()) {
      parts.add("settings: " + String.join(", ", fields));
    }
    return parts.isEmpty() ? "no change" : String.join("; ", parts);
  }

  private static void count(List<String> parts, int n, String what) {
    if (n > 0) {
      parts.add(n + " " + what);
    }
  }

  private static void compare(JsonNode old, JsonNode now, String path, List<FieldChange> out) {
    JsonNode o = old == null || old.isMissingNode() ? NullNode.getInstance() : old;
    JsonNode n = now == null || now.isMissingNode() ? NullNode.getInstance() : now;
    if (o.equals(n)) {
      return;
    }
    if (o.isObject() && n.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      o.fieldNames().forEachRemaining(names::add);
      n.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        compare(o.get(name), n.get(name), path + "/" + escape(name), out);
      }
      return;
    }
    out.add(new FieldChange(path.isEmpty() ? "/" : path, o, n));
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static Map<String, JsonNode> byId(JsonNode nodes) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode node : nodes) {
      out.put(node.path("id").asText(), node);
    }
    return out;
  }

  private static Map<String, JsonNode> edgesByEnds(JsonNode edges) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode edge : edges) {
      String handle =
          edge.path("sourceHandle").isTextual() ? edge.path("sourceHandle").asText() : "";
      out.put(
          edge.path("source").asText()
              + "\u0000"
              + edge.path("target").asText()
              + "\u0000"
              + handle,
          edge);
    }
    return out;
  }

  private static String componentId(JsonNode node) {
    JsonNode id = node.path("data").path("componentId");
    return id.isTextual() ? id.asText() : null;
  }
}

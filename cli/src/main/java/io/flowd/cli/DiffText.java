package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.files.WorkflowDiff;
import java.io.PrintStream;

/** Prints a {@link WorkflowDiff} for people: one line per change, indented. */
final class DiffText {
  private DiffText() {}

  static void print(PrintStream out, WorkflowDiff diff, String indent) {
    diff.nodes()
        .added()
        .forEach(n -> out.println(indent + "+ node " + n.id() + " (" + n.componentId() + ")"));
    diff.nodes()
        .removed()
        .forEach(n -> out.println(indent + "- node " + n.id() + " (" + n.componentId() + ")"));
    for (WorkflowDiff.NodeChange node : diff.nodes().modified()) {
      for (WorkflowDiff.FieldChange change : node.changes()) {
        out.println(
            indent
                + "~ node "
                + node.id()
                + " "
                + change.path()
                + ": "
                + value(change.old())
                + " -> "
                + value(change.now()));
      }
    }
    diff.edges().added().forEach(e -> out.println(indent + "+ edge " + edge(e)));
    diff.edges().removed().forEach(e -> out.println(indent + "- edge " + edge(e)));
    for (WorkflowDiff.FieldChange change : diff.settings()) {
      out.println(
          indent
              + "~ "
              + change.path()
              + ": "
              + value(change.old())
              + " -> "
              + value(change.now()));
    }
  }

  static void print(PrintStream out, JsonNode diff, String indent) {
    print(out, io.flowd.model.Json.fromTree(diff, WorkflowDiff.class), indent);
  }

  private static String edge(JsonNode e) {
    String handle =
        e.path("sourceHandle").isTextual() ? " [" + e.path("sourceHandle").asText() + "]" : "";
    return e.path("source").asText() + " -> " + e.path("target").asText() + handle;
  }

  private static String value(JsonNode value) {
    String text = value == null ? "null" : value.toString();
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }
}

package io.flowd.model.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowd.model.Json;
import io.flowd.model.expression.Expressions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@code {{ path }}} templates inside JSON values. Templates are pure: no code runs.
 *
 * <p>A path starts with a root name (such as {@code node_1}, {@code trigger}, {@code run}, {@code
 * workflow} or {@code vault}) followed by {@code .field}, {@code [index]} and {@code ["quoted
 * key"]} segments, for example {@code node_1.body.items[0].id}. Text between {@code {{} and {@code
 * }}} that is not such a path, and a {@code {{} without a closing {@code }}}, stay literal text.
 *
 * <p>A string that is exactly {@code {{= expression }}} (surrounding whitespace allowed) is a
 * JSONata expression over the same roots; it takes the expression's JSON value (see {@link
 * Expressions}).
 */
public final class Templates {
  private Templates() {}

  /**
   * Renders every string inside {@code value} (objects and arrays recursively; keys untouched). A
   * string that is exactly one template takes the referenced JSON value itself; templates inside
   * text are rendered as text. A path that does not resolve renders {@code null}. The input is
   * never modified; the result shares no mutable node with it or with the scope.
   */
  public static JsonNode render(JsonNode value, TemplateScope scope) {
    if (value == null) {
      return null;
    }
    if (value.isTextual()) {
      return renderString(value.textValue(), scope);
    }
    if (value.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        out.set(field.getKey(), render(field.getValue(), scope));
      }
      return out;
    }
    if (value.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(value.size());
      for (JsonNode element : value) {
        out.add(render(element, scope));
      }
      return out;
    }
    return value.deepCopy();
  }

  /**
   * Renders one string: the referenced value itself when the string is exactly one template, else
   * the text with every template replaced by the text of its value.
   */
  public static JsonNode renderString(String text, TemplateScope scope) {
    String expression = expressionOf(text);
    if (expression != null && (scope == null || scope.evaluatesExpressions())) {
      return Expressions.evaluate(expression, scope == null ? root -> null : scope);
    }
    List<Part> parts = parse(text);
    Path whole = wholeTemplate(parts);
    if (whole != null) {
      JsonNode resolved = whole.resolve(scope);
      return resolved == null ? NullNode.getInstance() : resolved.deepCopy();
    }
    if (parts.size() == 1 && parts.get(0).path == null) {
      return TextNode.valueOf(text);
    }
    StringBuilder out = new StringBuilder(text.length());
    for (Part part : parts) {
      out.append(part.path == null ? part.literal : asText(part.path.resolve(scope)));
    }
    return TextNode.valueOf(out.toString());
  }

  /**
   * Returns {@code data} with each of {@code fields} that holds text written as a {@code {{= }}}
   * expression, or {@code data} itself when there is nothing to change. Components whose fields are
   * expressions ({@link io.flowd.model.ComponentSpec#expressionFields()}) are rendered and checked
   * through this view.
   */
  public static ObjectNode withExpressionFields(ObjectNode data, List<String> fields) {
    if (data == null || fields == null || fields.isEmpty()) {
      return data;
    }
    ObjectNode out = null;
    for (String field : fields) {
      JsonNode value = data.get(field);
      if (value != null && value.isTextual() && expressionOf(value.textValue()) == null) {
        if (out == null) {
          out = data.deepCopy();
        }
        out.put(field, "{{=" + value.textValue() + "}}");
      }
    }
    return out == null ? data : out;
  }

  /** Returns whether any string inside {@code value} is a {@code {{= }}} expression. */
  public static boolean holdsExpression(JsonNode value) {
    if (value == null) {
      return false;
    }
    if (value.isTextual()) {
      return expressionOf(value.textValue()) != null;
    }
    for (JsonNode child : value) {
      if (holdsExpression(child)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the expression of a string that is exactly {@code {{= expression }}}, or {@code null}
   * when {@code s} is no such string.
   */
  public static String expressionOf(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    if (t.length() < 5 || !t.startsWith("{{=") || !t.endsWith("}}")) {
      return null;
    }
    return t.substring(3, t.length() - 2);
  }

  /**
   * Returns the root names of the {@code {{ path }}} templates in {@code s}, in order; {@code {{=
   * }}} expressions are not included (see {@link Expressions#check}).
   */
  public static Set<String> pathRoots(String s) {
    Set<String> roots = new LinkedHashSet<>();
    if (s != null && expressionOf(s) == null) {
      for (Part part : parse(s)) {
        if (part.path != null) {
          roots.add(part.path.root);
        }
      }
    }
    return roots;
  }

  /**
   * Returns the root names (first path segments) that templates inside {@code value} use. For a
   * {@code {{= }}} expression the names are a superset of the roots it reads (every name in it), so
   * that whoever ships the roots to an activity misses none.
   */
  public static Set<String> roots(JsonNode value) {
    Set<String> roots = new LinkedHashSet<>();
    collectRoots(value, roots);
    return roots;
  }

  /**
   * Returns whether {@code s} is exactly one template, surrounding whitespace allowed, so that
   * rendering it yields the referenced JSON value itself.
   */
  public static boolean isTemplate(String s) {
    return s != null && (expressionOf(s) != null || wholeTemplate(parse(s)) != null);
  }

  /** Returns whether {@code s} contains at least one template. */
  public static boolean containsTemplate(String s) {
    if (s == null) {
      return false;
    }
    if (expressionOf(s) != null) {
      return true;
    }
    for (Part part : parse(s)) {
      if (part.path != null) {
        return true;
      }
    }
    return false;
  }

  private static void collectRoots(JsonNode value, Set<String> roots) {
    if (value == null) {
      return;
    }
    if (value.isTextual()) {
      String expression = expressionOf(value.textValue());
      if (expression != null) {
        roots.addAll(Expressions.names(expression));
        return;
      }
      for (Part part : parse(value.textValue())) {
        if (part.path != null) {
          roots.add(part.path.root);
        }
      }
    } else if (value.isContainerNode()) {
      for (JsonNode child : value) {
        collectRoots(child, roots);
      }
    }
  }

  private static String asText(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    return Json.write(value);
  }

  private static Path wholeTemplate(List<Part> parts) {
    Path found = null;
    for (Part part : parts) {
      if (part.path != null) {
        if (found != null) {
          return null;
        }
        found = part.path;
      } else if (!part.literal.isBlank()) {
        return null;
      }
    }
    return found;
  }

  private static List<Part> parse(String text) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        break;
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        break;
      }
      Path path = Path.parse(text.substring(open + 2, close));
      if (path == null) {
        literal.append(text, i, open + 2);
        i = open + 2;
        continue;
      }
      literal.append(text, i, open);
      if (literal.length() > 0) {
        parts.add(new Part(literal.toString(), null));
        literal.setLength(0);
      }
      parts.add(new Part(null, path));
      i = close + 2;
    }
    literal.append(text, i, text.length());
    if (literal.length() > 0 || parts.isEmpty()) {
      parts.add(new Part(literal.toString(), null));
    }
    return parts;
  }

  private record Part(String literal, Path path) {}

  private record Segment(String field, int index) {}

  private record Path(String root, List<Segment> segments) {

    static Path parse(String expression) {
      String s = expression.strip();
      int i = identifierEnd(s, 0);
      if (i == 0) {
        return null;
      }
      String root = s.substring(0, i);
      List<Segment> segments = new ArrayList<>();
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '.') {
          int end = identifierEnd(s, i + 1);
          if (end == i + 1) {
            return null;
          }
          segments.add(new Segment(s.substring(i + 1, end), -1));
          i = end;
        } else if (c == '[') {
          int j = i + 1;
          if (j < s.length() && (s.charAt(j) == '"' || s.charAt(j) == '\'')) {
            char quote = s.charAt(j);
            StringBuilder key = new StringBuilder();
            j++;
            while (j < s.length() && s.charAt(j) != quote) {
              if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                j++;
              }
              key.append(s.charAt(j));
              j++;
            }
            if (j + 1 >= s.length() || s.charAt(j + 1) != ']') {
              return null;
            }
            segments.add(new Segment(key.toString(), -1));
            i = j + 2;
          } else {
            int start = j;
            while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9' && j - start < 9) {
              j++;
            }
            if (j == start || j >= s.length() || s.charAt(j) != ']') {
              return null;
            }
            segments.add(new Segment(null, Integer.parseInt(s.substring(start, j))));
            i = j + 1;
          }
        } else {
          return null;
        }
      }
      return new Path(root, List.copyOf(segments));
    }

    private static int identifierEnd(String s, int from) {
      int i = from;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$') {
          i++;
        } else {
          break;
        }
      }
      return i;
    }

    JsonNode resolve(TemplateScope scope) {
      JsonNode current = scope == null ? null : scope.root(root);
      for (Segment segment : segments) {
        if (current == null) {
          return null;
        }
        if (segment.field != null) {
          if (current.isObject()) {
            current = current.get(segment.field);
          } else if (current.isArray() && isIndex(segment.field)) {
            current = current.get(Integer.parseInt(segment.field));
          } else {
            return null;
          }
        } else {
          current = current.isArray() ? current.get(segment.index) : null;
        }
      }
      return current == null || current.isMissingNode() ? null : current;
    }

    private static boolean isIndex(String field) {
      if (field.isEmpty() || field.length() > 9) {
        return false;
      }
      for (int i = 0; i < field.length(); i++) {
        if (field.charAt(i) < '0' || field.charAt(i) > '9') {
          return false;
        }
      }
      return true;
    }
  }
}

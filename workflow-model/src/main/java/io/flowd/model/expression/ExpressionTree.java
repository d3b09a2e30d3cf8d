package io.flowd.model.expression;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the syntax tree of a parsed JSONata expression. The library keeps its tree package-private,
 * so its fields are read by reflection; when that ever fails, the save-time checks that need the
 * tree report nothing (they are a convenience; the evaluation bounds hold either way).
 */
final class ExpressionTree {
  private static final Class<?> SYMBOL;
  private static final Field AST;
  private static final Map<String, Field> FIELDS = new java.util.HashMap<>();
  private static final List<String> CHILDREN =
      List.of(
          "expression",
          "steps",
          "procedure",
          "arguments",
          "body",
          "predicate",
          "stages",
          "group",
          "lhs",
          "rhs",
          "lhsObject",
          "rhsObject",
          "terms",
          "condition",
          "then",
          "_else",
          "expressions",
          "pattern",
          "update",
          "delete",
          "nextFunction",
          "slot");

  static {
    Class<?> symbol = null;
    Field ast = null;
    try {
      symbol = Class.forName("com.dashjoin.jsonata.Parser$Symbol");
      ast = com.dashjoin.jsonata.Jsonata.class.getDeclaredField("ast");
      ast.setAccessible(true);
      for (String name : List.of("type", "value", "position")) {
        FIELDS.put(name, accessible(symbol, name));
      }
      for (String name : CHILDREN) {
        FIELDS.put(name, accessible(symbol, name));
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      symbol = null;
      ast = null;
    }
    SYMBOL = symbol;
    AST = ast;
  }

  private ExpressionTree() {}

  private static Field accessible(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  /** One function or variable use, or a regular expression, found in the tree. */
  record Use(String kind, String name, int position) {}

  /** What the save-time checks read from one expression. */
  record Facts(Set<String> topLevelNames, List<Use> uses) {}

  /** Reads the facts of a parsed expression; empty facts when the tree cannot be read. */
  static Facts read(com.dashjoin.jsonata.Jsonata parsed) {
    Set<String> names = new java.util.LinkedHashSet<>();
    List<Use> uses = new ArrayList<>();
    if (AST == null) {
      return new Facts(names, uses);
    }
    try {
      Object root = AST.get(parsed);
      walk(root, true, names, uses, new IdentityHashMap<>(), 0);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new Facts(Set.of(), List.of());
    }
    return new Facts(names, uses);
  }

  private static void walk(
      Object node,
      boolean top,
      Set<String> names,
      List<Use> uses,
      Map<Object, Boolean> seen,
      int depth)
      throws ReflectiveOperationException {
    if (node == null || depth > 10_000) {
      return;
    }
    if (node instanceof Object[] array) {
      for (Object element : array) {
        walk(element, top, names, uses, seen, depth + 1);
      }
      return;
    }
    if (node instanceof Collection<?> list) {
      for (Object element : list) {
        walk(element, top, names, uses, seen, depth + 1);
      }
      return;
    }
    if (!SYMBOL.isInstance(node) || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    String type = (String) get(node, "type");
    Object value = get(node, "value");
    int position = (Integer) get(node, "position");
    if ("name".equals(type) && top && value instanceof String name) {
      names.add(name);
    }
    if ("variable".equals(type) && value instanceof String name) {
      uses.add(new Use("variable", name, position));
    }
    if ("regex".equals(type)) {
      uses.add(new Use("regex", String.valueOf(value), position));
    }
    for (String child : CHILDREN) {
      Object value2 = get(node, child);
      if (value2 == null) {
        continue;
      }
      boolean childTop = top && staysTopLevel(type, child);
      if ("steps".equals(child) && value2 instanceof List<?> steps) {
        for (int i = 0; i < steps.size(); i++) {
          walk(steps.get(i), childTop && i == 0, names, uses, seen, depth + 1);
        }
      } else {
        walk(value2, childTop, names, uses, seen, depth + 1);
      }
    }
  }

  /** Returns whether a child keeps the scope object as its context (so its names are roots). */
  private static boolean staysTopLevel(String type, String child) {
    if (type == null) {
      return false;
    }
    return switch (type) {
      case "path" -> "steps".equals(child);
      case "binary", "apply" -> "lhs".equals(child) || "rhs".equals(child);
      case "bind" -> "rhs".equals(child);
      case "unary" ->
          "expression".equals(child) || "expressions".equals(child) || "lhsObject".equals(child);
      case "function", "partial" -> "arguments".equals(child);
      case "condition" ->
          "condition".equals(child) || "then".equals(child) || "_else".equals(child);
      case "block" -> "expressions".equals(child);
      default -> false;
    };
  }

  /** Returns the operands of a range ({@code [a..b]}) node, or {@code null} for other nodes. */
  static Object[] rangeOperands(Object node) {
    if (AST == null || node == null) {
      return null;
    }
    try {
      if (!"binary".equals(get(node, "type")) || !"..".equals(get(node, "value"))) {
        return null;
      }
      return new Object[] {get(node, "lhs"), get(node, "rhs")};
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Object get(Object node, String field) throws ReflectiveOperationException {
    return FIELDS.get(field).get(node);
  }
}

package io.flowd.model.expression;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowd.model.template.TemplateScope;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSONata expressions ({@code {{= ... }}}, the {@code transform} and {@code expression_condition}
 * components), on {@code com.dashjoin.jsonata}.
 *
 * <p>An expression reads the same scope as a template: its input is an object whose fields are the
 * roots it names ({@code trigger}, {@code run}, {@code workflow} and node ids). Evaluation is
 * deterministic and bounded, so it may run in workflow code: {@code $now()} and {@code $millis()}
 * read the time the caller passes in ({@link TemplateScope#nowMillis()}), {@code $random()}, {@code
 * $shuffle()} and {@code $eval()} are refused, regular expressions are refused (Java's matcher
 * backtracks without bound), and an evaluation stops after {@link #MAX_STEPS} steps or {@link
 * #MAX_DEPTH} nested evaluations, never after an amount of time.
 */
public final class Expressions {
  /** Longest expression, in characters. */
  public static final int MAX_LENGTH = 10_000;

  /** Most evaluation steps of one expression. */
  public static final int MAX_STEPS = 100_000;

  /** Deepest nesting of evaluations (recursion of user functions included). */
  public static final int MAX_DEPTH = 300;

  /** Most elements one array or object in a result may have. */
  public static final int MAX_ITEMS = 100_000;

  /** Longest text an expression may build, in characters. */
  public static final int MAX_TEXT = 1_000_000;

  /** Functions an expression may not call: their results differ between runs. */
  public static final Set<String> REFUSED = Set.of("random", "shuffle", "eval");

  private static final ParseCache PARSED =
      new ParseCache(ParseCache.MAX_ENTRIES, ParseCache.MAX_CHARS);

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Expressions() {}

  /** What a save needs to know about one valid expression. */
  public record Checked(Set<String> roots) {}

  /**
   * Parses and checks {@code text}: syntax, length, refused functions and regular expressions.
   * Returns the names the expression reads from the scope (its roots, as far as they can be told
   * without running it).
   *
   * @throws ExpressionException with the position of the first problem
   */
  public static Checked check(String text) {
    Jsonata parsed = parse(text);
    ExpressionTree.Facts facts = ExpressionTree.read(parsed);
    for (ExpressionTree.Use use : facts.uses()) {
      if ("variable".equals(use.kind()) && REFUSED.contains(use.name())) {
        throw new ExpressionException(
            "refused",
            "$"
                + use.name()
                + "() is not allowed: expressions must give the same result when a run is"
                + " replayed",
            Math.max(0, use.position() - use.name().length() - 1));
      }
      if ("regex".equals(use.kind())) {
        throw new ExpressionException(
            "refused",
            "regular expressions are not supported in expressions (their matching time is"
                + " unbounded); use $contains, $substringBefore and friends with plain text, or"
                + " the matches operator of string_condition",
            use.position());
      }
    }
    return new Checked(facts.topLevelNames());
  }

  /**
   * Returns every name the expression might read from the scope: a superset of its roots, used to
   * decide which node outputs an evaluation needs. It never fails.
   */
  public static Set<String> names(String text) {
    Set<String> names = new LinkedHashSet<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && text.charAt(j) != c) {
          j += text.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
      } else if (c == '`') {
        int j = text.indexOf('`', i + 1);
        if (j < 0) {
          break;
        }
        names.add(text.substring(i + 1, j));
        i = j + 1;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
          j++;
        }
        if (i == 0 || text.charAt(i - 1) != '$') {
          names.add(text.substring(i, j));
        }
        i = j;
      } else {
        i++;
      }
    }
    return names;
  }

  /**
   * Evaluates {@code text} against {@code scope} and returns its JSON value ({@code null} when the
   * expression has no value).
   *
   * @throws ExpressionException when the expression is invalid, refused, exceeds a bound or fails
   */
  public static JsonNode evaluate(String text, TemplateScope scope) {
    Map<String, Object> input = new LinkedHashMap<>();
    for (String name : names(text)) {
      JsonNode value = scope.root(name);
      if (value != null && !"vault".equals(name)) {
        input.put(name, toJava(value));
      }
    }
    return toJson(evaluate(text, input, Map.of(), scope), new int[] {0});
  }

  /**
   * Evaluates {@code text} against any input with extra variable bindings, under the same bounds
   * and function overrides as {@link #evaluate(String, TemplateScope)}, and returns the library's
   * value ({@code null} when the expression has no value). The conformance test runs the reference
   * test suite through it.
   */
  static Object evaluate(
      String text, Object input, Map<String, Object> bindings, TemplateScope scope) {
    Jsonata parsed = parse(text);
    Budget budget = new Budget();
    Jsonata.Frame frame = parsed.createFrame();
    bindings.forEach(frame::bind);
    frame.bind(
        "millis",
        Jsonata.function("millis", (Jsonata.FnVarArgs<Object>) args -> now(scope), "<:n>"));
    frame.bind(
        "now",
        Jsonata.function(
            "now",
            (Jsonata.FnVarArgs<Object>)
                args -> {
                  long millis = now(scope);
                  String picture = args.size() > 0 ? (String) args.get(0) : null;
                  String zone = args.size() > 1 ? (String) args.get(1) : null;
                  return picture == null && zone == null
                      ? ISO.format(Instant.ofEpochMilli(millis))
                      : com.dashjoin.jsonata.Functions.dateTimeFromMillis(millis, picture, zone);
                },
            "<s?s?:s>"));
    frame.bind(
        "pad",
        Jsonata.function(
            "pad",
            (Jsonata.FnVarArgs<Object>)
                args -> {
                  String padded = (String) args.get(0);
                  Number width = (Number) args.get(1);
                  if (width != null && Math.abs(width.doubleValue()) > MAX_TEXT) {
                    throw limit("$pad() may build at most " + MAX_TEXT + " characters");
                  }
                  return com.dashjoin.jsonata.Functions.pad(
                      padded,
                      width == null ? null : width.intValue(),
                      args.size() > 2 ? (String) args.get(2) : null);
                },
            "<x-ns?:s>"));
    for (String refused : REFUSED) {
      frame.bind(
          refused,
          Jsonata.function(
              refused,
              (Jsonata.FnVarArgs<Object>)
                  args -> {
                    throw new ExpressionException(
                        "refused", "$" + refused + "() is not allowed in expressions", -1);
                  },
              null));
    }
    frame.setEvaluateEntryCallback(budget.entry());
    frame.setEvaluateExitCallback(budget.exit());
    Object result;
    try {
      result = parsed.evaluate(input, frame);
    } catch (StackOverflowError e) {
      throw limit("the expression nests too deeply");
    } catch (RuntimeException e) {
      ExpressionException own = find(e);
      if (own != null) {
        throw own;
      }
      if (e instanceof JException j) {
        throw withCause(new ExpressionException("evaluation", message(j), j.getLocation()), j);
      }
      throw withCause(new ExpressionException("evaluation", String.valueOf(e.getMessage()), -1), e);
    }
    return result;
  }

  private static ExpressionException withCause(ExpressionException own, Throwable cause) {
    own.initCause(cause);
    return own;
  }

  /** Converts a library value into JSON under the result bounds; for the conformance test. */
  static JsonNode toJson(Object value) {
    return toJson(value, new int[] {0});
  }

  private static long now(TemplateScope scope) {
    return scope.nowMillis();
  }

  private static Jsonata parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ExpressionException("syntax", "the expression is empty", 0);
    }
    if (text.length() > MAX_LENGTH) {
      throw new ExpressionException(
          "syntax",
          "an expression may have at most "
              + MAX_LENGTH
              + " characters, this one has "
              + text.length(),
          MAX_LENGTH);
    }
    try {
      return PARSED.get(text, Jsonata::jsonata);
    } catch (JException e) {
      throw withCause(new ExpressionException("syntax", message(e), e.getLocation()), e);
    } catch (StackOverflowError e) {
      throw new ExpressionException("syntax", "the expression nests too deeply", -1);
    } catch (RuntimeException e) {
      throw new ExpressionException("syntax", String.valueOf(e.getMessage()), -1);
    }
  }

  private static String message(JException e) {
    String text = e.getMessage();
    return text == null ? e.getError() : text;
  }

  private static ExpressionException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ExpressionException own) {
        return own;
      }
    }
    return null;
  }

  private static ExpressionException limit(String message) {
    return new ExpressionException("limit", message, -1);
  }

  /** Counts steps and nesting; a bound reached throws. */
  private static final class Budget {
    private int steps;
    private int depth;

    // The callbacks' parameters name the library's package-private tree type, so they are proxies.
    Jsonata.EntryCallback entry() {
      return (Jsonata.EntryCallback)
          Proxy.newProxyInstance(
              Jsonata.class.getClassLoader(),
              new Class<?>[] {Jsonata.EntryCallback.class},
              (proxy, method, args) -> {
                if ("callback".equals(method.getName())) {
                  enter(args[0]);
                }
                return objectMethod(proxy, method, args);
              });
    }

    Jsonata.ExitCallback exit() {
      return (Jsonata.ExitCallback)
          Proxy.newProxyInstance(
              Jsonata.class.getClassLoader(),
              new Class<?>[] {Jsonata.ExitCallback.class},
              (proxy, method, args) -> {
                if ("callback".equals(method.getName())) {
                  depth--;
                  left(args[0], args[3]);
                }
                return objectMethod(proxy, method, args);
              });
    }

    /** Refuses a range of more than {@link #MAX_ITEMS} numbers before the library builds it. */
    void left(Object node, Object result) {
      if (result instanceof String text && text.length() > MAX_TEXT) {
        throw limit("the expression built a text of more than " + MAX_TEXT + " characters");
      }
      Object[] state = ranges.remove(node);
      if (state == null) {
        return;
      }
      if (state[0] == null) {
        state[0] = result == null ? Boolean.FALSE : result;
        return;
      }
      if (state[0] instanceof Number from && result instanceof Number to) {
        double size = to.doubleValue() - from.doubleValue() + 1;
        if (size > MAX_ITEMS) {
          throw limit(
              "the range [" + from + ".." + to + "] has more than " + MAX_ITEMS + " numbers");
        }
      }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
      return switch (method.getName()) {
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        case "toString" -> "budget";
        default -> null;
      };
    }

    /** The operands of ranges being evaluated, by node, with the values they gave. */
    private final Map<Object, Object[]> ranges = new java.util.IdentityHashMap<>();

    void enter(Object node) {
      Object[] operands = ExpressionTree.rangeOperands(node);
      if (operands != null) {
        Object[] state = new Object[] {null, null};
        ranges.put(operands[0], state);
        ranges.put(operands[1], state);
      }
      if (++steps > MAX_STEPS) {
        throw limit("the expression took more than " + MAX_STEPS + " evaluation steps");
      }
      if (++depth > MAX_DEPTH) {
        throw limit("the expression nested more than " + MAX_DEPTH + " evaluations deep");
      }
    }
  }

  /** Converts a JSON value into the maps, lists, strings, numbers and booleans JSONata reads. */
  static Object toJava(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>(value.size());
      for (JsonNode element : value) {
        list.add(toJava(element));
      }
      return list;
    }
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        map.put(field.getKey(), toJava(field.getValue()));
      }
      return map;
    }
    return value.asText();
  }

  private static JsonNode integral(long value) {
    return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
  }

  private static JsonNode toJson(Object value, int[] count) {
    if (++count[0] > MAX_ITEMS * 10) {
      throw limit("the expression's result has more than " + MAX_ITEMS * 10 + " values");
    }
    if (value == null || value == Jsonata.NULL_VALUE) {
      return NullNode.getInstance();
    }
    if (value instanceof String s) {
      return TextNode.valueOf(s);
    }
    if (value instanceof Boolean b) {
      return BooleanNode.valueOf(b);
    }
    if (value instanceof Number number) {
      double d = number.doubleValue();
      if (number instanceof Long || number instanceof Integer) {
        return integral(number.longValue());
      }
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new ExpressionException(
            "evaluation", "the expression's result is not a finite number", -1);
      }
      if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
        return integral((long) d);
      }
      return DoubleNode.valueOf(d);
    }
    if (value instanceof Map<?, ?> map) {
      if (map.size() > MAX_ITEMS) {
        throw limit("an object in the expression's result has more than " + MAX_ITEMS + " fields");
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.set(String.valueOf(entry.getKey()), toJson(entry.getValue(), count));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      if (list.size() > MAX_ITEMS) {
        throw limit("an array in the expression's result has more than " + MAX_ITEMS + " items");
      }
      ArrayNode out = JsonNodeFactory.instance.arrayNode(list.size());
      for (Object element : list) {
        out.add(toJson(element, count));
      }
      return out;
    }
    throw new ExpressionException(
        "evaluation", "the expression's result is not JSON (a function?)", -1);
  }
}

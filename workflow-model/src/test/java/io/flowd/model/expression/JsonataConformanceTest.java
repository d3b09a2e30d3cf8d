package io.flowd.model.expression;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.JException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowd.model.template.TemplateScope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the reference implementation's language-neutral test suite (jsonata-js {@code
 * test/test-suite}: {@code groups/<group>/case*.json} with {@code expr}, {@code data} or {@code
 * dataset}, {@code bindings}, and one of {@code result}, {@code undefinedResult}, {@code code})
 * through flowd's own evaluator, with its bounds and function overrides.
 *
 * <p>The suite is read from the folder named by {@code FLOWD_JSONATA_SUITE} (or the system property
 * {@code flowd.jsonata.suite}), else from {@code shared/jsonata-test-suite} above the working
 * folder; without it the test is skipped. Cases are skipped, by reason, when flowd refuses their
 * expression by design ({@code $random}, {@code $shuffle}, {@code $eval}, regular expressions) or
 * when they are listed in {@code jsonata-known-differences.txt} (known differences of the Java port
 * or of flowd's conventions, each with its reason). Every other case must pass; a case that reaches
 * one of flowd's work bounds counts apart, as bounded by design.
 */
class JsonataConformanceTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long NOW = 1_700_000_000_123L;
  private static final TemplateScope SCOPE = TemplateScope.at(NOW, name -> null);

  @Test
  void the_reference_test_suite_passes_except_for_documented_differences() throws IOException {
    Path suite = suite();
    Assumptions.assumeTrue(
        suite != null, "the JSONata test suite is not here (set FLOWD_JSONATA_SUITE)");
    Map<String, String> known = knownDifferences();
    Map<String, JsonNode> datasets = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(suite.resolve("datasets"))) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString().replace(".json", "");
        datasets.put(name, MAPPER.readTree(file.toFile()));
      }
    }
    Map<String, Integer> tally = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    List<Path> caseFiles;
    try (Stream<Path> files = Files.walk(suite.resolve("groups"))) {
      caseFiles = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : caseFiles) {
      String group = file.getParent().getFileName().toString();
      String base = group + "/" + file.getFileName().toString().replace(".json", "");
      JsonNode cases = MAPPER.readTree(file.toFile());
      List<JsonNode> list = new ArrayList<>();
      if (cases.isArray()) {
        cases.forEach(list::add);
      } else {
        list.add(cases);
      }
      for (int i = 0; i < list.size(); i++) {
        String id = list.size() == 1 ? base : base + "[" + i + "]";
        String outcome = run(list.get(i), file.getParent(), datasets);
        if (known.containsKey(id)) {
          tally.merge("skipped: known difference", 1, Integer::sum);
          continue;
        }
        tally.merge(outcome.startsWith("fail") ? "failed" : outcome, 1, Integer::sum);
        if (outcome.startsWith("fail")) {
          failures.add(id + " " + outcome);
        } else if (!outcome.equals("passed")) {
          System.out.println("  " + id + " " + outcome);
        }
      }
    }
    System.out.println("JSONata conformance: " + tally);
    failures.forEach(f -> System.out.println("  " + f));
    assertThat(tally.get("passed")).isGreaterThan(900);
    assertThat(failures).isEmpty();
  }

  /** Returns passed, skipped: (reason), bounded, or fail: (what). */
  private static String run(JsonNode test, Path group, Map<String, JsonNode> datasets) {
    String expr = test.path("expr").asText(null);
    if (expr == null && test.has("expr-file")) {
      try {
        expr = Files.readString(group.resolve(test.get("expr-file").asText()));
      } catch (IOException e) {
        return "fail: cannot read " + test.get("expr-file").asText();
      }
    }
    if (expr == null) {
      return "skipped: no expression";
    }
    String expectedCode =
        test.has("code") ? test.get("code").asText() : test.path("error").path("code").asText(null);
    try {
      Expressions.check(expr);
    } catch (ExpressionException e) {
      if ("refused".equals(e.code())) {
        return "skipped: refused by design";
      }
    }
    Object input = null;
    if (test.has("data")) {
      input = Expressions.toJava(test.get("data"));
    } else if (test.hasNonNull("dataset")) {
      input = Expressions.toJava(datasets.get(test.get("dataset").asText()));
    }
    Map<String, Object> bindings = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = test.path("bindings").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      bindings.put(field.getKey(), Expressions.toJava(field.getValue()));
    }
    Object value;
    try {
      value = Expressions.evaluate(expr, input, bindings, SCOPE);
    } catch (ExpressionException e) {
      if ("limit".equals(e.code())) {
        return "bounded by flowd's limits";
      }
      if (expectedCode != null) {
        String code = e.getCause() instanceof JException j ? j.getError() : null;
        return code == null || code.equals(expectedCode)
            ? "passed"
            : "fail: code " + code + " instead of " + expectedCode;
      }
      return "fail: " + e.getMessage();
    } catch (RuntimeException | StackOverflowError e) {
      return "fail: escaped " + e;
    }
    if (expectedCode != null) {
      return "fail: no error, expected " + expectedCode;
    }
    if (test.path("undefinedResult").asBoolean(false)) {
      return value == null ? "passed" : "fail: a value instead of undefined";
    }
    if (!test.has("result")) {
      return "skipped: no expectation";
    }
    JsonNode actual;
    try {
      actual = Expressions.toJson(value);
    } catch (ExpressionException e) {
      return "fail: " + e.getMessage();
    }
    return same(actual, test.get("result")) ? "passed" : "fail: gave " + actual;
  }

  private static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      double x = a.doubleValue();
      double y = b.doubleValue();
      return x == y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<String> names = a.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!b.has(name) || !same(a.get(name), b.get(name))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static Map<String, String> knownDifferences() throws IOException {
    Map<String, String> known = new LinkedHashMap<>();
    try (InputStream in =
        JsonataConformanceTest.class.getResourceAsStream("/jsonata-known-differences.txt")) {
      if (in == null) {
        return known;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        int space = trimmed.indexOf(' ');
        known.put(
            space < 0 ? trimmed : trimmed.substring(0, space),
            space < 0 ? "" : trimmed.substring(space + 1).strip());
      }
    }
    return known;
  }

  private static Path suite() {
    String named = System.getenv("FLOWD_JSONATA_SUITE");
    if (named == null) {
      named = System.getProperty("flowd.jsonata.suite");
    }
    if (named != null) {
      Path path = Paths.get(named);
      return Files.isDirectory(path.resolve("groups")) ? path : null;
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("jsonata-test-suite");
      if (Files.isDirectory(candidate.resolve("groups"))) {
        return candidate;
      }
    }
    return null;
  }
}

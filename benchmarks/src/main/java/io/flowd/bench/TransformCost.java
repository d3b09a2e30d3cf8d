package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowd.model.template.TemplateScope;
import io.flowd.model.template.Templates;
import java.util.Map;

/**
 * P7 (issue 22): the cost of a {@code transform} node beside a {@code data_mapper}, in one JVM and
 * one loop: each config is rendered with {@link Templates#render} (the work the interpreter does
 * for a pure node). The transform is measured twice: with its expression text repeated (the parse
 * cache hits) and with 4,096 variants of it in turn (each differs in a comment, so the cache of
 * 2,048 always misses: every render parses, as before the cache). Prints µs per node per round.
 *
 * <p>Run: {@code java -cp <workflow-model classpath> TransformCost.java [iterations] [rounds]}.
 */
public final class TransformCost {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TransformCost() {}

  /** Runs the measurement; arguments: iterations per round (50,000), rounds (3). */
  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    JsonNode trigger =
        JSON.readTree(
            "{\"customer\": {\"id\": \"c-1\", \"name\": \"Ada\"}, \"total\": 56, \"items\": ["
                + "{\"sku\": \"A1\", \"price\": 19.5, \"qty\": 2},"
                + "{\"sku\": \"B2\", \"price\": 4.25, \"qty\": 4},"
                + "{\"sku\": \"C3\", \"price\": 1, \"qty\": 1}]}");
    Map<String, JsonNode> roots = Map.of("trigger", trigger);
    TemplateScope scope = TemplateScope.at(1_700_000_000_000L, roots::get);
    JsonNode mapper =
        JSON.readTree(
            "{\"customer\": \"{{ trigger.customer }}\", \"total\": \"{{ trigger.total }}\"}");
    String expression =
        "{\"customer\": trigger.customer, \"total\": $sum(trigger.items.(price * qty))}";
    JsonNode transform =
        JSON.readTree(JSON.writeValueAsString(Map.of("expression", "{{= " + expression + " }}")));
    JsonNode[] variants = new JsonNode[4_096];
    for (int i = 0; i < variants.length; i++) {
      variants[i] =
          JSON.readTree(
              JSON.writeValueAsString(
                  Map.of("expression", "{{= " + expression + " /* " + i + " */ }}")));
    }
    long sink = 0;
    for (int round = 1; round <= rounds; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        sink += Templates.render(mapper, scope).size();
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        sink += Templates.render(transform, scope).size();
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        sink += Templates.render(variants[i % variants.length], scope).size();
      }
      long t3 = System.nanoTime();
      System.out.printf(
          "round %d: data_mapper %.1f us, transform (cached parse) %.1f us,"
              + " transform (parse every time) %.1f us per node%n",
          round,
          (t1 - t0) / 1e3 / iterations,
          (t2 - t1) / 1e3 / iterations,
          (t3 - t2) / 1e3 / iterations);
    }
    System.out.println("(checksum " + sink + ")");
  }
}

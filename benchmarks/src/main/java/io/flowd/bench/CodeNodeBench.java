package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.template.TemplateScope;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.code.CodeHandler;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandler;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.spi.PureNodeHandler;
import io.flowd.nodes.vault.SecretMask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * P8: a warm {@code code} call beside a plain {@code data_mapper}, interleaved in one loop of this
 * JVM: each call renders the node's config and runs its handler the way the node activity does (the
 * code node on the process's runner pool, its JavaScript in a fresh context per call); the Temporal
 * round trip both nodes share is left out.
 */
final class CodeNodeBench {
  private static final String MAPPER =
      "{\"componentId\":\"data_mapper\",\"mappings\":{\"customer\":\"{{ trigger.customer }}\","
          + "\"first\":\"{{ trigger.items[0].sku }}\"}}";
  private static final String CODE =
      "{\"componentId\":\"code\",\"source\":\"const items = $.trigger.items;\\n"
          + "return {customer: $.trigger.customer,"
          + " total: items.reduce((s, i) => s + i.price * i.qty, 0)};\"}";
  private static final String TRIGGER =
      "{\"customer\":\"ada\",\"items\":[{\"sku\":\"a\",\"price\":2.5,\"qty\":2},"
          + "{\"sku\":\"b\",\"price\":10,\"qty\":1}]}";

  private CodeNodeBench() {}

  /** Measures {@code rounds} rounds of {@code calls} interleaved calls after a warm-up. */
  static void run(Report report, int rounds, int calls, int warmup) {
    NodeHandlerRegistry registry = StandardComponents.registry(true);
    Map<String, JsonNode> scope = Map.of("trigger", Json.parse(TRIGGER));
    TemplateScope templates = TemplateScope.at(0L, scope::get);
    ObjectNode mapperData = (ObjectNode) Json.parse(MAPPER);
    ObjectNode codeData = (ObjectNode) Json.parse(CODE);
    PureNodeHandler mapper = (PureNodeHandler) registry.get("data_mapper");
    CodeHandler code = (CodeHandler) registry.get("code");
    code.runners().start();
    for (int i = 0; i < warmup; i++) {
      mapperCall(mapper, mapperData, templates);
      codeCall(code, codeData, templates, scope);
    }
    for (int round = 1; round <= rounds; round++) {
      List<Double> mapperMs = new ArrayList<>();
      List<Double> codeMs = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        mapperCall(mapper, mapperData, templates);
        long t1 = System.nanoTime();
        codeCall(code, codeData, templates, scope);
        long t2 = System.nanoTime();
        mapperMs.add((t1 - t0) / 1e6);
        codeMs.add((t2 - t1) / 1e6);
      }
      report.add("P8 data_mapper p50 ms", Stats.percentile(mapperMs, 50));
      report.add("P8 data_mapper p99 ms", Stats.percentile(mapperMs, 99));
      report.add("P8 code p50 ms", Stats.percentile(codeMs, 50));
      report.add("P8 code p99 ms", Stats.percentile(codeMs, 99));
      report.note(
          String.format(
              java.util.Locale.ROOT,
              "P8 round %d: data_mapper p50 %.3f p99 %.3f ms; code p50 %.2f p99 %.2f ms (%d calls)",
              round,
              Stats.percentile(mapperMs, 50),
              Stats.percentile(mapperMs, 99),
              Stats.percentile(codeMs, 50),
              Stats.percentile(codeMs, 99),
              calls));
    }
  }

  private static void mapperCall(PureNodeHandler mapper, ObjectNode data, TemplateScope templates) {
    ObjectNode config = NodeExecution.render(mapper, data, templates);
    mapper.evaluate(config, Json.object());
  }

  private static void codeCall(
      NodeHandler code, ObjectNode data, TemplateScope templates, Map<String, JsonNode> scope) {
    ObjectNode config = NodeExecution.render(code, data, templates);
    JsonNode output =
        ((CodeHandler) code).execute(config, Json.object(), SecretMask.NONE, null, scope).output();
    if (output.path("total").asDouble() != 15) {
      throw new IllegalStateException("the code node answered " + output);
    }
  }
}

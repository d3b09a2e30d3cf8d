package io.flowd.model.expression;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import io.flowd.model.template.TemplateScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParseCacheTest {
  @Test
  void the_same_text_is_parsed_once_and_the_cache_stays_bounded() {
    ParseCache cache = new ParseCache(3, 1_000);
    AtomicInteger parses = new AtomicInteger();
    for (int i = 0; i < 5; i++) {
      cache.get(
          "1 + 1",
          text -> {
            parses.incrementAndGet();
            return Jsonata.jsonata(text);
          });
    }
    assertThat(ParseCache.sharing()).isTrue();
    assertThat(parses).hasValue(1);
    for (int i = 0; i < 10; i++) {
      cache.get("x + " + i, Jsonata::jsonata);
    }
    assertThat(cache.size()).isEqualTo(3);
    ParseCache small = new ParseCache(100, 20);
    for (int i = 0; i < 10; i++) {
      small.get("1 + " + i, Jsonata::jsonata);
    }
    assertThat(small.size()).isEqualTo(4);
  }

  @Test
  void a_cached_expression_evaluates_concurrently_with_each_callers_input_and_variables()
      throws Exception {
    String sum = "($factor := trigger.factor; $sum(trigger.items.(price * qty)) * $factor)";
    String probe = "$factor";
    int threads = 4;
    int rounds = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int factor = t + 1;
        done.add(
            pool.submit(
                () -> {
                  TemplateScope scope =
                      TemplateScope.at(
                          0L,
                          Map.of(
                                  "trigger",
                                  Json.parse(
                                      "{\"factor\": "
                                          + factor
                                          + ", \"items\": [{\"price\": 2.5, \"qty\": 2},"
                                          + " {\"price\": 10, \"qty\": 1}]}"))
                              ::get);
                  int wrong = 0;
                  for (int i = 0; i < rounds; i++) {
                    JsonNode total = Expressions.evaluate(sum, scope);
                    if (total.asDouble() != 15.0 * factor) {
                      wrong++;
                    }
                    // A variable bound by another evaluation is never visible to this one.
                    if (!Expressions.evaluate(probe, scope).isNull()) {
                      wrong++;
                    }
                  }
                  return wrong;
                }));
      }
      for (Future<Integer> future : done) {
        assertThat(future.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

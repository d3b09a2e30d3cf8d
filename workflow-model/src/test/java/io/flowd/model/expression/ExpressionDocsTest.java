package io.flowd.model.expression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import io.flowd.model.template.TemplateScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The examples of {@code docs/expressions.md} give the results the page shows. */
class ExpressionDocsTest {
  private static final Pattern EXAMPLE =
      Pattern.compile(
          "### (.+?)\\n.*?```json scope\\n(.*?)```\\s*```jsonata\\n(.*?)```\\s*```json result\\n(.*?)```",
          Pattern.DOTALL);

  record Example(String title, String scope, String expression, String result) {
    @Override
    public String toString() {
      return title;
    }
  }

  static Stream<Example> examples() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "expressions.md"));
    List<Example> found = new ArrayList<>();
    Matcher m = EXAMPLE.matcher(page);
    while (m.find()) {
      found.add(new Example(m.group(1), m.group(2), m.group(3), m.group(4)));
    }
    assertThat(found).hasSize(6);
    return found.stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void the_documented_example_gives_its_documented_result(Example example) {
    JsonNode scope = Json.parse(example.scope());
    Expressions.Checked checked = Expressions.check(example.expression());
    assertThat(checked.roots()).allMatch(scope::has);

    JsonNode value = Expressions.evaluate(example.expression(), TemplateScope.at(0L, scope::get));

    assertThat(value).isEqualTo(Json.parse(example.result()));
  }
}

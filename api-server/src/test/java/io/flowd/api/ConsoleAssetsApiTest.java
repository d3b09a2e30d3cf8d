package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Black-box tests of how the API process serves the console's files at {@code /ui}. */
class ConsoleAssetsApiTest {
  private static final List<String> ASSETS =
      List.of(
          "app.js",
          "api.js",
          "dom.js",
          "graph.js",
          "run.js",
          "runs.js",
          "workflows.js",
          "editor/catalog.js",
          "editor/editor.js",
          "editor/vendor.js",
          "editor/editor.css",
          "app.css",
          "../index.html");

  private static FlowdHarness flowd;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.startWithoutTemporal();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(flowd.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/ui", "/ui/", "/ui/runs", "/ui/runs/fl_run_0123456789abcdef", "/ui/workflows/x"})
  void every_console_path_answers_the_app_without_a_token(String path) throws Exception {
    HttpResponse<String> page = get(path);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/assets/app.js\">");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp -> assertThat(csp).contains("default-src 'none'", "script-src 'self'"));
  }

  @Test
  void assets_are_served_with_their_types() throws Exception {
    assertThat(get("/ui/assets/app.js").headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(get("/ui/assets/app.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
    assertThat(get("/ui/assets/app.js").body()).contains("import");
    assertThat(get("/ui/assets/editor/editor.js").headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(get("/ui/assets/vendor/drawflow.js").statusCode()).isEqualTo(200);
    assertThat(get("/ui/assets/vendor/jsoneditor.js").body()).contains("JSONEditor");
  }

  @Test
  void a_path_outside_the_assets_folder_never_reads_another_file() throws Exception {
    HttpResponse<String> sneaky = get("/ui/assets/..%2F..%2Fopenapi.json");
    HttpResponse<String> missing = get("/ui/assets/nope.js");

    assertThat(sneaky.body()).doesNotContain("\"openapi\"");
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void the_console_loads_nothing_from_another_origin() throws IOException {
    Pattern external =
        Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", Pattern.CASE_INSENSITIVE);
    for (String name : ASSETS) {
      try (InputStream in =
          getClass().getClassLoader().getResourceAsStream("console/assets/" + name)) {
        assertThat(in).as(name).isNotNull();
        String text =
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                .replace("'http://www.w3.org/2000/svg'", "SVG_NAMESPACE");
        assertThat(external.matcher(text).find()).as(name + " names another origin").isFalse();
        assertThat(text).as(name).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML");
      }
    }
  }
}

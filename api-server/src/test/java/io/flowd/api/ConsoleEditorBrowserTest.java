package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The workflow editor in a real browser (headless chromium): workflows built, checked, tested,
 * saved and run from the console by clicks and keys, without typing JSON. One server and one
 * browser serve every test.
 */
class ConsoleEditorBrowserTest {
  private static final String TOKEN = FlowdHarness.token("editor-user");
  private static final String OTHER_TENANT = FlowdHarness.token("editor-other");
  private static final String SECRET = "s3cr3t-editor-value-4711";

  private static FlowdHarness flowd;
  private static EchoServer peer;
  private static Browser browser;

  @BeforeAll
  static void start() {
    assertThat(Browser.available())
        .as("the console tests need /usr/bin/chromium and /usr/bin/chromedriver")
        .isTrue();
    flowd = FlowdHarness.start();
    try {
      peer =
          EchoServer.start()
              .on(
                  "/tier",
                  (exchange, seen) ->
                      EchoServer.send(exchange, 200, "{\"kind\": \"gold\", \"n\": 7}"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    HttpResponse<String> vault =
        flowd.request(
            "POST",
            "/workflows/vault",
            TOKEN,
            "{\"name\": \"peer_key\", \"secret\": \"" + SECRET + "\"}");
    assertThat(vault.statusCode()).as(vault.body()).isEqualTo(201);
    browser = Browser.open(flowd.baseUrl());
    browser.signIn(TOKEN);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (peer != null) {
      peer.close();
    }
    if (flowd != null) {
      flowd.close();
    }
  }

  private static JsonNode get(String path) {
    HttpResponse<String> response = flowd.request("GET", path, TOKEN, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.parse(response.body());
  }

  private static String create(String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return Json.parse(created.body()).path("id").asText();
  }

  private static void openNew() {
    browser.go("/ui/workflows");
    browser.await(By.id("new-workflow")).click();
    browser.await(By.id("editor-canvas"));
    browser.await(By.cssSelector(".ed-component[data-component=webhook]"));
  }

  private static void add(String componentId) {
    browser.await(By.cssSelector(".ed-component[data-component=" + componentId + "]")).click();
  }

  private static WebElement node(String id) {
    return browser.await(By.cssSelector(".drawflow-node[data-node-id='" + id + "']"));
  }

  private static void select(String id) {
    node(id).findElement(By.className("node-id")).click();
    browser.until(d -> id.equals(d.findElement(By.id("panel-node")).getText()) ? true : null);
  }

  private static WebElement field(String name) {
    return browser.until(
        d ->
            d.findElements(By.cssSelector("#node-form [name='root[" + name + "]']")).stream()
                .filter(WebElement::isDisplayed)
                .findFirst()
                .orElse(null));
  }

  private static void type(String name, String text) {
    WebElement input = field(name);
    input.clear();
    input.sendKeys(text);
    input.sendKeys(Keys.TAB);
  }

  private static void choose(String name, String value) {
    new org.openqa.selenium.support.ui.Select(field(name)).selectByValue(value);
  }

  private static void awaitStatus(String valid) {
    browser.until(
        d -> valid.equals(d.findElement(By.id("validation-status")).getAttribute("data-valid")));
  }

  private static String notice() {
    return browser.driver.findElement(By.id("editor-notice")).getText();
  }

  private static String saveAndAwait(String expected) {
    browser.driver.findElement(By.id("editor-save")).click();
    browser.until(d -> notice().contains(expected) ? true : null);
    browser.until(d -> d.getCurrentUrl().endsWith("/edit") ? true : null);
    String url = browser.driver.getCurrentUrl();
    return url.substring(url.indexOf("/ui/workflows/") + 14, url.length() - 5);
  }

  private static long edges() {
    return (Long)
        browser.script("return window.flowdEditor ? window.flowdEditor.state.edges.length : 0");
  }

  @Test
  void a_workflow_built_by_clicks_with_both_branches_saves_runs_and_completes() {
    openNew();
    add("manual_trigger");
    add("webhook");
    type("url", peer.url("/tier"));
    add("string_condition");
    type("left", "{{ webhook_1.body.kind }}");
    choose("operator", "equals");
    WebElement optIn =
        browser.driver.findElement(By.cssSelector("#node-form input[id='root[right]-opt-in']"));
    if (!optIn.isSelected()) {
      optIn.click();
    }
    type("right", "gold");
    add("data_mapper");
    browser.driver.findElement(By.id("editor-settings")).click();
    add("text_transform");
    type("template", "not gold");
    select("string_1");
    for (int attempt = 0; attempt < 3 && edges() < 4; attempt++) {
      WebElement falseHandle =
          node("string_1").findElement(By.cssSelector(".output[data-handle=false]"));
      WebElement input = node("text_transform_1").findElement(By.cssSelector(".input"));
      new Actions(browser.driver)
          .moveToElement(falseHandle)
          .clickAndHold()
          .moveByOffset(30, 30)
          .moveToElement(input)
          .pause(java.time.Duration.ofMillis(100))
          .release()
          .perform();
    }
    browser.until(d -> edges() == 4 ? true : null);
    awaitStatus("true");
    browser.screenshot("editor-01-built");

    String id = saveAndAwait("Created as v1");
    JsonNode saved = get("/workflows/" + id);
    assertThat(saved.path("nodes")).hasSize(5);
    assertThat(saved.path("edges").toString())
        .contains("\"sourceHandle\":\"true\"")
        .contains("\"sourceHandle\":\"false\"");
    assertThat(saved.path("nodes").get(0).path("position").path("x").isNumber()).isTrue();

    browser.await(By.id("editor-run-button")).click();
    browser.until(d -> d.getCurrentUrl().contains("/ui/runs/") ? true : null);
    browser.awaitRunStatus("completed");
    browser.awaitNode("data_mapper_1", "success");
    browser.awaitNode("text_transform_1", "skipped");
    browser.screenshot("editor-02-run-completed");
  }

  @Test
  void a_missing_required_field_and_a_cycle_are_marked_on_their_nodes_and_save_is_refused() {
    openNew();
    add("manual_trigger");
    add("webhook");
    add("data_mapper");
    awaitStatus("false");
    WebElement webhook = node("webhook_1");
    browser.until(d -> "true".equals(webhook.getAttribute("data-error") != null ? "true" : null));
    select("webhook_1");
    WebElement fieldError =
        browser.await(By.cssSelector("#node-form .ed-field-error[data-path='nodes[1].data.url']"));
    assertThat(fieldError.getText()).isNotBlank();
    browser.screenshot("editor-03-missing-field");

    type("url", peer.url("/tier"));
    awaitStatus("true");
    select("data_mapper_1");
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("connect-target")))
        .selectByValue("webhook_1");
    browser.driver.findElement(By.id("connect-add")).click();
    awaitStatus("false");
    List<WebElement> errors = browser.driver.findElements(By.cssSelector("#editor-errors li"));
    assertThat(errors).anyMatch(li -> "cycle".equals(li.getAttribute("data-code")));
    assertThat(node("webhook_1").getAttribute("data-error")).isEqualTo("cycle");
    assertThat(node("data_mapper_1").getAttribute("data-error")).isEqualTo("cycle");
    assertThat(node("manual_1").getAttribute("data-error")).isNull();

    browser.driver.findElement(By.id("editor-save")).click();
    browser.until(d -> notice().startsWith("Not saved") ? true : null);
    assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/workflows/new");
    browser.screenshot("editor-04-cycle-refused");

    browser.driver.findElement(By.tagName("body")).sendKeys(Keys.chord(Keys.CONTROL, "z"));
    awaitStatus("true");
  }

  @Test
  void a_webhook_node_tested_from_the_editor_shows_the_peers_answer() {
    openNew();
    add("manual_trigger");
    add("webhook");
    type("url", peer.url("/tier"));
    browser.driver.findElement(By.cssSelector("#test-node summary")).click();
    browser.await(By.id("test-run")).click();
    WebElement status =
        browser.until(
            d -> {
              WebElement s = d.findElement(By.id("test-status"));
              return s.getAttribute("data-status") == null ? null : s;
            });
    assertThat(status.getAttribute("data-status")).isEqualTo("success");
    assertThat(browser.driver.findElement(By.id("test-result")).getText())
        .contains("\"kind\": \"gold\"")
        .contains("\"status\": 200");
    browser.screenshot("editor-05-test-node");
  }

  @Test
  void editing_a_saved_workflow_makes_a_new_version_and_an_unchanged_save_does_not() {
    String id =
        create(
            """
            {"name": "Editable",
             "nodes": [
               {"id": "start", "type": "trigger", "position": {"x": 40, "y": 60},
                "data": {"componentId": "manual_trigger"}},
               {"id": "map", "type": "action", "position": {"x": 330.5, "y": 60},
                "data": {"componentId": "data_mapper", "mappings": {"a": 1}}},
               {"id": "later", "type": "action",
                "data": {"componentId": "text_transform", "template": "x"}}],
             "edges": [{"id": "e1", "source": "start", "target": "map"},
                       {"id": "e2", "source": "map", "target": "later", "sourceHandle": null}]}
            """);
    JsonNode before = get("/workflows/" + id);
    browser.go("/ui/workflows/" + id);
    browser.await(By.id("edit-workflow")).click();
    node("map");
    awaitStatus("true");
    browser.driver.findElement(By.id("editor-save")).click();
    browser.until(d -> notice().contains("No changes") ? true : null);
    JsonNode unchanged = get("/workflows/" + id);
    assertThat(unchanged.path("version").asInt()).isEqualTo(1);
    assertThat(unchanged.path("nodes")).isEqualTo(before.path("nodes"));

    select("later");
    type("template", "changed {{ map.a }}");
    select("map");
    browser.driver.findElement(By.tagName("body")).sendKeys(Keys.ARROW_DOWN);
    awaitStatus("true");
    saveAndAwait("Saved as v2");
    JsonNode after = get("/workflows/" + id);
    assertThat(after.path("version").asInt()).isEqualTo(2);
    assertThat(after.path("nodes").get(2).path("data").path("template").asText())
        .isEqualTo("changed {{ map.a }}");
    assertThat(after.path("nodes").get(1).path("position").toString())
        .isEqualTo("{\"x\":330.5,\"y\":80.0}");
    assertThat(after.path("nodes").get(2).path("position").isNull()).isTrue();
    assertThat(browser.await(By.id("editor-version")).getText()).contains("v2");
  }

  @Test
  void a_vault_reference_is_picked_by_name_and_its_value_never_reaches_the_page() {
    openNew();
    browser.script(
        "window.__bodies = []; const f = window.fetch; window.fetch = async (...a) => {"
            + " const r = await f(...a); r.clone().text().then(t => window.__bodies.push(t));"
            + " return r; };");
    add("manual_trigger");
    add("webhook");
    type("url", peer.url("/tier"));
    WebElement optIn =
        browser.driver.findElement(By.cssSelector("#node-form input[id='root[headers]-opt-in']"));
    optIn.click();
    browser
        .await(By.cssSelector("#node-form [data-schemapath='root.headers'] .json-editor-btn-add"))
        .click();
    field("headers][0][key").sendKeys("Authorization" + Keys.TAB);
    WebElement valueOptIn =
        browser.driver.findElement(
            By.cssSelector("#node-form input[id='root[headers][0][value]-opt-in']"));
    if (!valueOptIn.isSelected()) {
      valueOptIn.click();
    }
    WebElement value = field("headers][0][value");
    value.sendKeys("Bearer ");
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("vault-ref")))
        .selectByValue("peer_key");
    browser.until(
        d -> value.getAttribute("value").contains("Bearer {{ vault.peer_key }}") ? true : null);
    awaitStatus("true");
    browser.driver.findElement(By.cssSelector("#test-node summary")).click();
    browser.await(By.id("test-run")).click();
    browser.until(
        d ->
            "success".equals(d.findElement(By.id("test-status")).getAttribute("data-status"))
                ? true
                : null);
    String id = saveAndAwait("Created as v1");
    browser.screenshot("editor-06-vault-reference");

    assertThat(peer.requests)
        .as("the test call carried the secret itself")
        .anyMatch(r -> ("Bearer " + SECRET).equals(r.authorization()));
    assertThat(browser.driver.getPageSource()).doesNotContain(SECRET);
    Object bodies = browser.script("return JSON.stringify(window.__bodies || [])");
    assertThat(bodies.toString()).doesNotContain(SECRET).contains("peer_key");
    assertThat(get("/workflows/" + id).toString()).doesNotContain(SECRET);
  }

  @Test
  void a_two_node_workflow_is_created_with_the_keyboard_alone() {
    openNew();
    WebElement canvas = browser.await(By.id("editor-canvas"));
    browser.script("arguments[0].focus()", canvas);
    Actions keys = new Actions(browser.driver);
    keys.sendKeys(Keys.ESCAPE).sendKeys("/").perform();
    keys.sendKeys("manual_trigger").sendKeys(Keys.ENTER).perform();
    node("manual_1");
    keys.sendKeys(Keys.ESCAPE).perform();
    browser.until(d -> "editor-canvas".equals(d.switchTo().activeElement().getAttribute("id")));
    keys.sendKeys("/").sendKeys("text_transform").sendKeys(Keys.ENTER).perform();
    node("text_transform_1");
    WebElement template = field("template");
    template.sendKeys("hello" + Keys.TAB);
    awaitStatus("true");
    keys.keyDown(Keys.CONTROL).sendKeys("s").keyUp(Keys.CONTROL).perform();
    browser.until(d -> notice().contains("Created as v1") ? true : null);
    String url = browser.driver.getCurrentUrl();
    String id = url.substring(url.indexOf("/ui/workflows/") + 14, url.length() - 5);
    JsonNode saved = get("/workflows/" + id);
    assertThat(saved.path("nodes")).hasSize(2);
    assertThat(saved.path("edges").get(0).path("source").asText()).isEqualTo("manual_1");
    assertThat(saved.path("edges").get(0).path("target").asText()).isEqualTo("text_transform_1");
  }

  private static java.nio.file.Path file(String json) throws java.io.IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("flowd-import-", ".json");
    java.nio.file.Files.writeString(file, json);
    file.toFile().deleteOnExit();
    return file;
  }

  private static String errorOf(String path) {
    return browser
        .await(By.cssSelector("#editor-panel .ed-field-error[data-path='" + path + "']"))
        .getText();
  }

  /** The schema path of the form field whose container shows the error at {@code path}. */
  private static Object fieldOf(String path) {
    return browser.script(
        "return document.querySelector(\"#editor-panel .ed-field-error[data-path='\" + arguments[0]"
            + " + \"']\").closest('[data-schemapath]').dataset.schemapath",
        path);
  }

  @Test
  void each_validator_mistake_is_marked_on_its_node_and_field_and_the_api_refuses_it()
      throws Exception {
    HttpResponse<String> foreign =
        flowd.request(
            "POST",
            "/workflows",
            OTHER_TENANT,
            """
            {"name": "Theirs", "nodes": [{"id": "t", "type": "trigger",
              "data": {"componentId": "manual_trigger"}}], "edges": []}""");
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(201);
    String theirs = Json.parse(foreign.body()).path("id").asText();
    String body =
        """
        {"name": "Mistakes", "schedule_type": "cron", "schedule_value": "61 25 * * *",
         "nodes": [
           {"id": "t", "type": "trigger", "data": {"componentId": "scheduled_trigger"}},
           {"id": "call", "type": "action",
            "data": {"componentId": "webhook", "url": "%s", "methd": "POST"}},
           {"id": "odd", "type": "action", "data": {"componentId": "http_request"}},
           {"id": "missing", "type": "action",
            "data": {"componentId": "trigger_workflow", "workflow_id": "fl_0000000000000000"}},
           {"id": "theirs", "type": "action",
            "data": {"componentId": "trigger_workflow", "workflow_id": "%s"}}],
         "edges": [{"id": "e1", "source": "t", "target": "call"},
                   {"id": "e2", "source": "call", "target": "odd"},
                   {"id": "e3", "source": "odd", "target": "missing"},
                   {"id": "e4", "source": "missing", "target": "theirs"}]}
        """
            .formatted(peer.url("/tier"), theirs);

    HttpResponse<String> refused = flowd.request("POST", "/workflows", TOKEN, body);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(Json.parse(refused.body()).path("errors").findValuesAsText("path"))
        .contains(
            "schedule_value",
            "nodes[1].data.methd",
            "nodes[2].data.componentId",
            "nodes[3].data.workflow_id",
            "nodes[4].data.workflow_id");

    openNew();
    browser.driver.findElement(By.id("editor-import-file")).sendKeys(file(body).toString());
    node("theirs");
    awaitStatus("false");
    assertThat(node("call").getAttribute("data-error")).isEqualTo("unknown_field");
    assertThat(node("call").findElement(By.className("ed-node-error")).getText())
        .contains("did you mean 'method'?");
    assertThat(node("odd").findElement(By.className("ed-node-error")).getText())
        .contains("unknown component 'http_request'; did you mean 'webhook'?");
    assertThat(node("missing").getAttribute("data-error")).isEqualTo("invalid_value");
    assertThat(node("theirs").getAttribute("data-error")).isEqualTo("invalid_value");

    select("call");
    assertThat(errorOf("nodes[1].data.methd")).contains("did you mean 'method'?");
    assertThat(fieldOf("nodes[1].data.methd")).isEqualTo("root.method");
    browser.screenshot("editor-08-misspelled-field");
    select("odd");
    assertThat(browser.await(By.cssSelector("#panel-errors li")).getText())
        .contains("did you mean 'webhook'?");
    assertThat(browser.driver.findElement(By.id("panel-component")).getAttribute("class"))
        .contains("ed-field-invalid");
    select("missing");
    assertThat(errorOf("nodes[3].data.workflow_id"))
        .isEqualTo("workflow fl_0000000000000000 was not found in this tenant");
    select("theirs");
    assertThat(errorOf("nodes[4].data.workflow_id"))
        .isEqualTo("workflow " + theirs + " was not found in this tenant");
    browser.driver.findElement(By.id("editor-settings")).click();
    assertThat(errorOf("schedule_value")).contains("minute '61'").contains("hour '25'");
    assertThat(fieldOf("schedule_value")).isEqualTo("root.schedule_value");

    browser.driver.findElement(By.id("editor-save")).click();
    browser.until(d -> notice().startsWith("Not saved") ? true : null);

    select("call");
    browser.await(By.cssSelector("#panel-errors .ed-remove-field[data-field=methd]")).click();
    browser.until(
        d ->
            d.findElements(By.cssSelector("#editor-errors li[data-path='nodes[1].data.methd']"))
                    .isEmpty()
                ? true
                : null);

    String truncated = body.substring(0, body.indexOf("\"odd\""));
    browser.driver.findElement(By.id("editor-import-file")).sendKeys(file(truncated).toString());
    browser.until(d -> notice().startsWith("Not imported") ? true : null);
    assertThat(notice())
        .contains("The request body is not valid JSON")
        .contains("at line 6, column 11")
        .doesNotContain("StreamReadFeature", "REDACTED");
    assertThat(node("theirs")).as("the editor keeps its graph").isNotNull();
  }

  @Test
  void a_workflow_of_1000_nodes_opens_moves_a_node_and_validates() throws Exception {
    long made = System.nanoTime();
    StringBuilder nodes =
        new StringBuilder(
            "{\"id\": \"n0\", \"type\": \"trigger\", \"data\": {\"componentId\": \"manual_trigger\"}}");
    StringBuilder edges = new StringBuilder();
    for (int i = 1; i < 1000; i++) {
      int parent = i <= 40 ? 0 : i - 40;
      nodes.append(
          ", {\"id\": \"n%d\", \"type\": \"action\", \"data\": {\"componentId\": \"data_mapper\", \"mappings\": {\"i\": %d}}}"
              .formatted(i, i));
      edges
          .append(i > 1 ? ", " : "")
          .append(
              "{\"id\": \"e%d\", \"source\": \"n%d\", \"target\": \"n%d\"}"
                  .formatted(i, parent, i));
    }
    // Sent without the harness's OpenAPI check of request and answer, which took a minute for
    // 1,000 nodes on a busy machine.
    HttpResponse<String> created =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(flowd.baseUrl() + "/workflows"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"name\": \"Big\", \"nodes\": ["
                                + nodes
                                + "], \"edges\": ["
                                + edges
                                + "]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = Json.parse(created.body()).path("id").asText();

    System.out.printf(
        "a 1,000-node workflow created through the API in %.0f ms%n",
        (System.nanoTime() - made) / 1e6);
    long started = System.nanoTime();
    browser.go("/ui/workflows/" + id + "/edit");
    browser.until(
        d ->
            Long.valueOf(1000)
                    .equals(
                        browser.script(
                            "return document.querySelectorAll('.drawflow-node[data-node-id]').length"))
                ? true
                : null);
    double open = (System.nanoTime() - started) / 1e6;
    Object draw = browser.script("return window.flowdEditor.timings.draw");
    browser.until(d -> browser.script("return window.flowdEditor.timings.opened || null"));
    System.out.println(
        "editor timings (ms since navigation): "
            + browser.script("return JSON.stringify(window.flowdEditor.timings)")
            + "; loads (start-end ms): "
            + browser.script(
                "return performance.getEntriesByType('resource').filter(r => r.duration > 20)"
                    + ".map(r => r.name.replace(location.origin, '') + ' ' + Math.round(r.startTime)"
                    + " + '-' + Math.round(r.responseEnd)).join(', ')"));
    browser.driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1]; window.flowdEditor.select('n500');"
            + " requestAnimationFrame(() => setTimeout(done));");
    Object move =
        browser.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1]; const ed = window.flowdEditor;"
                + " const t = performance.now(); ed.moveSelected(40, 0);"
                + " requestAnimationFrame(() => setTimeout(() => done(performance.now() - t)));");
    Object validate =
        browser.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1]; const t = performance.now();"
                + " window.flowdEditor.validate().then(r => done([performance.now() - t, r.valid]));");
    System.out.printf(
        "editor at 1,000 nodes: page opened in %.0f ms (canvas drawn in %.0f ms), a node moved in %.0f ms, validated in %s ms%n",
        open, ((Number) draw).doubleValue(), ((Number) move).doubleValue(), validate);
    assertThat(validate.toString()).contains("true");
    browser.screenshot("editor-07-thousand-nodes");
    System.out.printf("the 1,000-node test took %.0f ms%n", (System.nanoTime() - made) / 1e6);
  }

  @Test
  void an_imported_json_file_is_drawn_and_saved_as_it_was() throws Exception {
    String body =
        """
        {"name": "Imported",
         "nodes": [
           {"id": "in", "type": "trigger", "position": {"x": 20.5, "y": 40.5},
            "data": {"componentId": "manual_trigger"}},
           {"id": "route", "type": "condition", "position": {"x": 300.5, "y": 40.5},
            "data": {"componentId": "switch_condition", "value": "{{ trigger.size }}",
                     "cases": [{"handle": "big", "operator": "gt", "right": 10}]}},
           {"id": "big", "type": "action", "position": {"x": 600.5, "y": 0.5},
            "data": {"componentId": "text_transform", "template": "big"}},
           {"id": "other", "type": "action", "position": {"x": 600.5, "y": 160.5},
            "data": {"componentId": "text_transform", "template": "other"}}],
         "edges": [
           {"id": "e1", "source": "in", "target": "route", "sourceHandle": null},
           {"id": "e2", "source": "route", "target": "big", "sourceHandle": "big"},
           {"id": "e3", "source": "route", "target": "other", "sourceHandle": "default"}]}
        """;
    java.nio.file.Path file = java.nio.file.Files.createTempFile("flowd-import-", ".json");
    java.nio.file.Files.writeString(file, body);
    openNew();
    browser.driver.findElement(By.id("editor-import-file")).sendKeys(file.toString());
    assertThat(node("route").findElements(By.cssSelector(".output[data-handle]")))
        .extracting(e -> e.getAttribute("data-handle"))
        .containsExactly("big", "default");
    awaitStatus("true");
    String id = saveAndAwait("Created as v1");
    JsonNode saved = get("/workflows/" + id);
    JsonNode sent = Json.parse(body);
    assertThat(saved.path("nodes")).isEqualTo(sent.path("nodes"));
    assertThat(saved.path("edges")).isEqualTo(sent.path("edges"));
    java.nio.file.Files.deleteIfExists(file);
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.auth.JwtAuthenticator;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser (headless chromium), clicked through as a person would: sign in,
 * read runs, act on them. Screenshots land in target/screenshots/.
 */
class ConsoleBrowserTest {
  private static final String TOKEN = FlowdHarness.token("console-user");
  private static final String XSS_NODE = "<img src=x onerror=\"window.__xss='node'\">";
  private static final AtomicBoolean FIXED = new AtomicBoolean(false);

  private static FlowdHarness flowd;
  private static EchoServer peer;
  private static Browser browser;
  private static String flaky;
  private static String approval;
  private static String quick;
  private static String hostile;
  private static String big;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Browser.available())
        .as(
            "the console tests need /usr/bin/chromium and /usr/bin/chromedriver"
                + " (apt-get install chromium chromium-driver; .ci/run installs them)")
        .isTrue();
    flowd = FlowdHarness.start();
    peer =
        EchoServer.start()
            .on(
                "/flaky",
                (exchange, seen) ->
                    EchoServer.send(
                        exchange,
                        FIXED.get() ? 200 : 500,
                        FIXED.get() ? "{\"ok\": true}" : "{\"error\": \"upstream down\"}"));
    flaky =
        create(
            """
            {"name": "Flaky call",
             "nodes": [
               {"id": "start", "type": "trigger", "data": {"componentId": "manual_trigger"}},
               {"id": "call", "type": "action",
                "data": {"componentId": "webhook", "method": "GET", "url": "%s",
                         "retry": {"max_attempts": 1}}},
               {"id": "done", "type": "action",
                "data": {"componentId": "data_mapper", "mappings": {"ok": "{{ call.body.ok }}"}}}],
             "edges": [
               {"id": "e1", "source": "start", "target": "call"},
               {"id": "e2", "source": "call", "target": "done"}]}
            """
                .formatted(peer.url("/flaky")));
    approval =
        create(
            """
            {"name": "Approval",
             "nodes": [
               {"id": "start", "type": "trigger", "data": {"componentId": "manual_trigger"}},
               {"id": "ask", "type": "action",
                "data": {"componentId": "wait_for_input",
                         "prompt": "Approve order {{ trigger.order }}?"}},
               {"id": "record", "type": "action",
                "data": {"componentId": "data_mapper",
                         "mappings": {"approved": "{{ ask.approved }}"}}}],
             "edges": [
               {"id": "e1", "source": "start", "target": "ask"},
               {"id": "e2", "source": "ask", "target": "record"}]}
            """);
    quick =
        create(
            """
            {"name": "Quick hook",
             "nodes": [
               {"id": "hook", "type": "trigger", "position": {"x": 100, "y": 50},
                "data": {"componentId": "webhook_trigger"}},
               {"id": "map", "type": "action", "position": {"x": 500, "y": 250},
                "data": {"componentId": "data_mapper", "mappings": {"got": "{{ hook.body.n }}"}}}],
             "edges": [{"id": "e1", "source": "hook", "target": "map"}]}
            """);
    hostile =
        create(
            """
            {"name": "<b>Hostile</b>",
             "nodes": [
               {"id": "start", "type": "trigger", "data": {"componentId": "manual_trigger"}},
               {"id": %s, "type": "action",
                "data": {"componentId": "data_mapper", "mappings":
                  {"html": "<script>window.__xss='output'</script><img src=x onerror=\\"window.__xss='img'\\">"}}},
               {"id": "stop", "type": "action",
                "data": {"componentId": "terminate", "status": "failed",
                         "message": "<img src=x onerror=\\"window.__xss='error'\\">boom"}}],
             "edges": [
               {"id": "e1", "source": "start", "target": %s},
               {"id": "e2", "source": %s, "target": "stop"}]}
            """
                .formatted(quote(XSS_NODE), quote(XSS_NODE), quote(XSS_NODE)));
    big = create(thousandNodes());
    for (int i = 0; i < 2; i++) {
      await(execute(flaky, "{}"), "failed");
    }
    String hook = Json.parse(get("/workflows/" + quick).body()).path("webhook_url").asText();
    String path = hook.substring(hook.indexOf("/workflows/webhooks/"));
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> sent = flowd.request("POST", path, null, "{\"n\": " + i + "}");
      assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
      await(Json.parse(sent.body()).path("run_id").asText(), "completed");
    }
    browser = Browser.open(flowd.baseUrl());
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

  private static String quote(String text) {
    return Json.write(text);
  }

  private static String thousandNodes() {
    StringBuilder nodes =
        new StringBuilder(
            "{\"id\": \"n0\", \"type\": \"trigger\", \"data\": {\"componentId\": \"manual_trigger\"}}");
    StringBuilder edges = new StringBuilder();
    for (int i = 1; i < 1000; i++) {
      int parent = i <= 40 ? 0 : i - 40;
      nodes.append(
          ", {\"id\": \"n%d\", \"type\": \"action\", \"data\": {\"componentId\": \"data_mapper\","
                  .formatted(i)
              + " \"mappings\": {\"i\": %d}}}".formatted(i));
      edges.append(i > 1 ? ", " : "");
      edges.append(
          "{\"id\": \"e%d\", \"source\": \"n%d\", \"target\": \"n%d\"}".formatted(i, parent, i));
    }
    return "{\"name\": \"A thousand nodes\", \"nodes\": ["
        + nodes
        + "], \"edges\": ["
        + edges
        + "]}";
  }

  private static String create(String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return Json.parse(created.body()).path("id").asText();
  }

  private static HttpResponse<String> get(String path) {
    return flowd.request("GET", path, TOKEN, null);
  }

  private static String execute(String workflowId, String context) {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows/" + workflowId + "/execute",
            TOKEN,
            "{\"context\": " + context + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return Json.parse(response.body()).path("id").asText();
  }

  private static JsonNode await(String runId, String status) throws InterruptedException {
    JsonNode run = null;
    for (int i = 0; i < 1200 && !(run != null && status.equals(run.path("status").asText())); i++) {
      if (i > 0) {
        Thread.sleep(100);
      }
      run = Json.parse(get("/workflows/runs/" + runId).body());
    }
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo(status);
    return run;
  }

  private static void signedIn() {
    browser.go("/ui");
    WebElement first =
        browser.until(
            d ->
                d.findElements(By.cssSelector("#token, #sign-out")).stream()
                    .findFirst()
                    .orElse(null));
    if ("token".equals(first.getAttribute("id"))) {
      browser.signIn(TOKEN);
    }
  }

  private static void signedOut() {
    browser.go("/ui");
    browser.script("sessionStorage.clear()");
    browser.go("/ui");
    browser.await(By.id("token"));
  }

  @Test
  void signing_in_with_the_api_token_shows_the_workflows() {
    signedOut();
    WebElement label = browser.driver.findElement(By.cssSelector("label[for=token]"));
    assertThat(label.getText()).isEqualTo("API token");
    browser.screenshot("01-sign-in");

    browser.signIn(TOKEN);

    WebElement table = browser.await(By.id("workflows"));
    assertThat(table.getText()).contains("Flaky call", "Approval", "Quick hook");
    assertThat(browser.script("return sessionStorage.getItem('flowd.token')")).isEqualTo(TOKEN);
    browser.screenshot("02-workflows");
  }

  @Test
  void a_wrong_or_expired_token_shows_the_sign_in_again_with_the_reason() {
    signedOut();
    browser.driver.findElement(By.id("token")).sendKeys("not-a-token");
    browser.driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
    WebElement reason =
        browser.until(
            d -> {
              WebElement r = d.findElement(By.id("signin-reason"));
              return r.getText().isEmpty() ? null : r;
            });
    assertThat(reason.getText()).isNotBlank();
    assertThat(browser.script("return sessionStorage.getItem('flowd.token')")).isNull();

    String expired =
        JwtAuthenticator.issueToken(
            FlowdHarness.SECRET, "console-user", null, null, Duration.ofMinutes(-5));
    browser.script("sessionStorage.setItem('flowd.token', arguments[0])", expired);
    browser.go("/ui/runs");

    WebElement why =
        browser.until(
            d -> {
              List<WebElement> r = d.findElements(By.id("signin-reason"));
              return r.isEmpty() || r.get(0).getText().isEmpty() ? null : r.get(0);
            });
    assertThat(why.getText()).contains("Signed out").contains("expired");
    assertThat(browser.driver.findElement(By.id("token")).isDisplayed()).isTrue();
    browser.screenshot("03-expired-token");
  }

  @Test
  void a_failed_run_shows_the_failed_node_and_resuming_from_it_completes() throws Exception {
    FIXED.set(false);
    String runId = execute(flaky, "{}");
    JsonNode failed = await(runId, "failed");
    signedIn();

    browser.go("/ui/runs/" + runId);

    WebElement node = browser.awaitNode("call", "error");
    browser.awaitNode("start", "success");
    browser.awaitNode("done", "skipped");
    assertThat(node.findElement(By.className("node-message")).getText()).isNotBlank();
    assertThat(node.getCssValue("left"))
        .as("laid out one column right of the trigger")
        .isEqualTo("284px");
    assertThat(browser.await(By.id("run-error")).getText())
        .isEqualTo(failed.path("error_message").asText());
    node.click();
    assertThat(browser.await(By.id("panel-error")).getText()).isNotBlank();
    assertThat(browser.driver.findElement(By.id("panel-node-id")).getText()).isEqualTo("call");
    browser.screenshot("04-failed-run");

    FIXED.set(true);
    browser.await(By.id("resume-from")).click();

    browser.until(
        d -> d.getCurrentUrl().contains("/ui/runs/") && !d.getCurrentUrl().endsWith(runId));
    browser.awaitRunStatus("completed");
    browser.awaitNode("call", "success");
    browser.awaitNode("done", "success");
    assertThat(browser.driver.findElement(By.id("run-summary")).getText()).contains(runId);
    browser.screenshot("05-resumed-run-completed");
  }

  @Test
  void a_waiting_run_takes_the_input_typed_on_its_page() throws Exception {
    String runId = execute(approval, "{\"order\": 42}");
    await(runId, "waiting");
    signedIn();

    browser.go("/ui/runs/" + runId);

    browser.awaitNode("ask", "waiting");
    WebElement form = browser.await(By.cssSelector("#waiting [data-waiting-node=ask]"));
    WebElement payload = form.findElement(By.tagName("textarea"));
    payload.clear();
    payload.sendKeys("{\"approved\": true}");
    browser.screenshot("06-waiting-for-input");
    form.findElement(By.tagName("button")).click();

    browser.awaitRunStatus("completed");
    browser.awaitNode("ask", "success");
    browser.awaitNode("record", "success").click();
    assertThat(browser.await(By.cssSelector("#node-panel .node-output")).getText())
        .contains("\"approved\": true");
    assertThat(await(runId, "completed").path("status").asText()).isEqualTo("completed");
  }

  @Test
  void cancel_on_the_run_page_cancels_a_waiting_run() throws Exception {
    String runId = execute(approval, "{\"order\": 7}");
    await(runId, "waiting");
    signedIn();
    browser.go("/ui/runs/" + runId);
    browser.awaitNode("ask", "waiting");

    browser.await(By.id("cancel-run")).click();
    browser.until(d -> d.switchTo().alert()).accept();

    browser.awaitRunStatus("cancelled");
    assertThat(await(runId, "cancelled").path("status").asText()).isEqualTo("cancelled");
  }

  @Test
  void the_run_list_filters_by_status_workflow_and_trigger() {
    signedIn();
    browser.go("/ui/runs");
    browser.await(By.id("runs"));

    browser.driver.findElement(By.cssSelector("#run-filters input[value=failed]")).click();
    browser.driver.findElement(By.id("apply-filters")).click();

    browser.until(d -> d.getCurrentUrl().contains("status=failed"));
    List<WebElement> failedRows = rows();
    assertThat(failedRows).isNotEmpty();
    assertThat(failedRows).allMatch(r -> "failed".equals(r.getAttribute("data-status")));
    browser.screenshot("07-runs-filtered-failed");

    browser.driver.findElement(By.cssSelector("#run-filters input[value=failed]")).click();
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("filter-workflow")))
        .selectByVisibleText("Quick hook");
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("filter-trigger")))
        .selectByValue("webhook");
    browser.driver.findElement(By.id("apply-filters")).click();

    browser.until(d -> d.getCurrentUrl().contains("workflow_id=" + quick));
    List<WebElement> quickRows = rows();
    assertThat(quickRows).hasSize(2);
    assertThat(quickRows).allMatch(r -> r.getText().contains("Quick hook"));
    assertThat(quickRows).allMatch(r -> r.getText().contains("webhook"));
  }

  private static List<WebElement> rows() {
    return browser.until(
        d -> {
          List<WebElement> rows = d.findElements(By.cssSelector("#runs tbody tr"));
          List<WebElement> empty = d.findElements(By.id("no-runs"));
          return rows.isEmpty() && empty.isEmpty() ? null : rows;
        });
  }

  @Test
  void deep_links_open_a_workflow_with_its_graph_at_the_stored_positions_and_webhook_url() {
    signedIn();

    browser.go("/ui/workflows/" + quick);

    assertThat(browser.await(By.tagName("h1")).getText()).isEqualTo("Quick hook");
    assertThat(browser.await(By.id("webhook-url")).getText())
        .contains("/workflows/webhooks/whsec_");
    assertThat(browser.driver.findElements(By.cssSelector(".node[data-node-id]"))).hasSize(2);
    WebElement map = browser.driver.findElement(By.cssSelector(".node[data-node-id=map]"));
    assertThat(map.getCssValue("left"))
        .as("stored x, less the smallest x, plus the margin")
        .isEqualTo("424px");
    assertThat(map.getCssValue("top")).isEqualTo("224px");
    assertThat(browser.driver.findElement(By.id("runs")).getText()).contains("webhook");
    browser.screenshot("08-workflow");
  }

  @Test
  void node_ids_outputs_and_messages_are_shown_as_text_and_never_run() throws Exception {
    String runId = execute(hostile, "{}");
    await(runId, "failed");
    signedIn();

    browser.go("/ui/runs/" + runId);

    WebElement node = browser.awaitNode(XSS_NODE, "success");
    assertThat(node.findElement(By.className("node-id")).getText()).isEqualTo(XSS_NODE);
    node.click();
    assertThat(browser.await(By.cssSelector("#node-panel .node-output")).getText())
        .contains("<script>window.__xss='output'</script>");
    assertThat(browser.await(By.id("run-error")).getText()).contains("<img src=x onerror=");
    browser.go("/ui/runs?status=failed");
    browser.await(By.id("runs"));
    browser.go("/ui/workflows/" + hostile);
    assertThat(browser.await(By.tagName("h1")).getText()).isEqualTo("<b>Hostile</b>");
    browser.go("/ui/runs/" + runId);
    browser.awaitNode(XSS_NODE, "success").click();
    assertThat(browser.driver.findElements(By.cssSelector("#view img, #view script, #view b")))
        .isEmpty();
    assertThat(browser.script("return window.__xss === undefined ? null : window.__xss")).isNull();
    browser.screenshot("09-user-data-as-text");
  }

  @Test
  void a_run_of_1000_nodes_draws_every_node_and_a_click_still_selects_one() throws Exception {
    String runId = execute(big, "{}");
    await(runId, "completed");
    signedIn();

    long start = System.nanoTime();
    browser.go("/ui/runs/" + runId);
    browser.until(
        d ->
            d.findElements(By.cssSelector(".node[data-status=success]")).size() == 1000
                ? true
                : null);
    System.out.printf(
        "a 1,000-node run page drew every node's state in %.0f ms%n",
        (System.nanoTime() - start) / 1e6);

    assertThat(browser.driver.findElements(By.cssSelector(".node[data-node-id]"))).hasSize(1000);
    WebElement far = browser.driver.findElement(By.cssSelector(".node[data-node-id=n999]"));
    browser.script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", far);
    far.click();
    assertThat(browser.await(By.id("panel-node-id")).getText()).isEqualTo("n999");
    assertThat(browser.driver.findElement(By.id("panel-status")).getText()).isEqualTo("success");
    browser.screenshot("10-thousand-nodes");
  }

  @Test
  void a_workflows_page_shows_each_broker_triggers_state() throws Exception {
    com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
    factory.setUri("amqp://guest:guest@127.0.0.1:5672/%2F");
    String queue = "flowd-test-console-" + java.util.UUID.randomUUID();
    try (com.rabbitmq.client.Connection rabbit = factory.newConnection("flowd-console-test");
        com.rabbitmq.client.Channel channel = rabbit.createChannel()) {
      channel.queueDeclare(queue, true, false, false, null);
      try {
        String id =
            create(
                """
                {"name": "Orders from RabbitMQ",
                 "nodes": [
                   {"id": "orders", "type": "trigger",
                    "data": {"componentId": "rabbitmq_trigger", "format": "json",
                             "url": "amqp://guest:guest@127.0.0.1:5672/%%2F", "queue": "%s"}},
                   {"id": "map", "type": "action",
                    "data": {"componentId": "data_mapper", "mappings": {"n": "{{ orders.body.n }}"}}}],
                 "edges": [{"id": "e1", "source": "orders", "target": "map"}]}
                """
                    .formatted(queue));
        BrokerTriggerTests.awaitConnected(flowd, TOKEN, id);
        var json =
            new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .build();
        channel.basicPublish("", queue, json, "{\"n\": 1}".getBytes());
        channel.basicPublish("", queue, json, "{not json".getBytes());
        channel.basicPublish("", queue, json, "{\"n\": 2}".getBytes());
        BrokerTriggerTests.await(
            "two runs and one dead-lettered message",
            Duration.ofSeconds(30),
            () -> {
              JsonNode t = BrokerTriggerTests.trigger(flowd, TOKEN, id);
              return t.path("runs_started").asLong() == 2 && t.path("dead_lettered").asLong() == 1;
            });
        signedIn();

        browser.go("/ui/workflows/" + id);

        WebElement row = browser.await(By.cssSelector("#broker-triggers tr[data-node-id=orders]"));
        assertThat(row.findElement(By.className("trigger-state")).getText()).isEqualTo("connected");
        assertThat(row.findElement(By.className("trigger-replicas")).getText()).isEqualTo("1");
        assertThat(row.findElement(By.className("trigger-messages")).getText()).isEqualTo("3");
        assertThat(row.findElement(By.className("trigger-runs")).getText()).isEqualTo("2");
        assertThat(row.findElement(By.className("trigger-dead-lettered")).getText()).isEqualTo("1");
        assertThat(row.findElement(By.className("trigger-lag")).getText()).isNotBlank();
        assertThat(
                row.findElement(By.cssSelector(".trigger-last-message time"))
                    .getAttribute("datetime"))
            .isNotBlank();
        assertThat(row.getText()).contains("rabbitmq_trigger");
        browser.screenshot("11-broker-trigger-state");
        BrokerTriggerTests.deactivate(flowd, TOKEN, id);
      } finally {
        channel.queueDelete(queue);
      }
    }
  }
}

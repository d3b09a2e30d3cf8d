package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Finding one's way between runs: iterator children and their parent, a failed run and its failure
 * run (in the API and on the console's run page), and an approval whose {@code input_schema}
 * refuses an empty payload.
 */
class RunNavigationTest {
  private static final String TOKEN = FlowdHarness.token("navigation-user");

  private static FlowdHarness flowd;
  private static Browser browser;
  private static String item;
  private static String fanOut;
  private static String approval;

  @BeforeAll
  static void start() {
    assertThat(Browser.available()).as("chromium and chromedriver are needed").isTrue();
    flowd = FlowdHarness.start();
    item =
        create(
            """
            {"name": "Item",
             "nodes": [
               {"id": "t", "type": "trigger", "data": {"componentId": "workflow_trigger"}},
               {"id": "m", "type": "action",
                "data": {"componentId": "data_mapper", "mappings": {"seen": true}}}],
             "edges": [{"id": "e1", "source": "t", "target": "m"}]}
            """);
    fanOut =
        create(
            """
            {"name": "Fan out",
             "nodes": [
               {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
               {"id": "each", "type": "action",
                "data": {"componentId": "iterator", "label": "Every item",
                         "workflow_id": "%s", "items": "{{ trigger.items }}"}}],
             "edges": [{"id": "e1", "source": "t", "target": "each"}]}
            """
                .formatted(item));
    approval =
        create(
            """
            {"name": "Expense approval",
             "nodes": [
               {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
               {"id": "ask", "type": "action",
                "data": {"componentId": "wait_for_input", "prompt": "Approve?",
                         "input_schema": {"type": "object", "required": ["approved"],
                           "properties": {"approved": {"type": "boolean"},
                                          "note": {"type": "string"}}}}},
               {"id": "m", "type": "action",
                "data": {"componentId": "data_mapper",
                         "mappings": {"approved": "{{ ask.approved }}"}}}],
             "edges": [{"id": "e1", "source": "t", "target": "ask"},
                       {"id": "e2", "source": "ask", "target": "m"}]}
            """);
    browser = Browser.open(flowd.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (flowd != null) {
      flowd.close();
    }
  }

  private static String create(String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return Json.parse(created.body()).path("id").asText();
  }

  private static JsonNode get(String path) {
    HttpResponse<String> response = flowd.request("GET", path, TOKEN, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.parse(response.body());
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
    JsonNode run = flowd.awaitRun(TOKEN, runId, status);
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo(status);
    return run;
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("data").forEach(r -> ids.add(r.path("id").asText()));
    return ids;
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

  @Test
  void iterator_children_name_their_parent_and_the_list_filters_by_parent() throws Exception {
    String parent = execute(fanOut, "{\"items\": [1, 2, 3]}");
    await(parent, "completed");

    JsonNode children = get("/workflows/runs?parent_run_id=" + parent);
    assertThat(children.path("meta").path("total").asInt()).isEqualTo(3);
    children
        .path("data")
        .forEach(
            child -> {
              assertThat(child.path("parent_run_id").asText()).isEqualTo(parent);
              assertThat(child.path("workflow_id").asText()).isEqualTo(item);
            });
    String child = children.path("data").get(0).path("id").asText();
    assertThat(get("/workflows/runs/" + child).path("parent_run_id").asText()).isEqualTo(parent);
    assertThat(get("/workflows/runs/" + parent).path("parent_run_id").isNull()).isTrue();
    assertThat(ids(get("/workflows/runs?parent_run_id=none&per_page=100")))
        .contains(parent)
        .doesNotContainAnyElementsOf(ids(children));
    assertThat(ids(get("/workflows/runs?workflow_id=" + item)))
        .as("without the filter the list still holds every run")
        .containsAll(ids(children));
    HttpResponse<String> bad =
        flowd.request("GET", "/workflows/runs?parent_run_id=nope", TOKEN, null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Json.parse(bad.body()).path("errors").get(0).path("path").asText())
        .isEqualTo("parent_run_id");
  }

  @Test
  void a_failed_run_links_to_its_failure_run_and_back() throws Exception {
    String handler =
        create(
            """
            {"name": "On failure",
             "nodes": [{"id": "t", "type": "trigger", "data": {"componentId": "workflow_trigger"}}],
             "edges": []}
            """);
    String failing =
        create(
            """
            {"name": "Fails", "on_failure": {"workflow_id": "%s"},
             "nodes": [
               {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
               {"id": "stop", "type": "action",
                "data": {"componentId": "terminate", "status": "failed", "message": "no"}}],
             "edges": [{"id": "e1", "source": "t", "target": "stop"}]}
            """
                .formatted(handler));
    String failed = execute(failing, "{}");
    await(failed, "failed");

    String failureRun = get("/workflows/runs/" + failed).path("failure_run_id").asText();
    assertThat(failureRun).startsWith("fl_run_");
    JsonNode failure = await(failureRun, "completed");
    assertThat(failure.path("trigger_type").asText()).isEqualTo("failure");
    assertThat(failure.path("failed_run_id").asText()).isEqualTo(failed);
    JsonNode listed = get("/workflows/runs?workflow_id=" + failing).path("data").get(0);
    assertThat(listed.path("failure_run_id").asText()).isEqualTo(failureRun);

    signedIn();
    browser.go("/ui/runs/" + failed);
    browser.await(By.id("failure-run")).click();
    browser.until(d -> d.getCurrentUrl().endsWith("/ui/runs/" + failureRun) ? true : null);
    browser.await(By.id("failed-run")).click();
    browser.until(d -> d.getCurrentUrl().endsWith("/ui/runs/" + failed) ? true : null);
  }

  @Test
  void an_approval_refuses_an_empty_payload_until_its_input_schema_is_met() throws Exception {
    String run = execute(approval, "{}");
    await(run, "waiting");

    Map<String, String> pathOfProblem =
        Map.of(
            "{\"node_id\": \"ask\"}", "payload",
            "{\"node_id\": \"ask\", \"payload\": {}}", "payload.approved");
    for (Map.Entry<String, String> body : pathOfProblem.entrySet()) {
      HttpResponse<String> refused =
          flowd.request("POST", "/workflows/runs/" + run + "/input", TOKEN, body.getKey());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
      JsonNode error = Json.parse(refused.body());
      assertThat(error.path("code").asText()).isEqualTo("invalid_input");
      assertThat(error.path("errors").get(0).path("path").asText()).isEqualTo(body.getValue());
    }
    assertThat(get("/workflows/runs/" + run).path("status").asText()).isEqualTo("waiting");

    signedIn();
    browser.go("/ui/runs/" + run);
    WebElement form = browser.await(By.cssSelector("#waiting [data-waiting-node=ask]"));
    form.findElement(By.tagName("button")).click();
    browser.until(d -> d.switchTo().alert()).accept();
    assertThat(browser.await(By.id("notice")).getText()).isNotEmpty();
    browser.until(
        d -> d.findElement(By.id("notice")).getText().contains("input_schema") ? true : null);
    assertThat(get("/workflows/runs/" + run).path("status").asText()).isEqualTo("waiting");

    form = browser.await(By.cssSelector("#waiting [data-waiting-node=ask]"));
    new org.openqa.selenium.support.ui.Select(
            form.findElement(By.cssSelector("[data-field=approved] select")))
        .selectByVisibleText("true");
    form.findElement(By.tagName("button")).click();
    browser.awaitRunStatus("completed");
    assertThat(await(run, "completed").path("logs").toString()).contains("\"approved\":true");
  }

  @Test
  void an_iterator_run_page_links_to_its_children_and_a_child_links_back() throws Exception {
    String parent = execute(fanOut, "{\"items\": [\"a\", \"b\"]}");
    await(parent, "completed");
    signedIn();

    browser.go("/ui/runs/" + parent);
    WebElement node = browser.awaitNode("each", "success");
    assertThat(node.findElement(By.className("node-label")).getText()).isEqualTo("Every item");
    browser.until(
        d -> d.findElements(By.cssSelector("#child-runs li a")).size() == 2 ? true : null);
    browser.screenshot("nav-01-iterator-children");
    WebElement first = browser.driver.findElement(By.cssSelector("#child-runs li a"));
    String child = first.getText();
    first.click();
    browser.until(d -> d.getCurrentUrl().endsWith("/ui/runs/" + child) ? true : null);
    assertThat(browser.await(By.id("parent-run")).getText()).isEqualTo(parent);
    browser.driver.findElement(By.id("parent-run")).click();
    browser.until(d -> d.getCurrentUrl().endsWith("/ui/runs/" + parent) ? true : null);
    browser.await(By.cssSelector("#child-runs li a"));

    browser.go("/ui/runs?workflow_id=" + item);
    browser.await(By.id("no-runs"));
    browser.go("/ui/runs?workflow_id=" + item + "&children=all");
    browser.until(d -> d.findElements(By.cssSelector("#runs tbody tr")).size() >= 2 ? true : null);
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console's version history in a real browser: the list, a diff between two versions, and a
 * restore that asks first because files manage the workflow.
 */
class VersionsBrowserTest {
  private static final String TOKEN = FlowdHarness.token("versions-user");
  private static final String FILE =
      """
      {"name": "Versioned", "managed_by": "files",
       "nodes": [
         {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
         {"id": "n2", "type": "action",
          "data": {"componentId": "data_mapper", "mappings": {"ok": %s}}}],
       "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}
      """;

  private static FlowdHarness flowd;
  private static Browser browser;

  @BeforeAll
  static void start() {
    assertThat(Browser.available()).as("chromium and chromedriver are installed").isTrue();
    flowd = FlowdHarness.start();
    browser = Browser.open(flowd.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    flowd.close();
  }

  @Test
  void the_workflow_page_lists_versions_diffs_two_and_restores_after_confirmation() {
    String id =
        FlowdHarness.json(
                flowd.request("PUT", "/workflows/by-key/versioned", TOKEN, FILE.formatted("true")))
            .path("id")
            .asText();
    flowd.request("PUT", "/workflows/by-key/versioned", TOKEN, FILE.formatted("false"));

    browser.signIn(TOKEN);
    browser.go("/ui/workflows/" + id);
    browser.await(By.cssSelector("#version-list tr[data-version='2']"));
    assertThat(browser.await(By.id("managed-by")).getText()).contains("Managed by files");
    assertThat(browser.driver.findElements(By.cssSelector("#version-list tbody tr"))).hasSize(2);

    browser.await(By.id("diff-button")).click();
    assertThat(browser.await(By.id("diff-lines")).getText())
        .contains("~ node n2 /data/mappings/ok: true → false");

    browser.await(By.cssSelector("button.restore[data-version='1']")).click();
    Alert confirm = browser.until(ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).contains("managed by files");
    confirm.accept();
    browser.await(By.cssSelector("#version-list tr[data-version='3']"));
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("#version-list tr[data-version='3'] .change-summary"))
                .getText())
        .isEqualTo("restored version 1");
    browser.screenshot("versions");
    assertThat(
            FlowdHarness.json(flowd.request("GET", "/workflows/" + id, TOKEN, null))
                .path("version")
                .asInt())
        .isEqualTo(3);
  }
}

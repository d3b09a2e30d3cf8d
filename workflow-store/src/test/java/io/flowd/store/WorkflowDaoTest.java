package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.EDGES;
import static io.flowd.store.StoreTestDatabase.NODES;
import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static io.flowd.store.StoreTestDatabase.TENANT;
import static io.flowd.store.StoreTestDatabase.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import io.flowd.model.Workflow;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkflowDaoTest {
  private static final String URL = "https://flowd.example";
  private static StoreTestDatabase db;
  private static WorkflowDao workflows;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_workflows");
    workflows = db.dao(WorkflowDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void findReturnsTheCurrentVersionWithItsGraphRoundTripped() {
    String id = db.newWorkflow(TENANT);

    Workflow found = workflows.find(TENANT, id, URL).orElseThrow();

    assertThat(found.id()).isEqualTo(id);
    assertThat(found.name()).isEqualTo("wf");
    assertThat(found.description()).isEqualTo("about");
    assertThat(found.version()).isEqualTo(1);
    assertThat(found.scheduleType()).isEqualTo("manual");
    assertThat(found.scheduleTimezone()).isEqualTo("UTC");
    assertThat(found.isActive()).isTrue();
    assertThat(found.webhookUrl()).isNull();
    assertThat(found.createdAt()).isNotNull();
    assertThat((JsonNode) Json.MAPPER.valueToTree(found.nodes())).isEqualTo(json(NODES));
    assertThat((JsonNode) Json.MAPPER.valueToTree(found.edges())).isEqualTo(json(EDGES));
  }

  @Test
  void anotherTenantFindsNothing() {
    String id = db.newWorkflow(TENANT);

    assertThat(workflows.find(OTHER_TENANT, id, URL)).isEmpty();
    assertThat(workflows.findVersion(OTHER_TENANT, id, 1, URL)).isEmpty();
    assertThat(workflows.lockForChange(OTHER_TENANT, id)).isEmpty();
    assertThat(
            workflows.update(
                OTHER_TENANT,
                new WorkflowChange(id, "x", null, 2, "manual", null, "UTC", true, null)))
        .isZero();
    assertThat(workflows.delete(OTHER_TENANT, id)).isZero();
    assertThat(workflows.find(TENANT, id, URL)).isPresent();
  }

  @Test
  void updateWritesANewCurrentVersionAndKeepsTheOldOne() {
    String id = db.newWorkflow(TENANT);
    workflows.insertVersion(
        TENANT,
        new WorkflowVersion(
            id, 2, "renamed", null, List.of(), List.of(), "interval", "5m", "Europe/Berlin", null));

    int updated =
        workflows.update(
            TENANT,
            new WorkflowChange(
                id, "renamed", null, 2, "interval", "5m", "Europe/Berlin", false, "whsec_x"));

    assertThat(updated).isEqualTo(1);
    Workflow current = workflows.find(TENANT, id, URL).orElseThrow();
    assertThat(current.version()).isEqualTo(2);
    assertThat(current.name()).isEqualTo("renamed");
    assertThat(current.description()).isNull();
    assertThat(current.scheduleType()).isEqualTo("interval");
    assertThat(current.scheduleValue()).isEqualTo("5m");
    assertThat(current.scheduleTimezone()).isEqualTo("Europe/Berlin");
    assertThat(current.isActive()).isFalse();
    assertThat(current.nodes()).isEmpty();
    assertThat(current.webhookUrl()).isEqualTo(URL + "/workflows/webhooks/whsec_x");
    Workflow first = workflows.findVersion(TENANT, id, 1, URL).orElseThrow();
    assertThat(first.version()).isEqualTo(1);
    assertThat(first.name()).isEqualTo("wf");
    assertThat((JsonNode) Json.MAPPER.valueToTree(first.nodes())).isEqualTo(json(NODES));
    assertThat(workflows.lockForChange(TENANT, id)).contains("whsec_x");
  }

  @Test
  void lockForChangeReturnsAnEmptyTokenForAWorkflowWithoutWebhook() {
    String id = db.newWorkflow(TENANT);

    assertThat(workflows.lockForChange(TENANT, id)).contains("");
  }

  @Test
  void listPagesTheTenantsWorkflowsNewestFirstWithoutGraphs() {
    String tenant = "tenant_list";
    String first = db.newWorkflow(tenant);
    String second = db.newWorkflow(tenant);
    String third = db.newWorkflow(tenant);

    assertThat(workflows.count(tenant)).isEqualTo(3);
    assertThat(workflows.list(tenant, 2, 0, URL))
        .extracting(Workflow::id)
        .containsExactly(third, second);
    assertThat(workflows.list(tenant, 2, 2, URL)).extracting(Workflow::id).containsExactly(first);
    assertThat(workflows.list(tenant, 10, 0, URL)).allMatch(w -> w.nodes() == null);
    assertThat(workflows.list(OTHER_TENANT + "_none", 10, 0, URL)).isEmpty();
  }

  @Test
  void deleteRemovesTheWorkflowAndItsVersions() {
    String id = db.newWorkflow(TENANT);

    assertThat(workflows.deleteVersions(TENANT, id)).isEqualTo(1);
    assertThat(workflows.delete(TENANT, id)).isEqualTo(1);
    assertThat(workflows.find(TENANT, id, URL)).isEmpty();
    assertThat(workflows.findVersion(TENANT, id, 1, URL)).isEmpty();
  }
}

package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static io.flowd.store.StoreTestDatabase.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkflowHistoryDaoTest {
  private static StoreTestDatabase db;
  private static WorkflowHistoryDao history;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_history");
    history = db.dao(WorkflowHistoryDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void aKeylessWorkflowIsFoundByItsIdUntilItTakesAKeyPerTenant() {
    String id = db.newWorkflow(TENANT);

    assertThat(history.byKey(TENANT, id).orElseThrow().key()).isNull();
    assertThat(history.byKey(OTHER_TENANT, id)).isEmpty();
    history.setIdentity(TENANT, id, "orders", "files");

    WorkflowFileIdentity found = history.byKey(TENANT, "orders").orElseThrow();
    assertThat(found.id()).isEqualTo(id);
    assertThat(found.managedBy()).isEqualTo("files");
    assertThat(history.byKey(OTHER_TENANT, "orders")).isEmpty();
    assertThat(history.identity(OTHER_TENANT, id)).isEmpty();
  }

  @Test
  void theAuthorIsStampedOnVersionsWithoutOneAndListedWithRunCounts() {
    String id = db.newWorkflow(TENANT);

    assertThat(history.stampAuthor(TENANT, id, "alice")).isEqualTo(1);
    assertThat(history.stampAuthor(TENANT, id, "bob")).isZero();
    history.setSummary(TENANT, id, 1, "created by hand");

    assertThat(history.count(TENANT, id)).isEqualTo(1);
    assertThat(history.count(OTHER_TENANT, id)).isZero();
    VersionRow row = history.list(TENANT, id, 10, 0).get(0);
    assertThat(row.version()).isEqualTo(1);
    assertThat(row.createdBy()).isEqualTo("alice");
    assertThat(row.changeSummary()).isEqualTo("created by hand");
    assertThat(row.runs()).isZero();
    assertThat(history.list(OTHER_TENANT, id, 10, 0)).isEmpty();
  }
}

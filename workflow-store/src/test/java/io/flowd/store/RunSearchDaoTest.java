package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.Run;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunSearchDaoTest {
  private static final String TENANT = "tenant_search";
  private static final RunFilter ALL = new RunFilter(List.of(), null, null, null, null);
  private static StoreTestDatabase db;
  private static RunSearchDao search;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_search");
    search = db.dao(RunSearchDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void filtersByStatusWorkflowAndTimeAcrossTheTenantsWorkflows() {
    String one = db.newWorkflow(TENANT);
    String two = db.newWorkflow(TENANT);
    String a = db.newRun(TENANT, one);
    String b = db.newRun(TENANT, two);
    String c = db.newRun(TENANT, two);
    db.dao(RunDao.class).finish(TENANT, b, "failed", "x");

    assertThat(search.page(TENANT, ALL, 10, 0)).extracting(Run::id).containsExactly(c, b, a);
    assertThat(search.count(TENANT, ALL)).isEqualTo(3);
    assertThat(search.page(TENANT, ALL, 1, 1)).extracting(Run::id).containsExactly(b);
    assertThat(
            search.page(
                TENANT,
                new RunFilter(List.of("failed", "cancelled"), null, null, null, null),
                10,
                0))
        .extracting(Run::id)
        .containsExactly(b);
    assertThat(search.count(TENANT, new RunFilter(List.of(), two, "manual", null, null)))
        .isEqualTo(2);
    assertThat(search.count(TENANT, new RunFilter(List.of(), null, "webhook", null, null)))
        .isZero();
    assertThat(
            search.count(
                TENANT, new RunFilter(List.of(), null, null, Instant.now().plusSeconds(60), null)))
        .isZero();
    assertThat(
            search.count(
                TENANT, new RunFilter(List.of(), null, null, null, Instant.now().plusSeconds(60))))
        .isEqualTo(3);
    assertThat(search.page(OTHER_TENANT, ALL, 10, 0)).isEmpty();
    assertThat(search.explainPage(TENANT, ALL, 10)).isNotEmpty();
  }
}

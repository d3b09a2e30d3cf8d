package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static io.flowd.store.StoreTestDatabase.TENANT;
import static io.flowd.store.StoreTestDatabase.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PayloadDaoTest {
  private static StoreTestDatabase db;
  private static PayloadDao payloads;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_payloads");
    payloads = db.dao(PayloadDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void storingTheSameSlotAgainKeepsItsIdAndReplacesItsData() {
    String first = payloads.upsert(TENANT, "pl_1", "fl_run_p", "node_a", "{\"v\":1}", 7);
    String again = payloads.upsert(TENANT, "pl_2", "fl_run_p", "node_a", "{\"v\":[2,\"ü\"]}", 12);

    assertThat(first).isEqualTo("pl_1");
    assertThat(again).isEqualTo("pl_1");
    assertThat(json(payloads.find(TENANT, "pl_1").orElseThrow()))
        .isEqualTo(json("{\"v\":[2,\"ü\"]}"));
    assertThat(payloads.find(TENANT, "pl_2")).isEmpty();
  }

  @Test
  void anotherTenantFindsNothing() {
    payloads.upsert(TENANT, "pl_private", "fl_run_q", "node_a", "{}", 2);

    assertThat(payloads.find(OTHER_TENANT, "pl_private")).isEmpty();
    assertThat(payloads.find(TENANT, "pl_private")).isPresent();
  }
}

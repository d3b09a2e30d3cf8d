package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static io.flowd.store.StoreTestDatabase.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdempotencyKeyDaoTest {
  private static StoreTestDatabase db;
  private static IdempotencyKeyDao keys;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_keys");
    keys = db.dao(IdempotencyKeyDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void aKeyIsTakenOnceAndFoundOnlyInItsTenant() {
    UUID key = UUID.randomUUID();

    assertThat(keys.insertIfAbsent(TENANT, new IdempotencyRecord(key, "fp1", "fl_w", "fl_run_1")))
        .isEqualTo(1);
    assertThat(keys.insertIfAbsent(TENANT, new IdempotencyRecord(key, "fp2", "fl_w", "fl_run_2")))
        .isZero();

    assertThat(keys.find(TENANT, key))
        .contains(new IdempotencyRecord(key, "fp1", "fl_w", "fl_run_1"));
    assertThat(keys.find(OTHER_TENANT, key)).isEmpty();
    assertThat(
            keys.insertIfAbsent(
                OTHER_TENANT, new IdempotencyRecord(key, "fp3", "fl_w", "fl_run_3")))
        .isEqualTo(1);
  }

  @Test
  void onlyAKeyOlderThanADayCanBeTakenOver() {
    UUID key = UUID.randomUUID();
    keys.insertIfAbsent(TENANT, new IdempotencyRecord(key, "fp1", "fl_w", "fl_run_1"));

    assertThat(keys.takeOverExpired(TENANT, new IdempotencyRecord(key, "fp2", "fl_w", "fl_run_2")))
        .isZero();
    assertThat(keys.age(TENANT, key, 25)).isEqualTo(1);
    assertThat(
            keys.takeOverExpired(
                OTHER_TENANT, new IdempotencyRecord(key, "fp2", "fl_w", "fl_run_2")))
        .isZero();
    assertThat(keys.takeOverExpired(TENANT, new IdempotencyRecord(key, "fp2", "fl_w", "fl_run_2")))
        .isEqualTo(1);
    assertThat(keys.takeOverExpired(TENANT, new IdempotencyRecord(key, "fp3", "fl_w", "fl_run_3")))
        .isZero();

    assertThat(keys.find(TENANT, key).orElseThrow().runId()).isEqualTo("fl_run_2");
  }

  @Test
  void deleteForWorkflowRemovesOnlyThatWorkflowsKeysOfTheTenant() {
    UUID mine = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    keys.insertIfAbsent(TENANT, new IdempotencyRecord(mine, "fp", "fl_gone", "fl_run_1"));
    keys.insertIfAbsent(TENANT, new IdempotencyRecord(other, "fp", "fl_kept", "fl_run_2"));

    assertThat(keys.deleteForWorkflow(OTHER_TENANT, "fl_gone")).isZero();
    assertThat(keys.deleteForWorkflow(TENANT, "fl_gone")).isEqualTo(1);
    assertThat(keys.find(TENANT, mine)).isEmpty();
    assertThat(keys.find(TENANT, other)).isPresent();
  }
}

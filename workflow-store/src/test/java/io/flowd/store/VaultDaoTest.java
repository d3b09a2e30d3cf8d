package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static io.flowd.store.StoreTestDatabase.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.Ids;
import io.flowd.model.VaultItem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VaultDaoTest {
  private static StoreTestDatabase db;
  private static VaultDao vault;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_vault");
    vault = db.dao(VaultDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void insertStoresMetadataAndTheSealedSecretSeparately() {
    String id = Ids.next(Ids.VAULT);
    Instant expires = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);

    assertThat(vault.insert(TENANT, id, "api_key", new byte[] {1, 2, 3}, expires)).isEqualTo(1);

    VaultItem item = vault.find(TENANT, id).orElseThrow();
    assertThat(item.name()).isEqualTo("api_key");
    assertThat(item.expiresAt()).isEqualTo(expires);
    List<VaultSecret> sealed = vault.sealed(TENANT, List.of("api_key", "missing"));
    assertThat(sealed).hasSize(1);
    assertThat(sealed.get(0).sealed()).containsExactly(1, 2, 3);
  }

  @Test
  void aSecondItemOfTheSameNameIsNotInserted() {
    vault.insert(TENANT, Ids.next(Ids.VAULT), "dup", new byte[] {1}, null);

    assertThat(vault.insert(TENANT, Ids.next(Ids.VAULT), "dup", new byte[] {2}, null)).isZero();
    assertThat(vault.insert(OTHER_TENANT, Ids.next(Ids.VAULT), "dup", new byte[] {3}, null))
        .isEqualTo(1);
    assertThat(vault.sealed(TENANT, List.of("dup")).get(0).sealed()).containsExactly(1);
  }

  @Test
  void updateChangesOnlyTheGivenFields() {
    String id = Ids.next(Ids.VAULT);
    Instant expires = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
    vault.insert(TENANT, id, "to_change", new byte[] {1}, expires);

    assertThat(vault.update(TENANT, new VaultChange(id, "changed", null, null, false)))
        .isEqualTo(1);
    VaultItem renamed = vault.find(TENANT, id).orElseThrow();
    assertThat(renamed.name()).isEqualTo("changed");
    assertThat(renamed.expiresAt()).isEqualTo(expires);
    assertThat(vault.sealed(TENANT, List.of("changed")).get(0).sealed()).containsExactly(1);

    assertThat(vault.update(TENANT, new VaultChange(id, null, new byte[] {9}, null, true)))
        .isEqualTo(1);
    assertThat(vault.find(TENANT, id).orElseThrow().expiresAt()).isNull();
    assertThat(vault.sealed(TENANT, List.of("changed")).get(0).sealed()).containsExactly(9);
    assertThat(vault.countNamed(TENANT, "changed", id)).isZero();
    assertThat(vault.countNamed(TENANT, "changed", "vlt_other")).isEqualTo(1);
  }

  @Test
  void anotherTenantFindsChangesAndDeletesNothing() {
    String id = Ids.next(Ids.VAULT);
    vault.insert(TENANT, id, "private", new byte[] {7}, null);

    assertThat(vault.find(OTHER_TENANT, id)).isEmpty();
    assertThat(vault.sealed(OTHER_TENANT, List.of("private"))).isEmpty();
    assertThat(vault.update(OTHER_TENANT, new VaultChange(id, "stolen", null, null, false)))
        .isZero();
    assertThat(vault.delete(OTHER_TENANT, id)).isZero();
    assertThat(vault.delete(TENANT, id)).isEqualTo(1);
    assertThat(vault.find(TENANT, id)).isEmpty();
  }

  @Test
  void listPagesTheTenantsItemsNewestFirst() {
    String tenant = "tenant_vault_list";
    String first = Ids.next(Ids.VAULT);
    String second = Ids.next(Ids.VAULT);
    vault.insert(tenant, first, "one", new byte[] {1}, null);
    vault.insert(tenant, second, "two", new byte[] {2}, null);

    assertThat(vault.count(tenant)).isEqualTo(2);
    assertThat(vault.list(tenant, 1, 0)).extracting(VaultItem::id).containsExactly(second);
    assertThat(vault.list(tenant, 1, 1)).extracting(VaultItem::id).containsExactly(first);
  }
}

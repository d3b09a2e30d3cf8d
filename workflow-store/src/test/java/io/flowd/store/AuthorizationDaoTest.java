package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.OTHER_TENANT;
import static io.flowd.store.StoreTestDatabase.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.Authorization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthorizationDaoTest {
  private static StoreTestDatabase db;
  private static AuthorizationDao authorizations;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_auth");
    authorizations = db.dao(AuthorizationDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void findOrCreateCreatesOnceAndKeepsTheFirstId() {
    Authorization first = authorizations.findOrCreate(TENANT, "user_1", "a@example.com", "auth_1");
    Authorization again = authorizations.findOrCreate(TENANT, "user_1", null, "auth_2");

    assertThat(first.id()).isEqualTo("auth_1");
    assertThat(first.userId()).isEqualTo("user_1");
    assertThat(again.id()).isEqualTo("auth_1");
    assertThat(again.email()).isEqualTo("a@example.com");
    assertThat(authorizations.forUser(TENANT, "user_1")).containsExactly(again);
  }

  @Test
  void theSameUserInAnotherTenantIsAnotherRecord() {
    authorizations.findOrCreate(TENANT, "user_2", null, "auth_3");

    assertThat(authorizations.find(OTHER_TENANT, "user_2")).isEmpty();
    assertThat(authorizations.findOrCreate(OTHER_TENANT, "user_2", null, "auth_4").id())
        .isEqualTo("auth_4");
  }
}

package io.flowd.store;

import static io.flowd.store.StoreTestDatabase.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebhookTokenDaoTest {
  private static StoreTestDatabase db;

  @BeforeAll
  static void start() {
    db = new StoreTestDatabase("store_webhooks");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void findsTheWorkflowByTheTokensSha256() throws Exception {
    String id = db.newWorkflow(TENANT);
    db.dao(WorkflowDao.class)
        .update(
            TENANT,
            new WorkflowChange(id, "wf", null, 1, "manual", null, "UTC", false, "whsec_abc123"));

    var found = db.dao(WebhookTokenDao.class).findBySha256(sha256("whsec_abc123"));

    assertThat(found).contains(new WebhookTarget(TENANT, id, "whsec_abc123", false));
    assertThat(db.dao(WebhookTokenDao.class).findBySha256(sha256("whsec_other"))).isEmpty();
  }

  private static byte[] sha256(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
  }
}

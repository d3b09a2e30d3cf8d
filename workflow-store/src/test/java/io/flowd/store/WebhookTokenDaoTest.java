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

  @Test
  void rotationKeepsThePreviousTokenOnlyForItsGracePeriod() throws Exception {
    String id = db.newWorkflow(TENANT);
    db.dao(WorkflowDao.class)
        .update(
            TENANT,
            new WorkflowChange(id, "wf", null, 1, "manual", null, "UTC", true, "whsec_first"));
    WebhookTokenDao tokens = db.dao(WebhookTokenDao.class);

    assertThat(tokens.rotate(TENANT, id, "whsec_second", 3600)).isEqualTo(1);

    assertThat(tokens.findBySha256(sha256("whsec_first")))
        .contains(new WebhookTarget(TENANT, id, "whsec_first", true));
    assertThat(tokens.findBySha256(sha256("whsec_second")))
        .contains(new WebhookTarget(TENANT, id, "whsec_second", true));
    WebhookTokens shown = tokens.tokens(TENANT, id).orElseThrow();
    assertThat(shown.token()).isEqualTo("whsec_second");
    assertThat(shown.previousToken()).isEqualTo("whsec_first");
    assertThat(shown.previousExpiresAt()).isNotNull();

    assertThat(tokens.rotate(TENANT, id, "whsec_third", 0)).isEqualTo(1);

    assertThat(tokens.findBySha256(sha256("whsec_first"))).isEmpty();
    assertThat(tokens.findBySha256(sha256("whsec_second"))).isEmpty();
    assertThat(tokens.tokens(TENANT, id).orElseThrow().previousToken()).isNull();
    assertThat(tokens.rotate("other-tenant", id, "whsec_fourth", 0)).isZero();
  }

  private static byte[] sha256(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
  }
}

package io.flowd.api.webhook;

import io.flowd.api.http.ApiException;
import io.flowd.model.Ids;
import io.flowd.store.Database;
import io.flowd.store.WebhookTokenDao;
import io.flowd.store.WebhookTokens;
import io.flowd.store.WorkflowDao;

/** A workflow's webhook tokens: the current one, and a rotation that keeps the old one a while. */
public final class WebhookTokenService {
  private final Database database;
  private final String publicUrl;

  public WebhookTokenService(Database database, String publicUrl) {
    this.database = database;
    this.publicUrl = publicUrl;
  }

  /** Returns the workflow's tokens; 404 without the workflow, 409 without a webhook trigger. */
  public WebhookTokens tokens(String tenantId, String id) {
    if (database.dao(WorkflowDao.class).find(tenantId, id, publicUrl).isEmpty()) {
      throw ApiException.notFound("Workflow " + id + " does not exist.");
    }
    return database
        .dao(WebhookTokenDao.class)
        .tokens(tenantId, id)
        .orElseThrow(() -> noWebhook(id));
  }

  /** Issues a new token, the old one working for {@code graceSeconds} more; returns the tokens. */
  public WebhookTokens rotate(String tenantId, String id, long graceSeconds) {
    tokens(tenantId, id);
    int rotated =
        database.dao(WebhookTokenDao.class).rotate(tenantId, id, Ids.webhookToken(), graceSeconds);
    if (rotated == 0) {
      throw noWebhook(id);
    }
    return tokens(tenantId, id);
  }

  private static ApiException noWebhook(String id) {
    return ApiException.conflict(
        "no_webhook", "Workflow " + id + " has no webhook_trigger, so it has no webhook URL.");
  }
}

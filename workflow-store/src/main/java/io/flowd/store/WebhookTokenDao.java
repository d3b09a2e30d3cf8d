package io.flowd.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Webhook tokens. An inbound call names no tenant, so this is the one lookup by secret across
 * tenants; it goes through the token's SHA-256, so the index lookup reveals nothing about the
 * token, and the caller compares the stored token in constant time. After a rotation the previous
 * token is found too until its grace period ends.
 */
public interface WebhookTokenDao {

  @CrossTenant("an inbound webhook names no tenant: its token finds it")
  @SqlQuery(
      "SELECT tenant_id, id AS workflow_id, webhook_token AS token, is_active FROM workflows"
          + " WHERE deleted_at IS NULL AND webhook_token IS NOT NULL AND sha256(webhook_token::bytea) = :sha256"
          + " UNION ALL"
          + " SELECT tenant_id, id AS workflow_id, previous_webhook_token AS token, is_active"
          + " FROM workflows WHERE deleted_at IS NULL AND webhook_token IS NOT NULL"
          + " AND previous_webhook_token IS NOT NULL"
          + " AND sha256(previous_webhook_token::bytea) = :sha256"
          + " AND previous_webhook_token_expires_at > clock_timestamp()"
          + " LIMIT 1")
  @RegisterConstructorMapper(WebhookTarget.class)
  Optional<WebhookTarget> findBySha256(@Bind("sha256") byte[] sha256);

  /**
   * Replaces the workflow's webhook token by {@code token}; the replaced one keeps working for
   * {@code graceSeconds} (0 ends it at once). Only the latest replaced token is kept.
   *
   * @return 1, or 0 when the workflow has no webhook
   */
  @SqlUpdate(
      "UPDATE workflows SET"
          + " previous_webhook_token = CASE WHEN :grace > 0 THEN webhook_token END,"
          + " previous_webhook_token_expires_at = CASE WHEN :grace > 0"
          + " THEN clock_timestamp() + make_interval(secs => :grace) END,"
          + " webhook_token = :token"
          + " WHERE tenant_id = :tenantId AND id = :id AND webhook_token IS NOT NULL")
  int rotate(
      @Bind("tenantId") String tenantId,
      @Bind("id") String workflowId,
      @Bind("token") String token,
      @Bind("grace") long graceSeconds);

  /** Returns the workflow's current token and its previous one while that one still works. */
  @SqlQuery(
      "SELECT webhook_token AS token,"
          + " CASE WHEN previous_webhook_token_expires_at > clock_timestamp()"
          + " THEN previous_webhook_token END AS previous_token,"
          + " CASE WHEN previous_webhook_token_expires_at > clock_timestamp()"
          + " THEN previous_webhook_token_expires_at END AS previous_expires_at"
          + " FROM workflows WHERE tenant_id = :tenantId AND id = :id"
          + " AND webhook_token IS NOT NULL")
  @RegisterConstructorMapper(WebhookTokens.class)
  Optional<WebhookTokens> tokens(@Bind("tenantId") String tenantId, @Bind("id") String workflowId);
}

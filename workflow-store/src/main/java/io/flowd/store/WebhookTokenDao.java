package io.flowd.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Webhook tokens. An inbound call names no tenant, so this is the one lookup by secret across
 * tenants; it goes through the token's SHA-256, so the index lookup reveals nothing about the
 * token, and the caller compares the stored token in constant time.
 */
public interface WebhookTokenDao {

  @CrossTenant("an inbound webhook names no tenant: its token finds it")
  @SqlQuery(
      "SELECT tenant_id, id AS workflow_id, webhook_token AS token, is_active FROM workflows"
          + " WHERE webhook_token IS NOT NULL AND sha256(webhook_token::bytea) = :sha256")
  @RegisterConstructorMapper(WebhookTarget.class)
  Optional<WebhookTarget> findBySha256(@Bind("sha256") byte[] sha256);
}

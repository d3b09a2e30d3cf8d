package io.flowd.store;

import io.flowd.model.VaultItem;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Vault items. Metadata reads never select the secret; only {@link #sealed} does. */
@RegisterConstructorMapper(VaultItem.class)
public interface VaultDao {

  @SqlUpdate(
      "INSERT INTO vault_items (id, tenant_id, name, secret, expires_at)"
          + " VALUES (:id, :tenantId, :name, :secret, :expiresAt) ON CONFLICT DO NOTHING")
  int insert(
      @Bind("tenantId") String tenantId,
      @Bind("id") String id,
      @Bind("name") String name,
      @Bind("secret") byte[] sealed,
      @Bind("expiresAt") Instant expiresAt);

  @SqlQuery(
      "SELECT " + Sql.VAULT_COLUMNS + " FROM vault_items WHERE tenant_id = :tenantId AND id = :id")
  Optional<VaultItem> find(@Bind("tenantId") String tenantId, @Bind("id") String id);

  @SqlQuery("SELECT count(*) FROM vault_items WHERE tenant_id = :tenantId")
  long count(@Bind("tenantId") String tenantId);

  @SqlQuery(
      "SELECT "
          + Sql.VAULT_COLUMNS
          + " FROM vault_items WHERE tenant_id = :tenantId ORDER BY created_at DESC, id DESC"
          + " LIMIT :limit OFFSET :offset")
  List<VaultItem> list(
      @Bind("tenantId") String tenantId, @Bind("limit") int limit, @Bind("offset") long offset);

  /** Changes the fields that are not {@code null}; {@code clearExpiry} sets no expiry. */
  @SqlUpdate(
      "UPDATE vault_items SET name = coalesce(CAST(:name AS text), name),"
          + " secret = coalesce(CAST(:secret AS bytea), secret),"
          + " expires_at = CASE WHEN :clearExpiry THEN NULL"
          + " ELSE coalesce(CAST(:expiresAt AS timestamptz), expires_at) END,"
          + " updated_at = clock_timestamp() WHERE tenant_id = :tenantId AND id = :id")
  int update(@Bind("tenantId") String tenantId, @BindMethods VaultChange change);

  @SqlQuery(
      "SELECT count(*) FROM vault_items WHERE tenant_id = :tenantId AND name = :name"
          + " AND id <> :exceptId")
  long countNamed(
      @Bind("tenantId") String tenantId,
      @Bind("name") String name,
      @Bind("exceptId") String exceptId);

  @SqlUpdate("DELETE FROM vault_items WHERE tenant_id = :tenantId AND id = :id")
  int delete(@Bind("tenantId") String tenantId, @Bind("id") String id);

  /** Returns the encrypted secrets of these names that exist. */
  @SqlQuery(
      "SELECT name, secret AS sealed, expires_at FROM vault_items"
          + " WHERE tenant_id = :tenantId AND name IN (<names>) ORDER BY name")
  @RegisterConstructorMapper(VaultSecret.class)
  List<VaultSecret> sealed(
      @Bind("tenantId") String tenantId, @BindList("names") Collection<String> names);
}

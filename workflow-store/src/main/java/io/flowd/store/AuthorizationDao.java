package io.flowd.store;

import io.flowd.model.Authorization;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Callers' authorization records, created on first use. */
public interface AuthorizationDao {

  @SqlUpdate(
      "INSERT INTO authorizations (id, tenant_id, user_id, email) VALUES (:id, :tenantId,"
          + " :userId, :email) ON CONFLICT (tenant_id, user_id) DO UPDATE SET email ="
          + " coalesce(excluded.email, authorizations.email)")
  void upsert(
      @Bind("tenantId") String tenantId,
      @Bind("id") String id,
      @Bind("userId") String userId,
      @Bind("email") String email);

  @SqlQuery(
      "SELECT id, user_id, email, created_at FROM authorizations WHERE tenant_id = :tenantId"
          + " AND user_id = :userId")
  Optional<Authorization> find(@Bind("tenantId") String tenantId, @Bind("userId") String userId);

  /** Returns the caller's record, creating it (with {@code newId}) on first use. */
  @Transaction
  default Authorization findOrCreate(String tenantId, String userId, String email, String newId) {
    upsert(tenantId, newId, userId, email);
    return find(tenantId, userId).orElseThrow();
  }

  /** Returns the caller's authorization records in the tenant, oldest first. */
  @SqlQuery(
      "SELECT id, user_id, email, created_at FROM authorizations WHERE tenant_id = :tenantId"
          + " AND user_id = :userId ORDER BY created_at, id")
  List<Authorization> forUser(@Bind("tenantId") String tenantId, @Bind("userId") String userId);
}

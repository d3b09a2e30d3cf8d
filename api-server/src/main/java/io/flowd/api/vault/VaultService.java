package io.flowd.api.vault;

import io.flowd.api.http.ApiException;
import io.flowd.model.Ids;
import io.flowd.model.VaultItem;
import io.flowd.store.Database;
import io.flowd.store.VaultChange;
import io.flowd.store.VaultCipher;
import io.flowd.store.VaultDao;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The tenant's secrets: seals each secret before it is stored and answers only metadata. Names are
 * unique per tenant (409 otherwise).
 */
public final class VaultService {
  private final Database database;
  private final VaultCipher cipher;

  public VaultService(Database database, VaultCipher cipher) {
    this.database = database;
    this.cipher = cipher;
  }

  /** Returns the number of the tenant's items. */
  public long count(String tenantId) {
    return database.dao(VaultDao.class).count(tenantId);
  }

  /** Returns a page of the tenant's items, newest first. */
  public List<VaultItem> list(String tenantId, int limit, long offset) {
    return database.dao(VaultDao.class).list(tenantId, limit, offset);
  }

  /** Stores a new item and returns its metadata; 409 when the name is taken. */
  public VaultItem create(String tenantId, String name, String secret, Instant expiresAt) {
    String id = Ids.next(Ids.VAULT);
    int inserted =
        database
            .dao(VaultDao.class)
            .insert(tenantId, id, name, cipher.seal(tenantId, secret), expiresAt);
    if (inserted == 0) {
      throw duplicate(name);
    }
    return find(tenantId, id);
  }

  /** Returns an item's metadata, or throws a 404. */
  public VaultItem find(String tenantId, String id) {
    return database.dao(VaultDao.class).find(tenantId, id).orElseThrow(() -> notFound(id));
  }

  /**
   * Changes the given fields ({@code null} keeps one) and returns the metadata; 404 when the item
   * is gone, 409 when the new name is taken.
   */
  public VaultItem update(
      String tenantId,
      String id,
      String name,
      String secret,
      Instant expiresAt,
      boolean clearExpiry) {
    find(tenantId, id);
    byte[] sealed = secret == null ? null : cipher.seal(tenantId, secret);
    database
        .jdbi()
        .useTransaction(
            (Handle h) -> {
              VaultDao vault = h.attach(VaultDao.class);
              if (name != null && vault.countNamed(tenantId, name, id) > 0) {
                throw duplicate(name);
              }
              try {
                if (vault.update(
                        tenantId, new VaultChange(id, name, sealed, expiresAt, clearExpiry))
                    == 0) {
                  throw notFound(id);
                }
              } catch (UnableToExecuteStatementException e) {
                if (isUniqueViolation(e)) {
                  throw duplicate(name);
                }
                throw e;
              }
            });
    return find(tenantId, id);
  }

  /** Deletes an item; 404 when it is gone. */
  public void delete(String tenantId, String id) {
    if (database.dao(VaultDao.class).delete(tenantId, id) == 0) {
      throw notFound(id);
    }
  }

  static ApiException notFound(String id) {
    return ApiException.notFound("Vault item " + id + " was not found.");
  }

  private static ApiException duplicate(String name) {
    return ApiException.conflict(
        "duplicate_name", "A vault item named " + name + " already exists.");
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}

package io.flowd.api.workflow;

import io.flowd.api.auth.Principal;
import io.flowd.model.Authorization;
import io.flowd.model.Ids;
import io.flowd.store.AuthorizationDao;
import io.flowd.store.Database;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Callers' authorization records, created on first use and kept in memory afterwards. */
public final class AuthorizationCache {
  private final AuthorizationDao dao;
  private final Map<Principal, Authorization> known = new ConcurrentHashMap<>();

  public AuthorizationCache(Database database) {
    this.dao = database.dao(AuthorizationDao.class);
  }

  /** Returns the caller's authorization, creating it on first use. */
  public Authorization of(Principal principal) {
    return known.computeIfAbsent(
        principal,
        p -> dao.findOrCreate(p.tenantId(), p.userId(), p.email(), Ids.next(Ids.AUTHORIZATION)));
  }

  /** Returns the caller's authorization records, creating the caller's on first use. */
  public List<Authorization> records(Principal principal) {
    of(principal);
    return dao.forUser(principal.tenantId(), principal.userId());
  }
}

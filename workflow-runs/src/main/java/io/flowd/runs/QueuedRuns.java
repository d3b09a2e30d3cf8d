package io.flowd.runs;

import io.flowd.store.ConcurrencyDao;
import io.flowd.store.Database;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Starts queued runs when their key has a free slot, oldest first: in one transaction per key,
 * under the key's advisory lock, the oldest queued runs move to {@code pending} up to the limit,
 * then each is started (a child run is started by its parent, which waits for that move). The state
 * is only PostgreSQL's, so any API replica may sweep, and a crash between the two steps leaves
 * {@code pending} runs the outbox starts.
 */
public final class QueuedRuns {
  private static final int KEYS_PER_SWEEP = 200;

  private final Database database;
  private final RunDispatcher dispatcher;

  public QueuedRuns(Database database, RunDispatcher dispatcher) {
    this.database = database;
    this.dispatcher = dispatcher;
  }

  /** Promotes and starts what fits; returns how many runs left the queue. */
  public int sweep() {
    int promoted = 0;
    for (ConcurrencyDao.QueuedKey key :
        database.dao(ConcurrencyDao.class).queuedKeys(KEYS_PER_SWEEP)) {
      List<ConcurrencyDao.Promoted> runs =
          database.jdbi().inTransaction((Handle h) -> promote(h, key));
      for (ConcurrencyDao.Promoted run : runs) {
        if (!run.dispatched()) {
          dispatcher.dispatch(key.tenantId(), run.id(), run.workflowId());
        }
      }
      promoted += runs.size();
    }
    return promoted;
  }

  private static List<ConcurrencyDao.Promoted> promote(Handle h, ConcurrencyDao.QueuedKey key) {
    ConcurrencyDao slots = h.attach(ConcurrencyDao.class);
    slots.lockKey(key.tenantId(), key.workflowId(), key.concurrencyKey());
    int free =
        slots
            .currentLimit(key.tenantId(), key.workflowId())
            .map(
                limit ->
                    limit - slots.holders(key.tenantId(), key.workflowId(), key.concurrencyKey()))
            .orElse(Integer.MAX_VALUE);
    if (free <= 0) {
      return List.of();
    }
    return slots.promote(
        key.tenantId(), key.workflowId(), key.concurrencyKey(), Math.min(free, 1000));
  }
}

package io.flowd.store;

import io.flowd.model.RunStatus;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Deletes one bounded batch of a workflow's closed runs past their retention, in one statement: the
 * runs, and with them their logs, waits and webhook answers (by foreign key), their stored
 * payloads, idempotency keys and event deliveries. A batch locks its runs with {@code FOR UPDATE
 * SKIP LOCKED}, so it never waits on a run another transaction holds.
 *
 * <p>It never selects a run that is open (the terminal statuses come from {@link RunStatus}), nor
 * the parent or child of an open run, nor a run that an open run resumed, directly or through a
 * chain of resumes (a resumed run's restored outputs may name payloads of the run it resumed, and a
 * resume of a resume inherits them), nor a run created after {@code createdBefore} (so an
 * idempotency key always finds its run within its 24-hour window). The source of a rerun is not
 * kept for it: a rerun copies the trigger payload when it is recorded and reads nothing of its
 * source afterwards.
 */
public final class RunPurgeStatement {
  private static final String TEMPLATE =
      "WITH doomed AS (SELECT r.id FROM runs r WHERE r.tenant_id = :tenantId"
          + " AND r.workflow_id = :workflowId AND r.created_at < :createdBefore AND <past>"
          + " AND NOT EXISTS (SELECT 1 FROM runs c WHERE c.tenant_id = r.tenant_id"
          + " AND c.parent_run_id = r.id AND c.status NOT IN (<terminal_statuses>))"
          + " AND NOT EXISTS (SELECT 1 FROM runs p WHERE p.id = r.parent_run_id"
          + " AND p.status NOT IN (<terminal_statuses>))"
          + " AND NOT EXISTS (WITH RECURSIVE resumes (id, status) AS (SELECT s.id, s.status"
          + " FROM runs s WHERE s.tenant_id = r.tenant_id AND s.resumed_from_run_id = r.id"
          + " AND s.resume_state IS NOT NULL UNION SELECT s.id, s.status FROM runs s"
          + " JOIN resumes l ON s.resumed_from_run_id = l.id WHERE s.tenant_id = r.tenant_id"
          + " AND s.resume_state IS NOT NULL)"
          + " SELECT 1 FROM resumes WHERE resumes.status NOT IN (<terminal_statuses>))"
          + " LIMIT :limit FOR UPDATE OF r SKIP LOCKED),"
          + " payloads_gone AS (DELETE FROM payloads x USING doomed d"
          + " WHERE x.tenant_id = :tenantId AND x.run_id = d.id),"
          + " keys_gone AS (DELETE FROM idempotency_keys x USING doomed d"
          + " WHERE x.tenant_id = :tenantId AND x.run_id = d.id),"
          + " deliveries_gone AS (DELETE FROM event_deliveries x USING doomed d"
          + " WHERE x.tenant_id = :tenantId AND x.run_id = d.id),"
          + " runs_gone AS (DELETE FROM runs x USING doomed d WHERE x.id = d.id RETURNING x.id)"
          + " SELECT count(*) FROM runs_gone";

  /** Runs of one terminal status that closed before {@code :closedBefore} (index range scan). */
  private static final String BY_AGE =
      TEMPLATE.replace(
          "<past>",
          "r.status = :status AND coalesce(r.completed_at, r.created_at) < :closedBefore");

  /** Closed runs older than the {@code keep_last}-th newest (index range scan). */
  private static final String BY_COUNT =
      TEMPLATE.replace(
          "<past>",
          "r.status IN (<terminal_statuses>) AND (r.created_at, r.id) < (:keptAt, :keptId)");

  private RunPurgeStatement() {}

  /**
   * Deletes up to {@code limit} runs of {@code status} (terminal) that closed before {@code
   * closedBefore}; returns how many it deleted.
   */
  public static int purgeClosedBefore(
      Handle h,
      String tenantId,
      String workflowId,
      RunStatus status,
      Instant closedBefore,
      Instant createdBefore,
      int limit) {
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("open runs are never purged: " + status.json());
    }
    return h.createQuery(BY_AGE)
        .bind("tenantId", tenantId)
        .bind("workflowId", workflowId)
        .bind("status", status.json())
        .bind("closedBefore", closedBefore)
        .bind("createdBefore", createdBefore)
        .bind("limit", limit)
        .mapTo(Integer.class)
        .one();
  }

  /**
   * Deletes up to {@code limit} closed runs older than {@code kept} (the oldest run {@code
   * keep_last} keeps); returns how many it deleted.
   */
  public static int purgeOlderThan(
      Handle h,
      String tenantId,
      String workflowId,
      RunPosition kept,
      Instant createdBefore,
      int limit) {
    return h.createQuery(BY_COUNT)
        .bind("tenantId", tenantId)
        .bind("workflowId", workflowId)
        .bind("keptAt", kept.at())
        .bind("keptId", kept.id())
        .bind("createdBefore", createdBefore)
        .bind("limit", limit)
        .mapTo(Integer.class)
        .one();
  }
}

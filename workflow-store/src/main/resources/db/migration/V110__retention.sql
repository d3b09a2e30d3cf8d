-- Issue 26: retention of runs, and deleting a workflow without deleting its history.

-- A workflow's own retention policy, {"keep_days", "keep_last", "keep_days_by_status"} (NULL: the
-- service default). It belongs to the workflow row, like the trigger settings.
ALTER TABLE workflows ADD COLUMN retention jsonb;

-- DELETE /workflows/{id} hides the workflow (deleted_at set); its runs stay readable until their
-- retention ends and POST /workflows/{id}/undelete brings it back. The purger drops the row once
-- it is past retention and holds no runs. A deleted workflow's key may name a new workflow.
ALTER TABLE workflows ADD COLUMN deleted_at timestamptz;
DROP INDEX workflows_key_per_tenant;
CREATE UNIQUE INDEX workflows_key_per_tenant ON workflows (tenant_id, workflow_key)
  WHERE workflow_key IS NOT NULL AND deleted_at IS NULL;

-- The purger finds a workflow's closed runs by status and age (when each closed) in batches.
CREATE INDEX runs_closed_by_age ON runs
  (tenant_id, workflow_id, status, (coalesce(completed_at, created_at)), id)
  WHERE status IN ('completed', 'failed', 'cancelled');

-- The purger deletes a purged run's idempotency key and event deliveries by run.
CREATE INDEX idempotency_keys_by_run ON idempotency_keys (tenant_id, run_id);
CREATE INDEX event_deliveries_by_run ON event_deliveries (tenant_id, run_id);

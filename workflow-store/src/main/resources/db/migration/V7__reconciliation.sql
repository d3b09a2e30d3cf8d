-- Continuous reconciliation of runs with Temporal (issue 12).

-- The run that started a child run (trigger_workflow, iterator); NULL for every other run. A child
-- whose parent has ended is never started by the reconciler.
ALTER TABLE runs ADD COLUMN parent_run_id text;
CREATE INDEX runs_by_parent ON runs (tenant_id, parent_run_id) WHERE parent_run_id IS NOT NULL;

-- When a cancel was asked for; past the grace period the reconciler terminates the execution.
ALTER TABLE runs ADD COLUMN cancel_requested_at timestamptz;

-- The reconciler pages through open runs oldest first.
CREATE INDEX runs_open_by_age ON runs (created_at, id)
  WHERE status NOT IN ('completed', 'failed', 'cancelled');

-- Issue 15 (flow control): run timeout, concurrency keys, failure workflows, re-runs.

-- A workflow version's flow-control settings, {"timeout_seconds", "concurrency", "on_failure"}
-- (NULL: none). Stored per version, so a run keeps the settings it started with.
ALTER TABLE workflow_versions ADD COLUMN flow_control jsonb;

-- The rendered concurrency key of a run of a workflow with a concurrency limit (NULL otherwise).
-- A run holds a slot of its key while it is pending, running or waiting: the slot is the run row
-- itself, so the terminal status write releases it however the run ends, and a crashed process
-- cannot leak one. New runs of a key are admitted under an advisory lock on the key's hash.
ALTER TABLE runs ADD COLUMN concurrency_key text;
CREATE INDEX runs_slots ON runs (workflow_id, concurrency_key, created_at)
  WHERE concurrency_key IS NOT NULL AND status IN ('pending', 'running', 'waiting');
-- Queued runs (status 'queued'), which the sweeper starts oldest first when a slot frees.
CREATE INDEX runs_queued ON runs (workflow_id, concurrency_key, created_at, id)
  WHERE status = 'queued';

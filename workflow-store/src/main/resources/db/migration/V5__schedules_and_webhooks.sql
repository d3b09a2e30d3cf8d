-- Issue 5: schedules and inbound webhooks.

-- Webhook tokens are looked up by their SHA-256, so the index lookup's timing reveals nothing
-- about the secret; the token itself is then compared in constant time. (Tokens are [A-Za-z0-9_],
-- so the text-to-bytea cast is their ASCII bytes.)
CREATE UNIQUE INDEX workflows_by_webhook_token_sha256 ON workflows (sha256(webhook_token::bytea))
  WHERE webhook_token IS NOT NULL;

-- Fire times a schedule skipped because its previous scheduled run was still open. One row per
-- fire time, so a retried fire never records twice. Operators read it with SQL; the schedule
-- workflow also logs each skip.
CREATE TABLE schedule_skips (
  tenant_id     text NOT NULL,
  workflow_id   text NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  scheduled_at  timestamptz NOT NULL,
  open_run_id   text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (workflow_id, scheduled_at)
);
CREATE INDEX schedule_skips_by_workflow ON schedule_skips (tenant_id, workflow_id, scheduled_at DESC);

-- The open runs the start-up reconciliation checks against Temporal.
CREATE INDEX runs_open ON runs (created_at) WHERE status IN ('pending', 'running', 'waiting');

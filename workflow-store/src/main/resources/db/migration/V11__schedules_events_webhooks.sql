-- Issue 15 (items 4, 5, 7): schedule policies and backfill, events, webhooks from real senders.

-- Trigger settings live on the workflow row (not versioned): the schedule workflow and the webhook
-- trigger read them at each fire or call.
ALTER TABLE workflows
  ADD COLUMN schedule_overlap text NOT NULL DEFAULT 'skip',
  ADD COLUMN schedule_catchup_seconds integer NOT NULL DEFAULT 300,
  ADD COLUMN webhook_signature jsonb,
  ADD COLUMN webhook_dedupe_header text;

-- The fire time of a scheduled run (schedule or backfill). One run per (workflow, fire time): a
-- retried fire, a catch-up after a restart and a backfill of the same range never start twice.
ALTER TABLE runs ADD COLUMN scheduled_at timestamptz;
CREATE UNIQUE INDEX runs_by_fire_time ON runs (workflow_id, scheduled_at)
  WHERE scheduled_at IS NOT NULL;

-- Skips now say why: 'overlap' (a run was still open; open_run_id names it) or 'missed' (the fire
-- came due while flowd was down and is older than the catch-up window).
ALTER TABLE schedule_skips
  ADD COLUMN reason text NOT NULL DEFAULT 'overlap',
  ALTER COLUMN open_run_id DROP NOT NULL;

-- wait_for_event nodes waiting right now, so POST /workflows/events finds them. A row is written
-- after the wait exists in the run's workflow state and removed when the wait ends.
CREATE TABLE event_waits (
  tenant_id    text NOT NULL,
  run_id       text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  node_id      text NOT NULL,
  event_key    text NOT NULL,
  expires_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (run_id, node_id)
);
CREATE INDEX event_waits_by_key ON event_waits (tenant_id, event_key, created_at);

-- Events sent with an Idempotency-Key, and the waits each one was delivered to: a repeat of the key
-- delivers to the waits it chose the first time that have not been reached yet, and to nothing else.
CREATE TABLE events (
  tenant_id     text NOT NULL,
  key           uuid NOT NULL,
  fingerprint   text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, key)
);
CREATE TABLE event_deliveries (
  tenant_id     text NOT NULL,
  key           uuid NOT NULL,
  run_id        text NOT NULL,
  node_id       text NOT NULL,
  delivered     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, key, run_id, node_id),
  FOREIGN KEY (tenant_id, key) REFERENCES events (tenant_id, key) ON DELETE CASCADE
);

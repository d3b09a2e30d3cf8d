-- Issue 27: webhook token rotation and answers kept for replayed deliveries.

-- After a rotation the previous token keeps working until previous_webhook_token_expires_at. It is
-- looked up like the current one, through its SHA-256.
ALTER TABLE workflows
  ADD COLUMN previous_webhook_token text,
  ADD COLUMN previous_webhook_token_expires_at timestamptz;
CREATE UNIQUE INDEX workflows_by_previous_webhook_token_sha256
  ON workflows (sha256(previous_webhook_token::bytea)) WHERE previous_webhook_token IS NOT NULL;

-- The HTTP answer a webhook call with respond: "result" got, one per run: a replayed delivery (the
-- same dedupe header or Idempotency-Key maps to the same run) gets it again. The first write wins.
CREATE TABLE webhook_answers (
  tenant_id    text NOT NULL,
  run_id       text PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  status       integer NOT NULL,
  headers      jsonb NOT NULL,
  body         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);

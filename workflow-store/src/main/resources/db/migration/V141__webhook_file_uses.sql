-- Issue 27 (with issue 26's retention): which runs name each stored file of a multipart webhook
-- delivery (a rerun or resume copies the names). A file is stored once per workflow and content,
-- so several runs may name it; the purger deletes a file once no run names it any more, and the
-- rows of a purged run go with it.
CREATE TABLE webhook_file_uses (
  tenant_id   text NOT NULL,
  payload_id  text NOT NULL,
  run_id      text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  PRIMARY KEY (tenant_id, payload_id, run_id)
);
CREATE INDEX webhook_file_uses_by_run ON webhook_file_uses (run_id);

-- The runs recorded before this table named their files only in their trigger payload.
INSERT INTO webhook_file_uses (tenant_id, payload_id, run_id)
SELECT DISTINCT r.tenant_id, f.id #>> '{}', r.id
FROM runs r
CROSS JOIN LATERAL jsonb_path_query(r.trigger_payload, 'lax $.body.files.*.payload_id') AS f (id)
WHERE jsonb_typeof(r.trigger_payload -> 'body' -> 'files') = 'object'
  AND jsonb_typeof(f.id) = 'string'
ON CONFLICT DO NOTHING;

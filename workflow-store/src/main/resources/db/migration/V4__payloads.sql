-- Claim check: node outputs and trigger payloads too large for Temporal history. A row is keyed by
-- its owner (run and slot, such as a node id), so a re-delivered activity overwrites its own row.
CREATE TABLE payloads (
  id          text PRIMARY KEY,
  tenant_id   text NOT NULL,
  run_id      text NOT NULL,
  owner       text NOT NULL,
  data        jsonb NOT NULL,
  size_bytes  bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (tenant_id, run_id, owner)
);

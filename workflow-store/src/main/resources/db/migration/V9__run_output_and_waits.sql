-- Issue 14: what a run is doing. The run's result (the output of the last node to finish, or its
-- claim-check reference) is written with its terminal status; every wait_for_input node that
-- waits now has a row with its rendered prompt and deadline, removed when the wait ends.
ALTER TABLE runs ADD COLUMN output jsonb;

CREATE TABLE run_waits (
  run_id      text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  node_id     text NOT NULL,
  tenant_id   text NOT NULL,
  prompt      text,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (run_id, node_id)
);

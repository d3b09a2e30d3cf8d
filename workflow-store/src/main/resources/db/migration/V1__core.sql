-- Every table carries tenant_id; every query filters on it.

CREATE TABLE authorizations (
  id          text PRIMARY KEY,
  tenant_id   text NOT NULL,
  user_id     text NOT NULL,
  email       text,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (tenant_id, user_id)
);

CREATE TABLE workflows (
  id                 text PRIMARY KEY,
  tenant_id          text NOT NULL,
  name               text NOT NULL,
  description        text,
  version            integer NOT NULL,
  schedule_type      text NOT NULL DEFAULT 'manual',
  schedule_value     text,
  schedule_timezone  text NOT NULL DEFAULT 'UTC',
  next_run_at        timestamptz,
  is_active          boolean NOT NULL DEFAULT true,
  webhook_token      text UNIQUE,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX workflows_by_tenant ON workflows (tenant_id, created_at DESC, id DESC);

-- Immutable snapshot of each graph/schedule version; runs point at (workflow_id, version).
CREATE TABLE workflow_versions (
  workflow_id        text NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  version            integer NOT NULL,
  tenant_id          text NOT NULL,
  name               text NOT NULL,
  description        text,
  nodes              jsonb NOT NULL,
  edges              jsonb NOT NULL,
  schedule_type      text NOT NULL,
  schedule_value     text,
  schedule_timezone  text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (workflow_id, version)
);

CREATE TABLE runs (
  id                    text PRIMARY KEY,
  tenant_id             text NOT NULL,
  workflow_id           text NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  workflow_version      integer NOT NULL,
  status                text NOT NULL,
  trigger_type          text NOT NULL,
  trigger_payload       jsonb NOT NULL,
  error_message         text,
  started_at            timestamptz,
  completed_at          timestamptz,
  created_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
  resumed_from_run_id   text,
  temporal_workflow_id  text NOT NULL,
  dispatched_at         timestamptz
);
CREATE INDEX runs_by_workflow ON runs (tenant_id, workflow_id, created_at DESC, id DESC);
-- The outbox: accepted runs whose Temporal execution has not been confirmed yet.
CREATE INDEX runs_undispatched ON runs (created_at) WHERE dispatched_at IS NULL AND status = 'pending';

CREATE TABLE run_logs (
  id            text PRIMARY KEY,
  seq           bigserial NOT NULL,
  tenant_id     text NOT NULL,
  run_id        text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  workflow_id   text NOT NULL,
  node_id       text NOT NULL,
  component_id  text NOT NULL,
  status        text NOT NULL,
  output        jsonb,
  attempt       integer NOT NULL,
  duration_ms   bigint NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (run_id, node_id, attempt)
);
CREATE INDEX run_logs_by_workflow ON run_logs (tenant_id, workflow_id, created_at DESC);

CREATE TABLE idempotency_keys (
  tenant_id    text NOT NULL,
  key          uuid NOT NULL,
  fingerprint  text NOT NULL,
  workflow_id  text NOT NULL,
  run_id       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, key)
);

-- Vault secrets, encrypted with AES-256-GCM: secret = 12-byte nonce || ciphertext with its tag.
CREATE TABLE vault_items (
  id          text PRIMARY KEY,
  tenant_id   text NOT NULL,
  name        text NOT NULL,
  secret      bytea NOT NULL,
  expires_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (tenant_id, name)
);
CREATE INDEX vault_items_by_tenant ON vault_items (tenant_id, created_at DESC, id DESC);

-- A resumed run's start node and inherited upstream outputs (the interpreter's ResumeState), kept
-- so that the outbox can start the run again with exactly the same input.
ALTER TABLE runs ADD COLUMN resume_state jsonb;

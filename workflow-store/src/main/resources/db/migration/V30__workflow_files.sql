-- Workflows as code (issue 23): a stable key per tenant, who manages the workflow, and who made
-- each version and why.
ALTER TABLE workflows ADD COLUMN workflow_key text, ADD COLUMN managed_by text;
CREATE UNIQUE INDEX workflows_key_per_tenant ON workflows (tenant_id, workflow_key)
  WHERE workflow_key IS NOT NULL;

ALTER TABLE workflow_versions ADD COLUMN created_by text, ADD COLUMN change_summary text;

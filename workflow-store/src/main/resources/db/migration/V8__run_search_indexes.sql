-- Tenant-wide run search (GET /workflows/runs), newest first. Each filter the route offers has an
-- index that yields rows already in page order, so a page reads about per_page index entries
-- whatever the table's size; a workflow filter uses runs_by_workflow(_status) from V1/V2.
CREATE INDEX runs_by_tenant ON runs (tenant_id, created_at DESC, id DESC);
CREATE INDEX runs_by_tenant_status ON runs (tenant_id, status, created_at DESC, id DESC);
CREATE INDEX runs_by_tenant_trigger ON runs (tenant_id, trigger_type, created_at DESC, id DESC);

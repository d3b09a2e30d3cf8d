-- Indexes for the paged lists (executions by status, logs by run, node and time, recent logs
-- across a tenant) and for deleting a workflow's idempotency keys.

CREATE INDEX runs_by_workflow_status ON runs (tenant_id, workflow_id, status, created_at DESC, id DESC);
CREATE INDEX run_logs_by_tenant ON run_logs (tenant_id, created_at DESC, seq DESC);
CREATE INDEX run_logs_by_workflow_seq ON run_logs (tenant_id, workflow_id, created_at DESC, seq DESC);
CREATE INDEX run_logs_by_run ON run_logs (tenant_id, run_id, created_at, seq);
CREATE INDEX idempotency_keys_by_workflow ON idempotency_keys (tenant_id, workflow_id);

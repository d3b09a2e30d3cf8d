-- The run list without child runs (GET /workflows/runs?parent_run_id=none, the console's default):
-- top-level runs in page order, as runs_by_tenant of V8 yields every run. Children of one parent
-- come from runs_by_parent (V7).
CREATE INDEX runs_top_level_by_tenant ON runs (tenant_id, created_at DESC, id DESC)
  WHERE parent_run_id IS NULL;

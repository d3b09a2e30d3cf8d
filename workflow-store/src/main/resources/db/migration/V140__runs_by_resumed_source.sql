-- Issue 26: the purger keeps a run that an open run resumed (its restored outputs may name the
-- source's payloads); it finds the resumes of a run by their source.
CREATE INDEX runs_by_resumed_from ON runs (tenant_id, resumed_from_run_id)
  WHERE resumed_from_run_id IS NOT NULL AND resume_state IS NOT NULL;

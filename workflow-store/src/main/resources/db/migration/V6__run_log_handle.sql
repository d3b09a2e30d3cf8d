-- The handle a node left by, so resuming a run reads which edges the old run took instead of
-- guessing from the output: 'true'/'false' for a condition, the case or 'default' for a switch,
-- 'error' for a final failure of a continue_on_error node. NULL for a plain success, for retried
-- or run-failing attempts, and for rows written before this column existed.
ALTER TABLE run_logs ADD COLUMN handle text;

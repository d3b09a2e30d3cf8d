-- Console lines a node wrote beside its output (a code node's console.log), as a JSON array.
ALTER TABLE run_logs ADD COLUMN console jsonb;

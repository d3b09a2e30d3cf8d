package io.flowd.store;

/**
 * The SQL texts that more than one statement of the store is built from, and the longer fragments
 * of single DAOs, by table. Package-private on purpose: the store's statements share them inside
 * the store, nothing outside sees a fragment. The jdbi DAOs use them in their annotations and
 * {@link RunStatements} in the plain-JDBC statements of a run's hot path, so each statement's text
 * is written once.
 */
final class Sql {
  private Sql() {}

  /**
   * The run's result: a claim-check reference is resolved when its value is at most 1 MiB, else
   * kept as {@code {"$ref"}}.
   */
  static final String RUN_OUTPUT =
      "(CASE WHEN jsonb_typeof(runs.output) IS DISTINCT FROM 'object' THEN runs.output"
          + " WHEN runs.output ->> '$ref' LIKE 'pl\\_%' AND runs.output - '$ref' = '{}'::jsonb"
          + " THEN coalesce((SELECT p.data FROM payloads p WHERE p.tenant_id = runs.tenant_id"
          + " AND p.id = runs.output ->> '$ref' AND p.size_bytes <= 1048576), runs.output)"
          + " ELSE runs.output END)::text AS output";

  /** The nodes that wait now, as a JSON array; empty unless the run is {@code waiting}. */
  static final String RUN_WAITING_FOR =
      "(CASE WHEN runs.status = 'waiting' THEN (SELECT coalesce(json_agg(json_build_object("
          + "'node_id', w.node_id, 'prompt', w.prompt, 'expires_at', to_char(w.expires_at AT TIME"
          + " ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')) ORDER BY w.created_at, w.node_id),"
          + " '[]') FROM run_waits w WHERE w.tenant_id = runs.tenant_id AND w.run_id = runs.id)"
          + " ELSE '[]' END)::text AS waiting_for";

  /** Columns of a run row. */
  static final String RUN_COLUMNS =
      "id, workflow_id, status, trigger_type, trigger_payload::text AS trigger_payload, error_message,"
          + " started_at, completed_at, created_at, workflow_version, resumed_from_run_id,"
          + " temporal_workflow_id, parent_run_id, "
          + RUN_OUTPUT
          + ", "
          + RUN_WAITING_FOR;

  /** The insert of {@link RunDao#insert}, without its conflict clause; binds a {@link NewRun}. */
  static final String RUN_INSERT =
      "INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, status, trigger_type,"
          + " trigger_payload, resumed_from_run_id, temporal_workflow_id, concurrency_key,"
          + " error_message, completed_at, dispatched_at, parent_run_id, scheduled_at)"
          + " SELECT :id, :tenantId, :workflowId, :workflowVersion, :status, :triggerType,"
          + " CAST(:triggerPayload AS jsonb), :resumedFromRunId, :temporalWorkflowId,"
          + " :concurrencyKey, :errorMessage,"
          + " CASE WHEN CAST(:status AS text) = 'cancelled' THEN clock_timestamp() END,"
          + " CASE WHEN CAST(:dispatched AS boolean) THEN clock_timestamp() END,"
          + " :parentRunId, CAST(:scheduledAt AS timestamptz)";

  /** Moves run {@code :runId} from {@code pending} to {@code running}. */
  static final String RUN_MARK_RUNNING =
      "UPDATE runs SET status = 'running', started_at = coalesce(started_at, clock_timestamp()),"
          + " dispatched_at = coalesce(dispatched_at, clock_timestamp())"
          + " WHERE tenant_id = :tenantId AND id = :runId AND status = 'pending'";

  /**
   * The common table expressions that end run {@code :runId} with {@code :status}, {@code
   * :errorMessage} and {@code :output} and drop its waits, then count the ended rows; follows a
   * {@code WITH} (or a comma after earlier expressions).
   */
  static final String RUN_FINISH_WITH_OUTPUT =
      "ended AS (UPDATE runs SET status = :status, error_message = :errorMessage,"
          + " output = CAST(:output AS jsonb),"
          + " started_at = coalesce(started_at, clock_timestamp()),"
          + " completed_at = clock_timestamp(),"
          + " dispatched_at = coalesce(dispatched_at, clock_timestamp())"
          + " WHERE tenant_id = :tenantId AND id = :runId"
          + " AND status NOT IN (<terminal_statuses>) RETURNING id),"
          + " waits AS (DELETE FROM run_waits WHERE tenant_id = :tenantId AND run_id = :runId)"
          + " SELECT count(*) FROM ended";

  /** Claims a key unless another request holds it (then waits for that request's commit). */
  static final String KEY_INSERT_IF_ABSENT =
      "INSERT INTO idempotency_keys (tenant_id, key, fingerprint, workflow_id, run_id)"
          + " VALUES (:tenantId, :key, :fingerprint, :workflowId, :runId)"
          + " ON CONFLICT (tenant_id, key) DO NOTHING";

  /** Columns of a log row. */
  static final String LOG_COLUMNS =
      "id, run_id, node_id, component_id, status, output::text AS output, attempt, duration_ms,"
          + " created_at, handle, console::text AS console";

  /** What an upsert of a row that exists (same run, node and attempt) changes. */
  static final String LOG_UPSERT_CONFLICT =
      " ON CONFLICT (run_id, node_id, attempt) DO UPDATE SET status = excluded.status,"
          + " output = excluded.output, duration_ms = excluded.duration_ms,"
          + " handle = excluded.handle, console = excluded.console";

  /** Inserts a log row, or updates the row of the same run, node and attempt. */
  static final String LOG_UPSERT =
      "INSERT INTO run_logs (id, tenant_id, run_id, workflow_id, node_id, component_id, status,"
          + " output, attempt, duration_ms, handle, console) VALUES (:id, :tenantId, :runId,"
          + " :workflowId, :nodeId, :componentId, :status, CAST(:outputJson AS jsonb), :attempt,"
          + " :durationMs, :handle, CAST(:consoleJson AS jsonb))"
          + LOG_UPSERT_CONFLICT;

  /**
   * Upserts the rows of {@code :rows}, a JSON array of {@link LogRows} objects, of run {@code
   * :runId} in array order, in one statement (so it can sit in a {@code WITH} beside the run's own
   * status update). Each row's output travels wrapped as {@code {"v": output}}, so a JSON {@code
   * null} output stays {@code null} JSON and a missing one stays SQL {@code NULL}.
   */
  static final String LOG_UPSERT_ROWS =
      "INSERT INTO run_logs (id, tenant_id, run_id, workflow_id, node_id, component_id, status,"
          + " output, attempt, duration_ms, handle, console) SELECT r.id, :tenantId, :runId,"
          + " :workflowId, r.node_id, r.component_id, r.status, r.output -> 'v', r.attempt,"
          + " r.duration_ms, r.handle, r.console FROM ROWS FROM (jsonb_to_recordset(CAST(:rows AS"
          + " jsonb)) AS (id text, node_id text, component_id text, status text, output jsonb,"
          + " attempt integer, duration_ms bigint, handle text, console jsonb)) WITH ORDINALITY AS"
          + " r(id, node_id, component_id, status, output, attempt, duration_ms, handle, console, n)"
          + " ORDER BY r.n"
          + LOG_UPSERT_CONFLICT;

  /** The filter of a workflow's log list; every condition is optional. */
  static final String LOG_FILTER =
      " FROM run_logs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND (CAST(:runId AS text) IS NULL OR run_id = :runId)"
          + " AND (CAST(:nodeId AS text) IS NULL OR node_id = :nodeId)"
          + " AND (CAST(:status AS text) IS NULL OR status = :status)"
          + " AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)";

  /** Columns of a {@link ScheduleRow}. */
  static final String SCHEDULE_COLUMNS =
      "w.tenant_id, w.id AS workflow_id, v.schedule_type, v.schedule_value, v.schedule_timezone,"
          + " w.is_active, w.next_run_at, w.schedule_overlap, w.schedule_catchup_seconds";

  /** The workflow joined with its current version, whose schedule the API shows. */
  static final String SCHEDULE_CURRENT =
      " FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id AND v.version ="
          + " w.version";

  /** Columns of an item's metadata. */
  static final String VAULT_COLUMNS = "id, name, expires_at, created_at, updated_at";

  /** Columns of the workflow row's trigger settings ({@code w}). */
  static final String WORKFLOW_TRIGGER_COLUMNS =
      ", w.schedule_overlap, w.schedule_catchup_seconds, w.webhook_signature::text AS"
          + " webhook_signature, w.webhook_dedupe_header, w.retention::text AS retention";

  /** Columns of a workflow joined with one of its versions ({@code w} and {@code v}). */
  static final String WORKFLOW_COLUMNS =
      "w.id, v.name, v.description, v.version, v.nodes::text AS nodes, v.edges::text AS edges,"
          + " v.schedule_type, v.schedule_value, v.schedule_timezone, w.next_run_at, w.is_active,"
          + " CASE WHEN w.webhook_token IS NULL THEN NULL"
          + " ELSE :publicUrl || '/workflows/webhooks/' || w.webhook_token END AS webhook_url,"
          + " w.created_at, w.updated_at, v.flow_control::text AS flow_control"
          + WORKFLOW_TRIGGER_COLUMNS;

  /** Columns of a workflow at its current version: names from the workflow row. */
  static final String WORKFLOW_CURRENT_COLUMNS =
      "w.id, w.name, w.description, v.version, v.nodes::text AS nodes, v.edges::text AS edges,"
          + " v.schedule_type, v.schedule_value, v.schedule_timezone, w.next_run_at, w.is_active,"
          + " CASE WHEN w.webhook_token IS NULL THEN NULL"
          + " ELSE :publicUrl || '/workflows/webhooks/' || w.webhook_token END AS webhook_url,"
          + " w.created_at, w.updated_at, v.flow_control::text AS flow_control"
          + WORKFLOW_TRIGGER_COLUMNS;

  /** The workflow {@code :id} at its current version (binds {@code :publicUrl}). */
  static final String WORKFLOW_FIND_CURRENT =
      "SELECT "
          + WORKFLOW_CURRENT_COLUMNS
          + " FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id AND v.version ="
          + " w.version WHERE w.tenant_id = :tenantId AND w.id = :id AND w.deleted_at IS NULL";
}

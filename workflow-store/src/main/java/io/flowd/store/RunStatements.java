package io.flowd.store;

import io.flowd.model.Run;
import io.flowd.model.Workflow;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.ParsedSql;

/**
 * The statements every run executes (the workflow it runs, its start with the idempotency key, its
 * first and last writes from workflow code, a node activity's log, the dispatch marks), on plain
 * JDBC. Under load jdbi's SqlObject layer spent several times the CPU of the PostgreSQL driver on
 * each of these calls (per-call method configuration, generic type resolution, a handle per
 * on-demand call; see BENCHMARKS.md), so the hot path binds positional parameters itself. The SQL
 * keeps jdbi's named parameters, parsed once by jdbi's own parser; every statement is scoped by the
 * tenant.
 */
public final class RunStatements {
  private static final ColonPrefixSqlParser PARSER = new ColonPrefixSqlParser();

  private static final Statement INSERT_CLAIMING_KEY =
      Statement.of(
          "WITH k AS ("
              + Sql.KEY_INSERT_IF_ABSENT
              + " RETURNING run_id) "
              + Sql.RUN_INSERT
              + " WHERE EXISTS (SELECT 1 FROM k) ON CONFLICT DO NOTHING RETURNING "
              + Sql.RUN_COLUMNS);

  /**
   * {@link #INSERT_CLAIMING_KEY} for many runs at once, each with its own tenant and key: a run is
   * inserted only with its key, and a key held already (or twice in the group) inserts nothing.
   */
  private static final Statement INSERT_ALL_CLAIMING_KEYS =
      Statement.of(
          "WITH input AS (SELECT * FROM unnest(CAST(:tenantIds AS text[]), CAST(:keys AS uuid[]),"
              + " CAST(:fingerprints AS text[]), CAST(:ids AS text[]),"
              + " CAST(:workflowIds AS text[]), CAST(:workflowVersions AS int[]),"
              + " CAST(:triggerTypes AS text[]), CAST(:triggerPayloads AS text[]),"
              + " CAST(:resumedFromRunIds AS text[]), CAST(:temporalWorkflowIds AS text[]),"
              + " CAST(:dispatched AS boolean[]), CAST(:parentRunIds AS text[]))"
              + " AS t(tenant_id, key, fingerprint, id, workflow_id, workflow_version,"
              + " trigger_type, trigger_payload, resumed_from_run_id, temporal_workflow_id,"
              + " dispatched, parent_run_id)),"
              + " k AS (INSERT INTO idempotency_keys (tenant_id, key, fingerprint, workflow_id,"
              + " run_id) SELECT tenant_id, key, fingerprint, workflow_id, id FROM input"
              + " ON CONFLICT (tenant_id, key) DO NOTHING RETURNING tenant_id, run_id)"
              + " INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, status,"
              + " trigger_type, trigger_payload, resumed_from_run_id, temporal_workflow_id,"
              + " dispatched_at, parent_run_id)"
              + " SELECT i.id, i.tenant_id, i.workflow_id, i.workflow_version, 'pending',"
              + " i.trigger_type, CAST(i.trigger_payload AS jsonb), i.resumed_from_run_id,"
              + " i.temporal_workflow_id, CASE WHEN i.dispatched THEN clock_timestamp() END,"
              + " i.parent_run_id FROM input i JOIN k ON k.tenant_id = i.tenant_id"
              + " AND k.run_id = i.id ON CONFLICT DO NOTHING RETURNING tenant_id, "
              + Sql.RUN_COLUMNS);

  private static final Statement MARK_RUNNING_WITH_LOGS =
      Statement.of("WITH running AS (" + Sql.RUN_MARK_RUNNING + ") " + Sql.LOG_UPSERT_ROWS);

  private static final Statement FINISH_WITH_LOGS =
      Statement.of("WITH logs AS (" + Sql.LOG_UPSERT_ROWS + "), " + Sql.RUN_FINISH_WITH_OUTPUT);

  private static final Statement UPSERT_ROWS = Statement.of(Sql.LOG_UPSERT_ROWS);

  private static final Statement MARK_ALL_DISPATCHED =
      Statement.of(
          "UPDATE runs SET dispatched_at = coalesce(dispatched_at, clock_timestamp())"
              + " WHERE tenant_id = :tenantId AND id = ANY(:ids) RETURNING id, status");

  private static final Statement CURRENT_WORKFLOW = Statement.of(Sql.WORKFLOW_FIND_CURRENT);

  private RunStatements() {}

  /**
   * Returns the workflow at its current version, like {@link WorkflowDao#find}: what every execute
   * reads first.
   */
  public static Optional<Workflow> currentWorkflow(
      Connection c, String tenantId, String id, String publicUrl) throws SQLException {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("tenantId", tenantId);
    values.put("id", id);
    values.put("publicUrl", publicUrl);
    try (PreparedStatement ps = CURRENT_WORKFLOW.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(StoreMappers.workflow(rs)) : Optional.empty();
    }
  }

  /**
   * Claims the idempotency key {@code claim} for the new run and inserts the run, in one statement:
   * returns the row as stored, or empty when the key was already held (the statement waits for a
   * holder still in flight), and then nothing was written.
   */
  public static Optional<Run> insertClaimingKey(
      Connection c, String tenantId, NewRun run, IdempotencyRecord claim) throws SQLException {
    if (!claim.runId().equals(run.id()) || !claim.workflowId().equals(run.workflowId())) {
      throw new IllegalArgumentException("the key must name run " + run.id() + " and its workflow");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("tenantId", tenantId);
    values.put("key", claim.key());
    values.put("fingerprint", claim.fingerprint());
    values.put("runId", claim.runId());
    values.put("id", run.id());
    values.put("workflowId", run.workflowId());
    values.put("workflowVersion", run.workflowVersion());
    values.put("status", run.status());
    values.put("triggerType", run.triggerType());
    values.put("triggerPayload", run.triggerPayload());
    values.put("resumedFromRunId", run.resumedFromRunId());
    values.put("temporalWorkflowId", run.temporalWorkflowId());
    values.put("concurrencyKey", run.concurrencyKey());
    values.put("errorMessage", run.errorMessage());
    values.put("dispatched", run.dispatched());
    values.put("parentRunId", run.parentRunId());
    values.put("scheduledAt", run.scheduledAt());
    try (PreparedStatement ps = INSERT_CLAIMING_KEY.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(StoreMappers.run(rs)) : Optional.empty();
    }
  }

  /**
   * A new run and the idempotency key it claims, for {@link #insertAllClaimingKeys}.
   *
   * @param tenantId the run's tenant
   * @param run the run, {@code pending}, without fire time or concurrency key
   * @param claim the key, naming the run and its workflow
   */
  public record KeyedRun(String tenantId, NewRun run, IdempotencyRecord claim) {
    public KeyedRun {
      if (!claim.runId().equals(run.id()) || !claim.workflowId().equals(run.workflowId())) {
        throw new IllegalArgumentException(
            "the key must name run " + run.id() + " and its workflow");
      }
      if (!"pending".equals(run.status())
          || run.scheduledAt() != null
          || run.concurrencyKey() != null
          || run.errorMessage() != null) {
        throw new IllegalArgumentException("run " + run.id() + " needs an admission");
      }
    }
  }

  /**
   * Claims the key of every run of {@code runs} and inserts each run whose key it claimed, in one
   * statement (one commit in autocommit): returns the rows as stored by run id; a run missing from
   * the answer was not written, because its key was held already (the statement waits for a holder
   * still in flight) or claimed by another run of the same group.
   */
  public static Map<String, Run> insertAllClaimingKeys(Connection c, List<KeyedRun> runs)
      throws SQLException {
    int n = runs.size();
    Object[] tenantIds = new Object[n];
    Object[] keys = new Object[n];
    Object[] fingerprints = new Object[n];
    Object[] ids = new Object[n];
    Object[] workflowIds = new Object[n];
    Object[] versions = new Object[n];
    Object[] triggerTypes = new Object[n];
    Object[] payloads = new Object[n];
    Object[] resumedFrom = new Object[n];
    Object[] temporalIds = new Object[n];
    Object[] dispatched = new Object[n];
    Object[] parents = new Object[n];
    for (int i = 0; i < n; i++) {
      KeyedRun keyed = runs.get(i);
      NewRun run = keyed.run();
      tenantIds[i] = keyed.tenantId();
      keys[i] = keyed.claim().key();
      fingerprints[i] = keyed.claim().fingerprint();
      ids[i] = run.id();
      workflowIds[i] = run.workflowId();
      versions[i] = run.workflowVersion();
      triggerTypes[i] = run.triggerType();
      payloads[i] = run.triggerPayload();
      resumedFrom[i] = run.resumedFromRunId();
      temporalIds[i] = run.temporalWorkflowId();
      dispatched[i] = run.dispatched();
      parents[i] = run.parentRunId();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("tenantIds", c.createArrayOf("text", tenantIds));
    values.put("keys", c.createArrayOf("uuid", keys));
    values.put("fingerprints", c.createArrayOf("text", fingerprints));
    values.put("ids", c.createArrayOf("text", ids));
    values.put("workflowIds", c.createArrayOf("text", workflowIds));
    values.put("workflowVersions", c.createArrayOf("int4", versions));
    values.put("triggerTypes", c.createArrayOf("text", triggerTypes));
    values.put("triggerPayloads", c.createArrayOf("text", payloads));
    values.put("resumedFromRunIds", c.createArrayOf("text", resumedFrom));
    values.put("temporalWorkflowIds", c.createArrayOf("text", temporalIds));
    values.put("dispatched", c.createArrayOf("bool", dispatched));
    values.put("parentRunIds", c.createArrayOf("text", parents));
    Map<String, Run> inserted = new LinkedHashMap<>();
    try (PreparedStatement ps = INSERT_ALL_CLAIMING_KEYS.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Run run = StoreMappers.run(rs);
        inserted.put(run.id(), run);
      }
    }
    return inserted;
  }

  /**
   * Moves the run from {@code pending} to {@code running} like {@link RunDao#markRunning} and
   * upserts its first log rows ({@link LogRows#json}), in one statement.
   */
  public static void markRunningWithLogs(
      Connection c, String tenantId, String runId, String workflowId, String rowsJson)
      throws SQLException {
    MARK_RUNNING_WITH_LOGS.update(c, logValues(tenantId, runId, workflowId, rowsJson));
  }

  /**
   * Ends the run like {@link RunDao#finishWithOutput} and upserts its last log rows ({@link
   * LogRows#json}) in the same statement. Returns 1 when this call ended the run.
   */
  public static int finishWithOutputAndLogs(
      Connection c,
      String tenantId,
      String runId,
      String workflowId,
      String status,
      String errorMessage,
      String outputJson,
      String rowsJson)
      throws SQLException {
    Map<String, Object> values = logValues(tenantId, runId, workflowId, rowsJson);
    values.put("status", status);
    values.put("errorMessage", errorMessage);
    values.put("output", outputJson);
    try (PreparedStatement ps = FINISH_WITH_LOGS.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Upserts the log rows {@code rowsJson} ({@link LogRows#json}) of one run in one statement. */
  public static void upsertRows(
      Connection c, String tenantId, String runId, String workflowId, String rowsJson)
      throws SQLException {
    UPSERT_ROWS.update(c, logValues(tenantId, runId, workflowId, rowsJson));
  }

  /**
   * Marks the runs {@code ids} handed to Temporal, in one statement, and returns the status of each
   * that still exists by its id (a missing id was deleted with its workflow meanwhile).
   */
  public static Map<String, String> markAllDispatched(
      Connection c, String tenantId, List<String> ids) throws SQLException {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("tenantId", tenantId);
    values.put("ids", c.createArrayOf("text", ids.toArray()));
    Map<String, String> statuses = new LinkedHashMap<>();
    try (PreparedStatement ps = MARK_ALL_DISPATCHED.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        statuses.put(rs.getString(1), rs.getString(2));
      }
    }
    return statuses;
  }

  private static Map<String, Object> logValues(
      String tenantId, String runId, String workflowId, String rowsJson) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("tenantId", tenantId);
    values.put("runId", runId);
    values.put("workflowId", workflowId);
    values.put("rows", rowsJson);
    return values;
  }

  /** A statement parsed once: positional SQL and the names bound at each position. */
  private record Statement(String sql, List<String> names) {
    static Statement of(String namedSql) {
      // The jdbi attribute Database defines, rendered the same way for plain JDBC.
      ParsedSql parsed =
          PARSER.parse(
              namedSql.replace(
                  "<" + Database.TERMINAL_STATUSES + ">",
                  io.flowd.model.RunStatus.terminalSqlList()),
              null);
      return new Statement(parsed.getSql(), parsed.getParameters().getParameterNames());
    }

    void update(Connection c, Map<String, Object> values) throws SQLException {
      try (PreparedStatement ps = prepare(c, values)) {
        ps.executeUpdate();
      }
    }

    PreparedStatement prepare(Connection c, Map<String, Object> values) throws SQLException {
      PreparedStatement ps = c.prepareStatement(sql);
      try {
        for (int i = 0; i < names.size(); i++) {
          String name = names.get(i);
          if (!values.containsKey(name)) {
            throw new IllegalArgumentException("no value for :" + name);
          }
          bind(ps, i + 1, values.get(name));
        }
        return ps;
      } catch (SQLException | RuntimeException e) {
        ps.close();
        throw e;
      }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
      if (value == null) {
        ps.setNull(index, Types.VARCHAR);
      } else if (value instanceof String text) {
        ps.setString(index, text);
      } else if (value instanceof Integer number) {
        ps.setInt(index, number);
      } else if (value instanceof Long number) {
        ps.setLong(index, number);
      } else if (value instanceof Boolean flag) {
        ps.setBoolean(index, flag);
      } else if (value instanceof UUID uuid) {
        ps.setObject(index, uuid);
      } else if (value instanceof Instant instant) {
        ps.setTimestamp(index, Timestamp.from(instant));
      } else if (value instanceof Array array) {
        ps.setArray(index, array);
      } else {
        throw new IllegalArgumentException("cannot bind " + value.getClass().getName());
      }
    }
  }
}

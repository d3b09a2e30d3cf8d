package io.flowd.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The answers of webhook calls that wait for their run, one per run; the first one wins. */
public interface WebhookAnswerDao {

  /** Keeps {@code answer} as the run's answer unless it already has one. */
  @SqlUpdate(
      "INSERT INTO webhook_answers (tenant_id, run_id, status, headers, body) VALUES (:tenantId,"
          + " :runId, :status, CAST(:headers AS jsonb), :body) ON CONFLICT (run_id) DO NOTHING")
  int insertIfAbsent(
      @Bind("tenantId") String tenantId,
      @Bind("runId") String runId,
      @Bind("status") int status,
      @Bind("headers") String headersJson,
      @Bind("body") String body);

  @SqlQuery(
      "SELECT status, headers::text AS headers_json, body FROM webhook_answers"
          + " WHERE tenant_id = :tenantId AND run_id = :runId")
  @RegisterConstructorMapper(WebhookAnswer.class)
  Optional<WebhookAnswer> find(@Bind("tenantId") String tenantId, @Bind("runId") String runId);
}

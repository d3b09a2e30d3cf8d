package io.flowd.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.JsonBodies;
import io.flowd.model.Ids;
import io.flowd.model.Workflow;
import io.flowd.model.validation.Validated;
import io.flowd.model.validation.WorkflowDraft;
import io.flowd.model.validation.WorkflowDraftReader;
import io.flowd.store.Database;
import io.flowd.store.RunDao;
import io.flowd.store.WorkflowChange;
import io.flowd.store.WorkflowDao;
import io.flowd.store.WorkflowHistoryDao;
import io.flowd.store.WorkflowVersion;
import io.javalin.http.Context;
import io.temporal.client.WorkflowClient;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * {@code PUT /workflows/{id}}, {@code DELETE /workflows/{id}} and {@code POST
 * /workflows/{id}/undelete}. Changes lock the workflow row, so two changes of one workflow never
 * interleave and no run of a deleted workflow is dispatched.
 */
public final class WorkflowEditController {
  private final Database database;
  private final WorkflowDraftReader reader;
  private final WorkflowService workflows;
  private final AuthorizationCache authorizations;
  private final String publicUrl;
  private final WorkflowChangeListener changes;
  private final WorkflowDeletion deletion;

  public WorkflowEditController(
      Database database,
      WorkflowDraftReader reader,
      WorkflowService workflows,
      AuthorizationCache authorizations,
      WorkflowClient temporal,
      String publicUrl,
      WorkflowChangeListener changes) {
    this.database = database;
    this.reader = reader;
    this.workflows = workflows;
    this.authorizations = authorizations;
    this.publicUrl = publicUrl;
    this.changes = changes;
    this.deletion = new WorkflowDeletion(database, temporal, changes);
  }

  /**
   * {@code PUT /workflows/{id}}: merges the given fields into the workflow and validates the result
   * like a create. A change of graph or schedule writes a new version; runs keep theirs.
   */
  public void update(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String tenant = principal.tenantId();
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    JsonNode body = JsonBodies.readJson(ctx.bodyAsBytes(), ctx.contentType());
    boolean changed =
        database
            .jdbi()
            .inTransaction(
                (Handle h) -> {
                  WorkflowDao dao = h.attach(WorkflowDao.class);
                  String token = dao.lockForChange(tenant, id).orElseThrow(() -> notFound(id));
                  Workflow current = dao.find(tenant, id, publicUrl).orElseThrow();
                  Validated<WorkflowDraft> merged =
                      TriggerChecks.withVault(
                          h,
                          tenant,
                          FlowControls.checkFailureWorkflow(
                              h, tenant, body, reader.readUpdate(body, WorkflowDraft.of(current))));
                  if (!merged.ok()) {
                    throw ApiException.unprocessable(
                        "validation_failed", "The workflow is not valid.", merged.errors());
                  }
                  boolean saved = save(dao, tenant, current, merged.value(), token);
                  h.attach(WorkflowHistoryDao.class).stampAuthor(tenant, id, principal.userId());
                  return saved;
                });
    if (changed) {
      changes.saved(tenant, id);
    }
    Workflow saved = workflows.load(principal, id);
    Requests.json(
        ctx,
        200,
        saved.withDetails(
            authorizations.of(principal), database.dao(RunDao.class).latest(tenant, id, 10)));
  }

  static boolean save(
      WorkflowDao dao, String tenant, Workflow current, WorkflowDraft next, String token) {
    boolean graphChanged =
        !current.nodes().equals(next.graph().nodes())
            || !current.edges().equals(next.graph().edges());
    boolean scheduleChanged =
        !Objects.equals(current.scheduleType(), next.scheduleType())
            || !Objects.equals(current.scheduleValue(), next.scheduleValue())
            || !Objects.equals(current.scheduleTimezone(), next.scheduleTimezone());
    boolean flowControlChanged = !current.flowControl().equals(next.flowControl());
    boolean webhook =
        next.graph().nodes().stream().anyMatch(n -> "webhook_trigger".equals(n.componentId()));
    String nextToken = webhook ? (token.isEmpty() ? Ids.webhookToken() : token) : null;
    boolean triggersChanged = !Objects.equals(current.triggers(), next.triggers());
    if (triggersChanged) {
      TriggerChecks.save(dao, tenant, current.id(), next.triggers());
    }
    boolean retentionChanged = !Objects.equals(current.retention(), next.retention());
    if (retentionChanged) {
      dao.updateRetention(
          tenant,
          current.id(),
          next.retention() == null ? null : io.flowd.model.Json.write(next.retention()));
    }
    boolean changed =
        retentionChanged
            || triggersChanged
            || graphChanged
            || scheduleChanged
            || flowControlChanged
            || !Objects.equals(current.name(), next.name())
            || !Objects.equals(current.description(), next.description())
            || current.isActive() != next.isActive()
            || !Objects.equals(token.isEmpty() ? null : token, nextToken);
    if (!changed) {
      return false;
    }
    int version = current.version();
    if (graphChanged || scheduleChanged || flowControlChanged) {
      version++;
      dao.insertVersion(
          tenant,
          new WorkflowVersion(
              current.id(),
              version,
              next.name(),
              next.description(),
              next.graph().nodes(),
              next.graph().edges(),
              next.scheduleType(),
              next.scheduleValue(),
              next.scheduleTimezone()));
      dao.setFlowControl(tenant, current.id(), version, FlowControls.json(next.flowControl()));
    }
    dao.update(
        tenant,
        new WorkflowChange(
            current.id(),
            next.name(),
            next.description(),
            version,
            next.scheduleType(),
            next.scheduleValue(),
            next.scheduleTimezone(),
            next.isActive(),
            nextToken));
    return true;
  }

  /**
   * {@code DELETE /workflows/{id}}: hides the workflow and keeps its runs ({@link
   * WorkflowDeletion}).
   */
  public void delete(Context ctx) {
    Principal principal = Requests.principal(ctx);
    deletion.delete(principal.tenantId(), Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow"));
    ctx.status(204);
  }

  /** {@code POST /workflows/{id}/undelete}: shows a deleted workflow again and answers it. */
  public void undelete(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    deletion.undelete(principal.tenantId(), id);
    Workflow restored = workflows.load(principal, id);
    Requests.json(
        ctx,
        200,
        restored.withDetails(
            authorizations.of(principal),
            database.dao(RunDao.class).latest(principal.tenantId(), id, 10)));
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Workflow " + id + " was not found.");
  }
}

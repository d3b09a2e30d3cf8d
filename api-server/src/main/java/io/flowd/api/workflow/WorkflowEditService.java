package io.flowd.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.model.Ids;
import io.flowd.model.Workflow;
import io.flowd.model.validation.Validated;
import io.flowd.model.validation.WorkflowDraft;
import io.flowd.model.validation.WorkflowDraftReader;
import io.flowd.store.Database;
import io.flowd.store.WorkflowChange;
import io.flowd.store.WorkflowDao;
import io.flowd.store.WorkflowHistoryDao;
import io.flowd.store.WorkflowVersion;
import io.temporal.client.WorkflowClient;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * Edits, deletes and undeletes workflows. Changes lock the workflow row, so two changes of one
 * workflow never interleave and no run of a deleted workflow is dispatched.
 */
public final class WorkflowEditService {
  private final Database database;
  private final WorkflowDraftReader reader;
  private final WorkflowService workflows;
  private final AuthorizationCache authorizations;
  private final WorkflowClient temporal;
  private final String publicUrl;
  private final WorkflowChangeListener changes;

  public WorkflowEditService(
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
    this.temporal = temporal;
    this.publicUrl = publicUrl;
    this.changes = changes;
  }

  /**
   * Merges the given fields into the workflow and validates the result like a create; a change of
   * graph or schedule writes a new version. Returns the saved workflow with its latest runs.
   *
   * @throws ApiException 404 without the workflow, 422 listing every problem
   */
  public Workflow update(Principal principal, String id, JsonNode body) {
    String tenant = principal.tenantId();
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
    return saved.withDetails(
        authorizations.of(principal), workflows.latestRuns(tenant, id, LATEST_RUNS));
  }

  /** The number of latest runs a read or an update answers with the workflow. */
  static final int LATEST_RUNS = 10;

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
      dao.insertVersion(tenant, WorkflowVersion.of(current.id(), version, next));
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
   * Hides the workflow and keeps its runs until their retention ends ({@link WorkflowDeletion}).
   *
   * @throws ApiException 404 without the workflow; 503 when Temporal cannot cancel an open run
   *     (nothing changes then)
   */
  public void delete(Principal principal, String id) {
    new WorkflowDeletion(database, temporal, changes).delete(principal.tenantId(), id);
  }

  /**
   * Shows a deleted workflow again ({@link WorkflowDeletion#undelete}) and returns it with its
   * latest runs.
   */
  public Workflow undelete(Principal principal, String id) {
    String tenant = principal.tenantId();
    new WorkflowDeletion(database, temporal, changes).undelete(tenant, id);
    return workflows
        .load(principal, id)
        .withDetails(authorizations.of(principal), workflows.latestRuns(tenant, id, LATEST_RUNS));
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Workflow " + id + " was not found.");
  }
}

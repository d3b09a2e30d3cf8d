package io.flowd.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.model.Authorization;
import io.flowd.model.Ids;
import io.flowd.model.Workflow;
import io.flowd.model.files.WorkflowFile;
import io.flowd.model.validation.Validated;
import io.flowd.model.validation.WorkflowDraft;
import io.flowd.model.validation.WorkflowDraftReader;
import io.flowd.store.Database;
import io.flowd.store.NewWorkflow;
import io.flowd.store.WorkflowDao;
import io.flowd.store.WorkflowFileIdentity;
import io.flowd.store.WorkflowHistoryDao;
import io.flowd.store.WorkflowVersion;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Whole-definition writes for workflows as code: a file put by key (create or replace) and a
 * restore of an older version. Both validate like {@code POST /workflows}, write a new version only
 * when the graph, schedule or flow control changed, and record the caller as the version's author.
 */
public final class WorkflowWriter {
  private final Database database;
  private final WorkflowDraftReader reader;
  private final AuthorizationCache authorizations;
  private final String publicUrl;
  private final WorkflowChangeListener changes;

  public WorkflowWriter(
      Database database,
      WorkflowDraftReader reader,
      AuthorizationCache authorizations,
      String publicUrl,
      WorkflowChangeListener changes) {
    this.database = database;
    this.reader = reader;
    this.authorizations = authorizations;
    this.publicUrl = publicUrl;
    this.changes = changes;
  }

  /**
   * What a write did.
   *
   * @param id the workflow's id
   * @param created whether the workflow was created
   * @param changed whether anything of the workflow changed
   */
  public record Outcome(String id, boolean created, boolean changed) {}

  /** Validates a create body, with the checks that need the database (failure workflow, vault). */
  public Validated<WorkflowDraft> validate(String tenantId, JsonNode body) {
    return database
        .jdbi()
        .withHandle(
            h ->
                TriggerChecks.withVault(
                    h,
                    tenantId,
                    FlowControls.checkFailureWorkflow(h, tenantId, body, reader.readCreate(body))));
  }

  /**
   * Creates a workflow from a create body and returns its id.
   *
   * @throws ApiException 422 listing every problem of the body
   */
  public String create(Principal principal, JsonNode body) {
    Validated<WorkflowDraft> draft = validate(principal.tenantId(), body);
    if (!draft.ok()) {
      throw ApiException.unprocessable(
          "validation_failed", "The workflow is not valid.", draft.errors());
    }
    Authorization caller = authorizations.of(principal);
    String id = Ids.next(Ids.WORKFLOW);
    WorkflowDraft w = draft.value();
    database
        .jdbi()
        .useTransaction(
            (Handle h) -> {
              insert(h, principal.tenantId(), id, w, caller.id());
              h.attach(WorkflowHistoryDao.class)
                  .stampAuthor(principal.tenantId(), id, principal.userId());
            });
    changes.saved(principal.tenantId(), id);
    return id;
  }

  /**
   * Creates or replaces the workflow a file names by {@code key}. Fields the file leaves out take
   * their defaults, as in a create. A workflow without a key whose id equals {@code key} (as
   * exported) takes the key.
   *
   * @throws ApiException 422 listing every problem of the file
   */
  public Outcome putByKey(Principal principal, String key, String managedBy, JsonNode file) {
    String tenant = principal.tenantId();
    String createdBy = authorizations.of(principal).id();
    JsonNode body = WorkflowFile.body(file);
    Outcome outcome;
    try {
      outcome = putByKeyOnce(principal, tenant, createdBy, key, managedBy, body);
    } catch (UnableToExecuteStatementException e) {
      if (!takenKey(e)) {
        throw e;
      }
      // Another first PUT of the same key created the workflow meanwhile: this one replaces it.
      outcome = putByKeyOnce(principal, tenant, createdBy, key, managedBy, body);
    }
    if (outcome.changed()) {
      changes.saved(tenant, outcome.id());
    }
    return outcome;
  }

  /** Whether {@code e} is the unique key index refusing a key another workflow took. */
  private static boolean takenKey(UnableToExecuteStatementException e) {
    return e.getCause() instanceof java.sql.SQLException sql
        && "23505".equals(sql.getSQLState())
        && String.valueOf(sql.getMessage()).contains("workflows_key_per_tenant");
  }

  private Outcome putByKeyOnce(
      Principal principal,
      String tenant,
      String createdBy,
      String key,
      String managedBy,
      JsonNode body) {
    return database
        .jdbi()
        .inTransaction(
            (Handle h) -> {
              WorkflowDraft draft = valid(h, tenant, body);
              WorkflowHistoryDao history = h.attach(WorkflowHistoryDao.class);
              WorkflowFileIdentity identity = history.byKey(tenant, key).orElse(null);
              if (identity == null) {
                String id = Ids.next(Ids.WORKFLOW);
                insert(h, tenant, id, draft, createdBy);
                history.setIdentity(tenant, id, key, managedBy);
                history.stampAuthor(tenant, id, principal.userId());
                return new Outcome(id, true, true);
              }
              boolean changed = replace(h, tenant, identity.id(), draft);
              if (!key.equals(identity.key()) || !Objects.equals(managedBy, identity.managedBy())) {
                history.setIdentity(tenant, identity.id(), key, managedBy);
              }
              history.stampAuthor(tenant, identity.id(), principal.userId());
              return new Outcome(identity.id(), false, changed);
            });
  }

  /**
   * Makes {@code old} (a version of workflow {@code id}) the current definition again: its name,
   * description, graph, schedule and flow control. Whether the workflow is active and its trigger
   * settings stay as they are now. The new version's summary says which version it restores.
   *
   * @return whether anything changed (restoring the current definition changes nothing)
   */
  public boolean restore(Principal principal, String id, Workflow old) {
    String tenant = principal.tenantId();
    boolean changed =
        database
            .jdbi()
            .inTransaction(
                (Handle h) -> {
                  WorkflowDao dao = h.attach(WorkflowDao.class);
                  if (dao.lockForChange(tenant, id).isEmpty()) {
                    throw ApiException.notFound("Workflow " + id + " was not found.");
                  }
                  Workflow current = dao.find(tenant, id, publicUrl).orElseThrow();
                  WorkflowDraft next =
                      new WorkflowDraft(
                          old.name(),
                          old.description(),
                          old.graph(),
                          old.scheduleType(),
                          old.scheduleValue(),
                          old.scheduleTimezone(),
                          current.isActive(),
                          current.triggers(),
                          old.flowControl(),
                          current.retention());
                  boolean saved = replace(h, tenant, id, next);
                  Workflow now = dao.find(tenant, id, publicUrl).orElseThrow();
                  WorkflowHistoryDao history = h.attach(WorkflowHistoryDao.class);
                  if (now.version() != current.version()) {
                    history.setSummary(
                        tenant, id, now.version(), "restored version " + old.version());
                  }
                  history.stampAuthor(tenant, id, principal.userId());
                  return saved;
                });
    if (changed) {
      changes.saved(tenant, id);
    }
    return changed;
  }

  private WorkflowDraft valid(Handle h, String tenant, JsonNode body) {
    Validated<WorkflowDraft> draft =
        TriggerChecks.withVault(
            h, tenant, FlowControls.checkFailureWorkflow(h, tenant, body, reader.readCreate(body)));
    if (!draft.ok()) {
      throw ApiException.unprocessable(
          "validation_failed", "The workflow is not valid.", draft.errors());
    }
    return draft.value();
  }

  private boolean replace(Handle h, String tenant, String id, WorkflowDraft next) {
    WorkflowDao dao = h.attach(WorkflowDao.class);
    String token =
        dao.lockForChange(tenant, id)
            .orElseThrow(() -> ApiException.notFound("Workflow " + id + " was not found."));
    Workflow current = dao.find(tenant, id, publicUrl).orElseThrow();
    return WorkflowEditService.save(dao, tenant, current, next, token);
  }

  /** Writes a new workflow and its version 1 in the caller's transaction. */
  static void insert(Handle h, String tenant, String id, WorkflowDraft w, String createdBy) {
    boolean webhook =
        w.graph().nodes().stream().anyMatch(n -> "webhook_trigger".equals(n.componentId()));
    WorkflowDao dao = h.attach(WorkflowDao.class);
    dao.insert(
        tenant,
        new NewWorkflow(
            id,
            w.name(),
            w.description(),
            w.scheduleType(),
            w.scheduleValue(),
            w.scheduleTimezone(),
            w.isActive(),
            webhook ? Ids.webhookToken() : null,
            createdBy));
    dao.insertVersion(tenant, WorkflowVersion.of(id, 1, w));
    TriggerChecks.save(dao, tenant, id, w.triggers());
    if (w.retention() != null) {
      dao.updateRetention(tenant, id, io.flowd.model.Json.write(w.retention()));
    }
  }
}

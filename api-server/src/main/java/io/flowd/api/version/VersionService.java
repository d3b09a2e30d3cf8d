package io.flowd.api.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.model.Json;
import io.flowd.model.Workflow;
import io.flowd.model.files.WorkflowDiff;
import io.flowd.model.files.WorkflowFile;
import io.flowd.model.validation.WorkflowDraft;
import io.flowd.store.Database;
import io.flowd.store.VersionRow;
import io.flowd.store.WorkflowFileIdentity;
import io.flowd.store.WorkflowHistoryDao;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A workflow's version history, diffs between versions, and its file form. */
public final class VersionService {
  private final Database database;
  private final WorkflowService workflows;

  public VersionService(Database database, WorkflowService workflows) {
    this.database = database;
    this.workflows = workflows;
  }

  /**
   * One entry of the version list.
   *
   * @param version the version number
   * @param createdAt when it was written
   * @param createdBy the token subject that wrote it ({@code null} when unknown)
   * @param changeSummary what changed from the version before
   * @param runs how many runs started on it
   * @param current whether it is the workflow's current version
   */
  public record VersionItem(
      int version,
      @com.fasterxml.jackson.annotation.JsonProperty("created_at") Instant createdAt,
      @com.fasterxml.jackson.annotation.JsonProperty("created_by") String createdBy,
      @com.fasterxml.jackson.annotation.JsonProperty("change_summary") String changeSummary,
      @com.fasterxml.jackson.annotation.JsonProperty("runs_count") long runs,
      boolean current) {}

  /** Returns how many versions the tenant's workflow has; 404 when there is no such workflow. */
  public long count(Principal principal, String id) {
    workflows.load(principal, id);
    return database.dao(WorkflowHistoryDao.class).count(principal.tenantId(), id);
  }

  /** Returns one page of versions, newest first, each with its change summary. */
  public List<VersionItem> page(Principal principal, String id, int limit, long offset) {
    int current = workflows.load(principal, id).version();
    List<VersionItem> items = new ArrayList<>();
    for (VersionRow row :
        database.dao(WorkflowHistoryDao.class).list(principal.tenantId(), id, limit, offset)) {
      String summary = row.changeSummary();
      if (summary == null) {
        summary = row.version() == 1 ? "created" : summaryOf(principal, id, row.version());
      }
      items.add(
          new VersionItem(
              row.version(),
              row.createdAt(),
              row.createdBy(),
              summary,
              row.runs(),
              row.version() == current));
    }
    return items;
  }

  private String summaryOf(Principal principal, String id, int version) {
    Workflow before = workflows.snapshot(principal, id, version - 1);
    Workflow after = workflows.snapshot(principal, id, version);
    if (before == null || after == null) {
      return null;
    }
    return WorkflowDiff.between(fileOf(before), fileOf(after)).summary();
  }

  /** Returns the tenant's workflow at its current version, as a run shows it; 404 when unknown. */
  public Workflow current(Principal principal, String id) {
    return workflows.asRunSnapshot(principal, workflows.load(principal, id));
  }

  /** Returns the workflow as it was at {@code version}; 404 when either is unknown. */
  public Workflow version(Principal principal, String id, int version) {
    workflows.load(principal, id);
    Workflow workflow = workflows.snapshot(principal, id, version);
    if (workflow == null) {
      throw ApiException.notFound("Workflow " + id + " has no version " + version + ".");
    }
    return workflow;
  }

  /** Returns what changed from version {@code a} to version {@code b}. */
  public ObjectNode diff(Principal principal, String id, int a, int b) {
    Workflow from = version(principal, id, a);
    Workflow to = version(principal, id, b);
    WorkflowDiff diff = WorkflowDiff.between(fileOf(from), fileOf(to));
    ObjectNode body = Json.object();
    body.put("workflow_id", id);
    body.put("from", a);
    body.put("to", b);
    body.put("summary", diff.summary());
    ObjectNode tree = (ObjectNode) Json.toTree(diff);
    body.setAll(tree);
    return body;
  }

  /**
   * Returns the workflow as a file: {@code id}, {@code key} (its key, or its id when it has none
   * yet), {@code managed_by}, {@code version} and the {@code file} itself.
   */
  public ObjectNode fileView(Principal principal, String id) {
    Workflow current = workflows.load(principal, id);
    WorkflowFileIdentity identity =
        database
            .dao(WorkflowHistoryDao.class)
            .identity(principal.tenantId(), id)
            .orElseThrow(() -> ApiException.notFound("Workflow " + id + " was not found."));
    String key = identity.key() == null ? id : identity.key();
    ObjectNode view = Json.object();
    view.put("id", id);
    view.put("key", key);
    view.put("managed_by", identity.managedBy());
    view.put("version", current.version());
    view.set("file", WorkflowFile.of(key, WorkflowDraft.of(current)));
    return view;
  }

  /** Returns the id of the workflow a key names; 404 when none does. */
  public String idOfKey(Principal principal, String key) {
    return database
        .dao(WorkflowHistoryDao.class)
        .byKey(principal.tenantId(), key)
        .map(WorkflowFileIdentity::id)
        .orElseThrow(() -> ApiException.notFound("No workflow has the key " + key + "."));
  }

  static JsonNode fileOf(Workflow workflow) {
    return WorkflowFile.of(null, WorkflowDraft.of(workflow));
  }
}

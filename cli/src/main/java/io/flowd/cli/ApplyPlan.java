package io.flowd.cli;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.files.WorkflowDiff;
import io.flowd.model.files.WorkflowFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What {@code apply} would do to bring the server to a folder of files, per workflow. */
final class ApplyPlan {
  /** What happens to one workflow. */
  enum Action {
    create,
    update,
    /** Only the workflow's key or manager changes; no new version. */
    adopt,
    unchanged,
    delete
  }

  /**
   * One workflow's step.
   *
   * @param key its key
   * @param action what happens
   * @param id its id on the server ({@code null} before a create)
   * @param summary the change summary
   * @param diff the changes ({@code null} for a delete)
   * @param file the file ({@code null} for a delete)
   */
  record Step(
      String key,
      Action action,
      String id,
      String summary,
      WorkflowDiff diff,
      @JsonIgnore WorkflowFiles.Loaded file) {}

  private ApplyPlan() {}

  static List<Step> of(ApiClient api, List<WorkflowFiles.Loaded> files, boolean prune) {
    List<Step> steps = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (WorkflowFiles.Loaded file : files) {
      JsonNode view = api.getOrNull("/workflows/by-key/" + ApiClient.encode(file.key()));
      JsonNode wanted = file.canonical();
      if (view == null) {
        WorkflowDiff diff = WorkflowDiff.between(null, wanted);
        steps.add(new Step(file.key(), Action.create, null, "new workflow", diff, file));
        continue;
      }
      String id = view.path("id").asText();
      ids.add(id);
      WorkflowDiff diff = WorkflowDiff.between(view.path("file"), wanted);
      Action action;
      if (!diff.isEmpty()) {
        action = Action.update;
      } else if (!file.managedBy().equals(view.path("managed_by").asText(null))
          || !file.key().equals(view.path("key").asText())) {
        action = Action.adopt;
      } else {
        action = Action.unchanged;
      }
      String summary = action == Action.adopt ? "managed by " + file.managedBy() : diff.summary();
      steps.add(new Step(file.key(), action, id, summary, diff, file));
    }
    if (prune) {
      for (JsonNode workflow : api.all("/workflows", 100_000)) {
        String id = workflow.path("id").asText();
        if (ids.contains(id)) {
          continue;
        }
        JsonNode view = api.get("/workflows/" + id + "/file");
        if (WorkflowFile.MANAGED_BY_FILES.equals(view.path("managed_by").asText(null))) {
          steps.add(new Step(view.path("key").asText(), Action.delete, id, "no file", null, null));
        }
      }
    }
    return steps;
  }
}

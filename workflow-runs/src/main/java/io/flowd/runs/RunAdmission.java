package io.flowd.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.FlowControl;
import io.flowd.model.Json;
import io.flowd.model.RunStatus;
import io.flowd.model.Workflow;
import io.flowd.model.template.Templates;
import io.flowd.store.ConcurrencyDao;
import io.flowd.store.ConcurrencyDao.SlotHolder;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Decides, inside the transaction that records a run, whether the run takes a concurrency slot of
 * its key ({@code pending}), waits for one ({@code queued}), is refused ({@code cancelled}), or
 * pushes out the oldest holder ({@code cancel_oldest}). Admissions of one key are serialised by an
 * advisory transaction lock on the key's hash, so the limit holds across API replicas and workers.
 */
final class RunAdmission {
  /** Longest stored key; longer rendered keys are cut (keys are compared, never shown whole). */
  static final int MAX_KEY_LENGTH = 500;

  /**
   * The outcome of an admission.
   *
   * @param status the new run's status
   * @param key the rendered key, or {@code null} when the workflow has no concurrency limit
   * @param errorMessage why the run was cancelled, or {@code null}
   * @param pushedOut the oldest holder to cancel ({@code cancel_oldest}), or {@code null}
   */
  record Decision(RunStatus status, String key, String errorMessage, SlotHolder pushedOut) {}

  private RunAdmission() {}

  static Decision admit(Handle h, RunToRecord run) {
    FlowControl.Concurrency concurrency = run.workflow().concurrency();
    if (concurrency == null) {
      return new Decision(RunStatus.PENDING, null, null, null);
    }
    String key = renderKey(concurrency.key(), run.workflow(), run.triggerPayload());
    ConcurrencyDao slots = h.attach(ConcurrencyDao.class);
    String workflowId = run.workflow().id();
    slots.lockKey(run.tenantId(), workflowId, key);
    int holders = slots.holders(run.tenantId(), workflowId, key);
    boolean waiting = slots.queued(run.tenantId(), workflowId, key) > 0;
    if (holders < concurrency.limit() && !waiting) {
      return new Decision(RunStatus.PENDING, key, null, null);
    }
    return switch (concurrency.onLimit()) {
      case FlowControl.Concurrency.CANCEL_NEW ->
          new Decision(
              RunStatus.CANCELLED,
              key,
              "Run was cancelled: the concurrency limit of "
                  + concurrency.limit()
                  + " open run(s)"
                  + (concurrency.key() == null ? "" : " with key \"" + key + "\"")
                  + " was reached (on_limit: cancel_new).",
              null);
      case FlowControl.Concurrency.CANCEL_OLDEST -> {
        Optional<SlotHolder> oldest = slots.oldestHolder(run.tenantId(), workflowId, key);
        yield oldest
            .map(o -> new Decision(RunStatus.PENDING, key, null, o))
            .orElse(new Decision(RunStatus.PENDING, key, null, null));
      }
      default -> new Decision(RunStatus.QUEUED, key, null, null);
    };
  }

  /** Renders a key template over {@code trigger} and {@code workflow}; no template is one key. */
  static String renderKey(String template, Workflow workflow, JsonNode trigger) {
    if (template == null) {
      return "";
    }
    ObjectNode workflowRoot =
        Json.object()
            .put("id", workflow.id())
            .put("version", workflow.version())
            .put("name", workflow.name());
    JsonNode rendered =
        Templates.renderString(
            template,
            root ->
                switch (root) {
                  case "trigger" -> trigger;
                  case "workflow" -> workflowRoot;
                  default -> null;
                });
    String key = rendered.isTextual() ? rendered.textValue() : Json.write(rendered);
    return key.length() > MAX_KEY_LENGTH ? key.substring(0, MAX_KEY_LENGTH) : key;
  }
}

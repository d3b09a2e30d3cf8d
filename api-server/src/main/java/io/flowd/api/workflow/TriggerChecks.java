package io.flowd.api.workflow;

import io.flowd.model.Json;
import io.flowd.model.TriggerSettings;
import io.flowd.model.ValidationError;
import io.flowd.model.WebhookSignature;
import io.flowd.model.validation.Validated;
import io.flowd.model.validation.WorkflowDraft;
import io.flowd.store.Database;
import io.flowd.store.VaultDao;
import io.flowd.store.WorkflowDao;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The save-time checks of a workflow's trigger settings that need the database (the vault secret a
 * {@code webhook_signature} names must exist), and their write.
 */
final class TriggerChecks {
  private TriggerChecks() {}

  /** Adds an {@code unknown_vault_secret} error when the signature's secret does not exist. */
  static Validated<WorkflowDraft> withVault(
      Database database, String tenantId, Validated<WorkflowDraft> draft) {
    return database.jdbi().withHandle(h -> withVault(h, tenantId, draft));
  }

  /** Like {@link #withVault(Database, String, Validated)} inside a transaction. */
  static Validated<WorkflowDraft> withVault(
      Handle h, String tenantId, Validated<WorkflowDraft> draft) {
    if (!draft.ok() || draft.value().triggers() == null) {
      return draft;
    }
    WebhookSignature signature = draft.value().triggers().webhookSignature();
    if (signature == null
        || !h.attach(VaultDao.class).sealed(tenantId, List.of(signature.vault())).isEmpty()) {
      return draft;
    }
    List<ValidationError> errors = new ArrayList<>(draft.errors());
    errors.add(
        new ValidationError(
            "unknown_vault_secret",
            "webhook_signature.vault",
            "no vault secret named " + signature.vault() + " exists; create it first"));
    return new Validated<>(null, errors);
  }

  /** Writes the settings to the workflow row. */
  static void save(WorkflowDao dao, String tenantId, String workflowId, TriggerSettings t) {
    TriggerSettings settings = t == null ? TriggerSettings.DEFAULTS : t;
    dao.updateTriggers(
        tenantId,
        workflowId,
        settings.scheduleOverlap(),
        settings.scheduleCatchupSeconds(),
        settings.webhookSignature() == null ? null : Json.write(settings.webhookSignature()),
        settings.webhookDedupeHeader());
  }
}

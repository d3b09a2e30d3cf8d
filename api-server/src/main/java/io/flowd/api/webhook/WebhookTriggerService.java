package io.flowd.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.http.ApiException;
import io.flowd.api.run.RunOutcomes;
import io.flowd.model.Run;
import io.flowd.model.WebhookSignature;
import io.flowd.model.Workflow;
import io.flowd.runs.RunEngine;
import io.flowd.runs.RunRequest;
import io.flowd.runs.TriggerType;
import io.flowd.store.Database;
import io.flowd.store.VaultCipher;
import io.flowd.store.VaultDao;
import io.flowd.store.VaultSecret;
import io.flowd.store.WebhookAnswer;
import io.flowd.store.WebhookTarget;
import io.flowd.store.WebhookTokenDao;
import io.flowd.store.WorkflowDao;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data side of inbound webhooks: resolves a token to its workflow, checks a delivery's
 * signature with the vault secret, stores uploaded files, starts the run through the run engine and
 * waits for a {@code webhook_response} answer.
 */
public final class WebhookTriggerService {
  private static final Pattern TOKEN = Pattern.compile("whsec_[A-Za-z0-9]{32}");
  private static final Logger LOG = LoggerFactory.getLogger(WebhookTriggerService.class);

  private final Database database;
  private final RunEngine engine;
  private final String publicUrl;
  private final VaultCipher vault;
  private final WebhookAnswers answers;

  /**
   * Creates the service.
   *
   * @param vault opens the vault secret of a {@code webhook_signature}
   */
  public WebhookTriggerService(
      Database database, RunEngine engine, String publicUrl, VaultCipher vault) {
    this.database = database;
    this.engine = engine;
    this.publicUrl = publicUrl;
    this.vault = vault;
    this.answers = new WebhookAnswers(database);
  }

  /** Returns the active webhook a token names, or throws a 404. */
  public WebhookTarget target(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw unknown();
    }
    byte[] presented = token.getBytes(StandardCharsets.UTF_8);
    Optional<WebhookTarget> found =
        database.dao(WebhookTokenDao.class).findBySha256(sha256(presented));
    if (found.isEmpty()
        || !MessageDigest.isEqual(found.get().token().getBytes(StandardCharsets.UTF_8), presented)
        || !found.get().isActive()) {
      throw unknown();
    }
    return found.get();
  }

  /** Returns the workflow of a webhook, or throws a 404. */
  public Workflow workflow(WebhookTarget target) {
    return database
        .dao(WorkflowDao.class)
        .find(target.tenantId(), target.workflowId(), publicUrl)
        .orElseThrow(WebhookTriggerService::unknown);
  }

  /**
   * Checks a delivery's signature header against the vault secret the trigger names.
   *
   * @throws ApiException 401 when the header is missing or holds no valid signature
   */
  public void checkSignature(
      WebhookTarget target, WebhookSignature signature, byte[] raw, String header) {
    List<VaultSecret> secrets =
        database.dao(VaultDao.class).sealed(target.tenantId(), List.of(signature.vault()));
    String secret = null;
    if (secrets.isEmpty()) {
      LOG.warn(
          "webhook of {} refused: its signature secret {} no longer exists in the vault",
          target.workflowId(),
          signature.vault());
    } else {
      secret = vault.open(target.tenantId(), secrets.get(0).sealed());
    }
    boolean valid =
        SignatureCheck.verify(
            signature,
            secret,
            raw == null ? new byte[0] : raw,
            header,
            System.currentTimeMillis() / 1000);
    if (!valid) {
      throw ApiException.unauthorized(
          "The " + signature.header() + " header is missing or holds no valid signature.");
    }
  }

  /** Stores uploaded files as payloads and returns their references, by field name. */
  public ObjectNode storeFiles(
      String tenantId, String workflowId, List<WebhookBodies.FilePart> files) {
    return WebhookFiles.store(database, tenantId, workflowId, files);
  }

  /** Starts (or replays) the webhook's run through the run engine. */
  public RunOutcomes.Accepted start(
      WebhookTarget target, Workflow workflow, UUID key, JsonNode payload, JsonNode fingerprinted) {
    return RunOutcomes.accepted(
        engine.start(
            RunRequest.of(target.tenantId(), workflow, TriggerType.WEBHOOK, payload)
                .withIdempotencyKey(key, fingerprinted)));
  }

  /** Returns the run's stored answer, waiting for the run up to {@code timeoutSeconds}. */
  WebhookAnswer await(String tenantId, Workflow workflow, Run run, int timeoutSeconds)
      throws InterruptedException {
    return answers.await(tenantId, workflow, run, timeoutSeconds);
  }

  static ApiException unknown() {
    return ApiException.notFound("No active webhook has this token.");
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

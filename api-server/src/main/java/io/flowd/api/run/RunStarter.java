package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.http.ApiException;
import io.flowd.engine.run.RunRecorder;
import io.flowd.engine.run.RunToRecord;
import io.flowd.model.Ids;
import io.flowd.model.Run;
import io.flowd.model.Workflow;
import io.flowd.store.Database;
import io.flowd.store.IdempotencyKeyDao;
import io.flowd.store.IdempotencyRecord;
import io.flowd.store.RunDao;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs exactly once. The idempotency key and the run row are written in one transaction
 * before Temporal is asked; the key names the run, and the Temporal id is built from the run id.
 */
public final class RunStarter {
  private static final Logger LOG = LoggerFactory.getLogger(RunStarter.class);

  /**
   * The run a start request maps to.
   *
   * @param run the run as stored now
   * @param replayed whether an earlier request with the same key created it
   */
  public record Started(Run run, boolean replayed) {}

  private final Database database;
  private final RunDispatcher dispatcher;

  /** Returns the dispatcher that hands stored runs to Temporal. */
  public RunDispatcher dispatcher() {
    return dispatcher;
  }

  public RunStarter(Database database, RunDispatcher dispatcher) {
    this.database = database;
    this.dispatcher = dispatcher;
  }

  /**
   * Records and starts a run of the workflow's current version, or replays the run an earlier
   * request with the same key started.
   *
   * @param key the {@code Idempotency-Key}, or {@code null}
   * @param requestBody the body the fingerprint is computed from
   * @throws ApiException 422 {@code idempotency_key_mismatch} when the key was used with another
   *     workflow or body
   */
  public Started start(
      String tenantId,
      Workflow workflow,
      String triggerType,
      JsonNode payload,
      UUID key,
      JsonNode requestBody) {
    String newRunId = Ids.next(Ids.RUN);
    String fingerprint = Fingerprints.of(workflow.id(), requestBody);
    RunToRecord toRecord =
        new RunToRecord(tenantId, newRunId, workflow, triggerType, payload, null, false);
    IdempotencyRecord claim =
        key == null ? null : new IdempotencyRecord(key, fingerprint, workflow.id(), newRunId);
    if (RunRecorder.admitsWithoutLocks(toRecord)) {
      // The common case in one autocommit statement: a new key and the run, or the run alone.
      Optional<RunRecorder.Recorded> fresh =
          claim == null
              ? Optional.of(database.jdbi().withHandle(h -> RunRecorder.record(h, toRecord)))
              : database.withConnection(c -> RunRecorder.recordClaiming(c, toRecord, claim));
      if (fresh.isPresent()) {
        dispatchQuietly(tenantId, fresh.get(), workflow);
        return new Started(fresh.get().run(), false);
      }
    }
    RunRecorder.Recorded[] recorded = new RunRecorder.Recorded[1];
    String runId =
        database
            .jdbi()
            .inTransaction(
                (Handle h) -> {
                  if (claim != null) {
                    IdempotencyKeyDao keys = h.attach(IdempotencyKeyDao.class);
                    if (keys.insertIfAbsent(tenantId, claim) == 0
                        && keys.takeOverExpired(tenantId, claim) == 0) {
                      IdempotencyRecord existing = keys.find(tenantId, key).orElseThrow();
                      if (!existing.fingerprint().equals(fingerprint)) {
                        throw ApiException.unprocessable(
                            "idempotency_key_mismatch",
                            "This Idempotency-Key was used with another workflow or body.",
                            List.of());
                      }
                      return existing.runId();
                    }
                  }
                  recorded[0] = RunRecorder.record(h, toRecord);
                  return newRunId;
                });
    boolean replayed = !runId.equals(newRunId);
    Run run =
        replayed
            ? database.dao(RunDao.class).find(tenantId, runId).orElseThrow()
            : recorded[0].run();
    if (!replayed) {
      dispatchQuietly(tenantId, recorded[0], workflow);
    } else if (run.status() == io.flowd.model.RunStatus.PENDING) {
      try {
        dispatcher.dispatch(tenantId, runId, workflow.id());
      } catch (RuntimeException e) {
        LOG.warn("run {} accepted; its start is left to the outbox: {}", runId, e.toString());
      }
    }
    return new Started(run, replayed);
  }

  private void dispatchQuietly(String tenantId, RunRecorder.Recorded recorded, Workflow workflow) {
    try {
      dispatcher.afterRecord(tenantId, recorded, workflow);
    } catch (RuntimeException e) {
      // The run is stored, so it is accepted: the outbox starts it once Temporal and PostgreSQL
      // answer again. An accepted run is never answered as an error.
      LOG.warn(
          "run {} accepted; its start is left to the outbox: {}",
          recorded.run().id(),
          e.toString());
    }
  }
}

package io.flowd.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Ids;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.store.Database;
import io.flowd.store.DatabaseErrors;
import io.flowd.store.IdempotencyKeyDao;
import io.flowd.store.IdempotencyRecord;
import io.flowd.store.PayloadDao;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point that starts a run, for every trigger: an HTTP execute or sync call, a
 * webhook, a schedule fire or backfill, a child run or iterator item, a resume or re-run, and
 * message triggers. {@link #start} takes the concurrency slot, writes the idempotency key and the
 * run in one transaction, then hands the run to Temporal; a run stored but not started (Temporal
 * down) is accepted and started by the outbox ({@link OutboxSweeper}). The Temporal id is built
 * from the run id, so a run can never fork.
 */
public final class RunEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);

  private final Database database;
  private final RunDispatcher dispatcher;
  private final GroupedRunInserts grouped;

  public RunEngine(Database database, RunDispatcher dispatcher) {
    this(database, dispatcher, RunInsertGrouping.OFF);
  }

  /**
   * @param grouping whether keyed runs of concurrent starts are written together ({@link
   *     RunInsertGrouping})
   */
  public RunEngine(Database database, RunDispatcher dispatcher, RunInsertGrouping grouping) {
    this.database = database;
    this.dispatcher = dispatcher;
    this.grouped =
        grouping.enabled()
            ? new GroupedRunInserts(database, grouping.waitMillis(), grouping.maxGroup())
            : null;
  }

  /** Writes the runs queued for a group, then stops grouping. */
  @Override
  public void close() {
    if (grouped != null) {
      grouped.close();
    }
  }

  /** Returns the dispatcher that hands stored runs to Temporal. */
  public RunDispatcher dispatcher() {
    return dispatcher;
  }

  /**
   * Records and starts the run {@code request} asks for, or answers why not. Never throws for
   * PostgreSQL being unreachable ({@link RunOutcome.Unavailable}) nor for Temporal being down (the
   * run is accepted and the outbox starts it).
   */
  public RunOutcome start(RunRequest request) {
    try {
      return startOrThrow(request);
    } catch (RuntimeException e) {
      if (DatabaseErrors.isUnavailable(e)) {
        return new RunOutcome.Unavailable("PostgreSQL is unreachable; try again shortly.");
      }
      throw e;
    }
  }

  private RunOutcome startOrThrow(RunRequest request) {
    String tenantId = request.tenantId();
    String newRunId = request.runId() == null ? Ids.next(Ids.RUN) : request.runId();
    RunToRecord toRecord = toRecord(request, newRunId);
    IdempotencyRecord claim =
        request.idempotencyKey() == null
            ? null
            : new IdempotencyRecord(
                request.idempotencyKey(),
                Fingerprints.of(request.workflow().id(), request.fingerprintBody()),
                request.workflow().id(),
                newRunId);
    if (request.guard() == null
        && request.resumeStateJson() == null
        && WebhookFileRefs.of(request.payload()).isEmpty()
        && RunRecorder.admitsWithoutLocks(toRecord)) {
      // The common case in one autocommit statement: a new key and the run, or the run alone.
      Optional<RunRecorder.Recorded> fresh =
          claim == null
              ? Optional.of(database.jdbi().withHandle(h -> RunRecorder.record(h, toRecord)))
              : grouped == null
                  ? database.withConnection(c -> RunRecorder.recordClaiming(c, toRecord, claim))
                  : grouped
                      .insert(RunRecorder.keyed(toRecord, claim))
                      .map(run -> new RunRecorder.Recorded(run, true, null));
      if (fresh.isPresent()) {
        return afterRecord(request, fresh.get());
      }
    }
    Object decided =
        database.jdbi().inTransaction((Handle h) -> recordIn(h, request, toRecord, claim));
    if (decided instanceof RunRecorder.Recorded recorded) {
      return afterRecord(request, recorded);
    }
    RunOutcome outcome = (RunOutcome) decided;
    if (outcome instanceof RunOutcome.Replayed replayed) {
      startIfPending(request, replayed.run());
    }
    return outcome;
  }

  /**
   * Records every run of {@code requests} in one transaction (all or none; requests without keys or
   * guards, such as a backfill's fire times), then hands the new ones to Temporal on {@code
   * dispatchOn}, so the caller need not wait for the starts. Returns one outcome per request: a run
   * already holding the request's fire time is {@link RunOutcome.Declined}.
   */
  public List<RunOutcome> startAll(List<RunRequest> requests, Executor dispatchOn) {
    List<RunRecorder.Recorded> recorded =
        database
            .jdbi()
            .inTransaction(
                (Handle h) -> {
                  List<RunRecorder.Recorded> all = new ArrayList<>();
                  for (RunRequest request : requests) {
                    all.add(recordInTransaction(h, request));
                  }
                  return all;
                });
    List<RunOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      RunRecorder.Recorded r = recorded.get(i);
      RunRequest request = requests.get(i);
      if (!r.inserted()) {
        outcomes.add(
            new RunOutcome.Declined("fire_time_taken", r.run() == null ? null : r.run().id()));
        continue;
      }
      outcomes.add(
          r.run().status() == RunStatus.QUEUED
              ? new RunOutcome.Queued(r.run())
              : new RunOutcome.Started(r.run()));
      dispatchOn.execute(() -> afterRecord(request, r));
    }
    return outcomes;
  }

  /** The recording transaction: the guard, the key, the run; a Recorded or an outcome. */
  private Object recordIn(
      Handle h, RunRequest request, RunToRecord toRecord, IdempotencyRecord claim) {
    String tenantId = request.tenantId();
    if (request.guard() != null) {
      Optional<RunOutcome> early = request.guard().check(h);
      if (early.isPresent()) {
        return early.get();
      }
    }
    if (claim != null) {
      IdempotencyKeyDao keys = h.attach(IdempotencyKeyDao.class);
      if (keys.insertIfAbsent(tenantId, claim) == 0
          && keys.takeOverExpired(tenantId, claim) == 0
          && keys.takeOverOrphaned(tenantId, claim) == 0) {
        IdempotencyRecord existing = keys.find(tenantId, claim.key()).orElseThrow();
        if (!existing.fingerprint().equals(claim.fingerprint())) {
          return new RunOutcome.Mismatch(
              "This Idempotency-Key was used with another workflow or body.");
        }
        return new RunOutcome.Replayed(
            h.attach(RunDao.class).find(tenantId, existing.runId()).orElseThrow());
      }
    }
    RunRecorder.Recorded recorded = RunRecorder.record(h, toRecord);
    if (recorded.inserted() && request.resumeStateJson() != null) {
      h.attach(RunControlDao.class)
          .setResumeState(tenantId, toRecord.runId(), request.resumeStateJson());
    }
    if (recorded.inserted()) {
      recordFileUses(h, tenantId, toRecord.runId(), request.payload());
    }
    return recorded;
  }

  /**
   * Records which stored webhook files the new run names, in its recording transaction: the purger
   * deletes a file once no run names it any more.
   */
  private static void recordFileUses(Handle h, String tenantId, String runId, JsonNode payload) {
    List<String> files = WebhookFileRefs.of(payload);
    if (!files.isEmpty()) {
      h.attach(PayloadDao.class).recordFileUses(tenantId, runId, files.toArray(String[]::new));
    }
  }

  /**
   * Records {@code request}'s run in the caller's transaction {@code h}, without starting it: the
   * outbox starts it once the transaction commits (the {@code on_failure} run of a failed run,
   * recorded with the failure).
   */
  static RunRecorder.Recorded recordInTransaction(Handle h, RunRequest request) {
    String runId = request.runId() == null ? Ids.next(Ids.RUN) : request.runId();
    RunRecorder.Recorded recorded = RunRecorder.record(h, toRecord(request, runId));
    if (recorded.inserted()) {
      recordFileUses(h, request.tenantId(), runId, request.payload());
    }
    return recorded;
  }

  private static RunToRecord toRecord(RunRequest request, String runId) {
    return new RunToRecord(
        request.tenantId(),
        runId,
        request.workflow(),
        request.trigger().json(),
        request.payload(),
        request.resumedFromRunId(),
        request.startedByCaller(),
        request.parentRunId(),
        request.scheduledAt());
  }

  private RunOutcome afterRecord(RunRequest request, RunRecorder.Recorded recorded) {
    if (recorded.run() == null) {
      // One run per fire time, and another request holds it under another id.
      return new RunOutcome.Declined("fire_time_taken", null);
    }
    if (!recorded.inserted()) {
      startIfPending(request, recorded.run());
      return new RunOutcome.Replayed(recorded.run());
    }
    try {
      if (request.startedByCaller()) {
        dispatcher.countAndCancelPushedOut(request.tenantId(), recorded, request.workflow());
      } else {
        dispatcher.afterRecord(request.tenantId(), recorded, request.workflow());
      }
    } catch (RuntimeException e) {
      // The run is stored, so it is accepted: the outbox starts it once Temporal and PostgreSQL
      // answer again. An accepted run is never answered as an error.
      LOG.warn(
          "run {} accepted; its start is left to the outbox: {}",
          recorded.run().id(),
          e.toString());
    }
    return recorded.run().status() == RunStatus.QUEUED
        ? new RunOutcome.Queued(recorded.run())
        : new RunOutcome.Started(recorded.run());
  }

  private void startIfPending(RunRequest request, Run run) {
    if (run.status() != RunStatus.PENDING || request.startedByCaller()) {
      return;
    }
    try {
      dispatcher.dispatch(request.tenantId(), run.id(), request.workflow().id());
    } catch (RuntimeException e) {
      LOG.warn("run {} accepted; its start is left to the outbox: {}", run.id(), e.toString());
    }
  }
}

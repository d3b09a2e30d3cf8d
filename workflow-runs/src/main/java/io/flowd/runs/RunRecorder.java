package io.flowd.runs;

import io.flowd.engine.TemporalIds;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.runs.RunAdmission.Decision;
import io.flowd.store.IdempotencyRecord;
import io.flowd.store.NewRun;
import io.flowd.store.RunDao;
import io.flowd.store.RunStatements;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Records new runs of every kind, in the caller's transaction: admits the run against its
 * workflow's concurrency limit ({@link RunAdmission}) and inserts its row. The caller starts the
 * Temporal execution after the commit when {@link Recorded#startNow()} says so, and cancels the run
 * a {@code cancel_oldest} admission pushed out ({@link Recorded#pushedOutTemporalId()}).
 */
public final class RunRecorder {
  /** The error message of a run pushed out by a newer one ({@code cancel_oldest}). */
  static final String PUSHED_OUT =
      "Run was cancelled: newer run %s took its concurrency slot" + " (on_limit: cancel_oldest).";

  /**
   * A recorded run.
   *
   * @param run the row as stored, or as found when the insert was a retry; {@code null} when
   *     another run of the same fire time was recorded before (nothing was recorded)
   * @param inserted whether this call inserted it
   * @param pushedOutTemporalId the Temporal id of the run {@code cancel_oldest} cancelled, or
   *     {@code null}
   */
  public record Recorded(Run run, boolean inserted, String pushedOutTemporalId) {
    /** Returns whether the run may start now (it is {@code pending}). */
    public boolean startNow() {
      return run != null && run.status() == RunStatus.PENDING;
    }
  }

  private RunRecorder() {}

  /** Records {@code run} in the transaction of {@code h}. */
  public static Recorded record(Handle h, RunToRecord run) {
    RunDao runs = h.attach(RunDao.class);
    if (run.scheduledAt() != null
        && runs.hasFireTime(run.tenantId(), run.workflow().id(), run.scheduledAt())) {
      // One run per fire time: a second one is neither admitted nor recorded.
      return new Recorded(runs.find(run.tenantId(), run.runId()).orElse(null), false, null);
    }
    if (run.workflow().concurrency() != null) {
      // A retried record must not be admitted twice (cancel_oldest would push out another run).
      Optional<Run> existing = runs.find(run.tenantId(), run.runId());
      if (existing.isPresent()) {
        return new Recorded(existing.get(), false, null);
      }
    }
    Decision decision = RunAdmission.admit(h, run);
    String pushedOut = null;
    if (decision.pushedOut() != null) {
      RunClosing.close(
          h,
          run.tenantId(),
          decision.pushedOut().id(),
          RunStatus.CANCELLED,
          String.format(PUSHED_OUT, run.runId()));
      pushedOut =
          decision.pushedOut().dispatched() ? decision.pushedOut().temporalWorkflowId() : null;
    }
    Optional<Run> inserted = runs.insert(run.tenantId(), row(run, decision));
    if (inserted.isEmpty()) {
      return new Recorded(runs.find(run.tenantId(), run.runId()).orElse(null), false, null);
    }
    return new Recorded(inserted.get(), true, pushedOut);
  }

  /**
   * Returns whether {@link #recordClaiming} can record {@code run}: it has no fire time and its
   * workflow no concurrency limit, so admission has nothing to decide or lock.
   */
  public static boolean admitsWithoutLocks(RunToRecord run) {
    return run.scheduledAt() == null && run.workflow().concurrency() == null;
  }

  /**
   * Records a run {@link #admitsWithoutLocks admitted without locks} and claims its idempotency key
   * in one statement, in autocommit: returns the recorded run, or empty when the key was already
   * held, and then nothing was written (the caller takes the transactional path of {@link #record},
   * which replays, refuses or takes over the key).
   */
  public static Optional<Recorded> recordClaiming(
      Connection c, RunToRecord run, IdempotencyRecord claim) throws SQLException {
    if (!admitsWithoutLocks(run)) {
      throw new IllegalArgumentException("run " + run.runId() + " needs an admission");
    }
    Decision decision = new Decision(RunStatus.PENDING, null, null, null);
    return RunStatements.insertClaimingKey(c, run.tenantId(), row(run, decision), claim)
        .map(inserted -> new Recorded(inserted, true, null));
  }

  /** Returns {@code run} with the key it claims, for a {@link GroupedRunInserts group}. */
  static RunStatements.KeyedRun keyed(RunToRecord run, IdempotencyRecord claim) {
    if (!admitsWithoutLocks(run)) {
      throw new IllegalArgumentException("run " + run.runId() + " needs an admission");
    }
    return new RunStatements.KeyedRun(
        run.tenantId(), row(run, new Decision(RunStatus.PENDING, null, null, null)), claim);
  }

  private static NewRun row(RunToRecord run, Decision decision) {
    return new NewRun(
        run.runId(),
        run.workflow().id(),
        run.workflow().version(),
        run.triggerType(),
        Json.write(run.triggerPayload()),
        run.resumedFromRunId(),
        TemporalIds.forRun(run.tenantId(), run.workflow().id(), run.runId()),
        run.startedByCaller(),
        run.parentRunId(),
        run.scheduledAt(),
        decision.status().json(),
        decision.key(),
        decision.errorMessage());
  }
}

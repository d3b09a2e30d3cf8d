package io.flowd.api.run;

import io.flowd.api.http.ApiException;
import io.flowd.model.Run;
import io.flowd.runs.RunOutcome;
import java.util.List;

/** Maps the run engine's outcomes to HTTP, the same for every route that starts a run. */
public final class RunOutcomes {
  /**
   * A run the request maps to.
   *
   * @param run the run as recorded
   * @param replayed whether an earlier request with the same key created it
   */
  public record Accepted(Run run, boolean replayed) {}

  private RunOutcomes() {}

  /**
   * Returns the accepted run, or throws the HTTP error of the outcome: 422 {@code
   * idempotency_key_mismatch}, 404, or 503.
   */
  public static Accepted accepted(RunOutcome outcome) {
    if (outcome instanceof RunOutcome.Started started) {
      return new Accepted(started.run(), false);
    }
    if (outcome instanceof RunOutcome.Queued queued) {
      return new Accepted(queued.run(), false);
    }
    if (outcome instanceof RunOutcome.Replayed replayed) {
      return new Accepted(replayed.run(), true);
    }
    if (outcome instanceof RunOutcome.Mismatch mismatch) {
      throw ApiException.unprocessable("idempotency_key_mismatch", mismatch.message(), List.of());
    }
    if (outcome instanceof RunOutcome.NotFound notFound) {
      throw ApiException.notFound(notFound.message());
    }
    if (outcome instanceof RunOutcome.Unavailable unavailable) {
      throw ApiException.unavailable(unavailable.message(), 5);
    }
    throw new IllegalStateException("no HTTP route declines a run: " + outcome);
  }
}

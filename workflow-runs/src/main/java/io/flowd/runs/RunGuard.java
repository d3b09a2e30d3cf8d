package io.flowd.runs;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A caller's check inside the transaction that records a run, before the run is inserted (a
 * schedule's overlap policy, a fire time already taken). Returning an outcome ends the start with
 * it; returning empty lets the run be recorded.
 */
@FunctionalInterface
public interface RunGuard {
  /** Checks on {@code h}, the recording transaction's handle. */
  Optional<RunOutcome> check(Handle h);
}

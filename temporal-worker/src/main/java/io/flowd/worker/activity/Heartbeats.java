package io.flowd.worker.activity;

import io.opentelemetry.context.Context;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.ActivityWorkerShutdownException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a node's work on its own thread while the activity thread heartbeats, so a cancellation of
 * the run reaches a node in flight: the work is interrupted and the activity ends cancelled.
 */
final class Heartbeats {
  private static final long BEAT_MILLIS = 1_000;
  // Context.taskWrapping: the work runs in the activity thread's trace context (the node's span).
  private static final ExecutorService WORK =
      Context.taskWrapping(
          Executors.newCachedThreadPool(
              r -> {
                Thread thread = new Thread(r, "flowd-node-work");
                thread.setDaemon(true);
                return thread;
              }));

  private Heartbeats() {}

  /** The work was still running at its deadline; it was interrupted. */
  static final class Overdue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Overdue() {
      super("the node's work ran past its deadline");
    }
  }

  /** Returns {@code work}'s result, heartbeating on {@code context} until it is done. */
  static <T> T call(ActivityExecutionContext context, Supplier<T> work) {
    return call(context, work, Long.MAX_VALUE);
  }

  /**
   * Like {@link #call(ActivityExecutionContext, Supplier)}, and interrupts the work at {@code
   * deadlineNanos} ({@link System#nanoTime}), throwing {@link Overdue}.
   */
  static <T> T call(ActivityExecutionContext context, Supplier<T> work, long deadlineNanos) {
    Future<T> future = WORK.submit(work::get);
    try {
      while (true) {
        try {
          return future.get(BEAT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
          if (System.nanoTime() - deadlineNanos > 0) {
            future.cancel(true);
            throw new Overdue();
          }
          context.heartbeat(null);
        }
      }
    } catch (ActivityWorkerShutdownException | RejectedExecutionException draining) {
      // A graceful shutdown lets the node finish; shutdownNow interrupts this wait. The SDK's
      // heartbeat executor refuses beats once the worker is stopping: that is a drain too.
      return drain(future);
    } catch (ActivityCompletionException cancelled) {
      future.cancel(true);
      throw cancelled;
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the node", e);
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  /**
   * Runs {@code work} to its end while heartbeating on {@code context}, and never cancels it: what
   * records an outcome that already happened (the success log of a call the peer answered). The
   * beats keep Temporal from timing the attempt out and starting another that would call again;
   * once a beat is refused (the run was cancelled or the worker is stopping), the work still
   * finishes.
   */
  static void keepAlive(ActivityExecutionContext context, Runnable work) {
    Future<?> future = WORK.submit(work);
    boolean beating = true;
    while (true) {
      try {
        future.get(BEAT_MILLIS, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException stillRunning) {
        if (beating) {
          try {
            context.heartbeat(null);
          } catch (RuntimeException refused) {
            beating = false;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        drain(future);
        return;
      } catch (ExecutionException e) {
        throw unwrap(e);
      }
    }
  }

  private static <T> T drain(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while draining the node", e);
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  private static RuntimeException unwrap(ExecutionException e) {
    if (e.getCause() instanceof RuntimeException runtime) {
      return runtime;
    }
    if (e.getCause() instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(e.getCause());
  }
}

package io.flowd.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Drives an operation closed-loop from N clients, or open-loop at a fixed rate. */
final class Load {
  /** One operation; throws when it did not succeed. */
  interface Operation {
    void run() throws Exception;
  }

  /**
   * What a load produced.
   *
   * @param latenciesMs latency of every successful operation
   * @param errors failed operations
   * @param seconds wall time from the first start to the last end
   * @param firstError the first failure, for the report
   */
  record Result(List<Double> latenciesMs, int errors, double seconds, String firstError) {
    double perSecond() {
      return latenciesMs.size() / seconds;
    }

    double p(double percentile) {
      return Stats.percentile(latenciesMs, percentile);
    }
  }

  private Load() {}

  /** Runs {@code total} operations from {@code clients} threads, each starting when it is free. */
  static Result closed(int clients, int total, Operation operation) throws InterruptedException {
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger remaining = new AtomicInteger(total);
    AtomicInteger errors = new AtomicInteger();
    String[] firstError = new String[1];
    ExecutorService pool = Executors.newFixedThreadPool(clients, daemon("bench-client"));
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      pool.execute(
          () -> {
            while (remaining.getAndDecrement() > 0) {
              long t0 = System.nanoTime();
              try {
                operation.run();
                latencies.add((System.nanoTime() - t0) / 1e6);
              } catch (Exception e) {
                if (errors.getAndIncrement() == 0) {
                  firstError[0] = e.toString();
                }
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(new ArrayList<>(latencies), errors.get(), seconds, firstError[0]);
  }

  /**
   * Issues operations at {@code perSecond} for {@code seconds}, each on its own thread of a large
   * pool; latency counts from the moment the operation was due, so a stalled client cannot hide
   * queueing (no coordinated omission).
   */
  static Result open(double perSecond, int seconds, Operation operation)
      throws InterruptedException {
    return open(perSecond, seconds, 3600, operation);
  }

  /**
   * Like {@link #open(double, int, Operation)}, but waits at most {@code graceSeconds} after the
   * last start for the operations still running; those count as errors.
   */
  static Result open(double perSecond, int seconds, int graceSeconds, Operation operation)
      throws InterruptedException {
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    String[] firstError = new String[1];
    ExecutorService pool = Executors.newCachedThreadPool(daemon("bench-open"));
    long intervalNanos = (long) (1e9 / perSecond);
    int total = (int) Math.max(1, Math.round(perSecond * seconds));
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      pool.execute(
          () -> {
            try {
              operation.run();
              latencies.add((System.nanoTime() - due) / 1e6);
            } catch (Exception e) {
              if (errors.getAndIncrement() == 0) {
                firstError[0] = e.toString();
              }
            }
          });
    }
    pool.shutdown();
    boolean done = pool.awaitTermination(graceSeconds, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<Double> finished = new ArrayList<>(latencies);
    int failed = errors.get();
    if (!done) {
      failed = total - finished.size();
      firstError[0] = firstError[0] == null ? "not finished within the grace time" : firstError[0];
    }
    return new Result(finished, failed, elapsed, firstError[0]);
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}

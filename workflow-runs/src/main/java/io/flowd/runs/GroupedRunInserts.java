package io.flowd.runs;

import io.flowd.model.Run;
import io.flowd.store.Database;
import io.flowd.store.RunStatements;
import io.flowd.store.RunStatements.KeyedRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the keyed runs of concurrent starts together: a writer thread takes every run queued
 * meanwhile (waiting up to {@code waitMillis} for more) and claims their keys and inserts them in
 * one statement and one commit; each caller is answered after that commit, as with its own
 * statement. A run whose key was held already comes back empty (the caller takes the transactional
 * path, which replays or refuses it); when the group's statement fails, nothing of it was written
 * and every caller writes its run alone, as before.
 */
final class GroupedRunInserts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupedRunInserts.class);

  private record Queued(KeyedRun run, CompletableFuture<Optional<Run>> answer) {}

  /** Answered to the callers of a group whose statement failed: each writes its run alone. */
  private static final class WriteAlone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WriteAlone(Throwable cause) {
      super(cause.toString(), null, false, false);
    }
  }

  private final Database database;
  private final long waitNanos;
  private final int maxGroup;
  private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;

  /**
   * @param waitMillis how long the writer waits for more runs after the first of a group (0: groups
   *     only what queued while the previous group was written)
   * @param maxGroup most runs in one statement
   */
  GroupedRunInserts(Database database, long waitMillis, int maxGroup) {
    this.database = database;
    this.waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
    this.maxGroup = maxGroup;
    this.thread = new Thread(this::loop, "flowd-run-inserts");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Claims the key and inserts the run in the next group; returns the run as stored once its group
   * has committed, or empty when the key was held already (nothing was written for it). Throws when
   * PostgreSQL refused even the run alone.
   */
  Optional<Run> insert(KeyedRun run) {
    if (closing) {
      return insertAlone(run);
    }
    Queued queued = new Queued(run, new CompletableFuture<>());
    queue.add(queued);
    try {
      while (true) {
        try {
          return queued.answer().get(1, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          if (!thread.isAlive() && queue.remove(queued)) {
            // Queued after the writer stopped.
            return insertAlone(run);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording run " + run.run().id(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WriteAlone) {
        return insertAlone(run);
      }
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    }
  }

  private Optional<Run> insertAlone(KeyedRun run) {
    return database.withConnection(
        c -> RunStatements.insertClaimingKey(c, run.tenantId(), run.run(), run.claim()));
  }

  private void loop() {
    while (!closing || !queue.isEmpty()) {
      List<Queued> group = new ArrayList<>();
      try {
        Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        collect(group);
        write(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answerAlone(group, e);
        return;
      } catch (RuntimeException | Error e) {
        answerAlone(group, e);
      }
    }
  }

  private void collect(List<Queued> group) throws InterruptedException {
    queue.drainTo(group, maxGroup - group.size());
    long deadline = System.nanoTime() + waitNanos;
    while (group.size() < maxGroup) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Queued next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      group.add(next);
      queue.drainTo(group, maxGroup - group.size());
    }
  }

  private void write(List<Queued> group) {
    List<KeyedRun> runs = new ArrayList<>(group.size());
    for (Queued queued : group) {
      runs.add(queued.run());
    }
    Map<String, Run> inserted;
    try {
      inserted = database.withConnection(c -> RunStatements.insertAllClaimingKeys(c, runs));
    } catch (RuntimeException e) {
      LOG.debug("a group of {} runs failed; each is written alone: {}", group.size(), e.toString());
      answerAlone(group, e);
      return;
    }
    for (Queued queued : group) {
      queued.answer().complete(Optional.ofNullable(inserted.get(queued.run().run().id())));
    }
  }

  private static void answerAlone(List<Queued> group, Throwable cause) {
    for (Queued queued : group) {
      queued.answer().completeExceptionally(new WriteAlone(cause));
    }
  }

  /** Writes what is queued, then lets callers write alone. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

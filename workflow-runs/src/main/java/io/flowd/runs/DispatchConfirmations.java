package io.flowd.runs;

import io.flowd.model.RunStatus;
import io.flowd.store.Database;
import io.flowd.store.RunStatements;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks runs dispatched once Temporal has taken them, off the request path: a background thread
 * writes every start confirmed meanwhile in one {@code UPDATE} per tenant, instead of one statement
 * per start while the caller waits. A run that was cancelled, or deleted with its workflow, while
 * it was being started is cancelled on Temporal, as before. A start not marked yet (this process
 * died, PostgreSQL did not answer) stays in the outbox, whose next start attaches to the running
 * execution, and the worker's first write marks it too.
 */
final class DispatchConfirmations implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DispatchConfirmations.class);

  /** Most starts marked in one statement. */
  private static final int BATCH = 500;

  private record Started(String tenantId, String runId, String temporalWorkflowId) {}

  private final WorkflowClient client;
  private final Database database;
  private final LinkedBlockingQueue<Started> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;

  DispatchConfirmations(WorkflowClient client, Database database) {
    this.client = client;
    this.database = database;
    this.thread = new Thread(this::loop, "flowd-dispatch-marks");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues the mark of a run Temporal has just taken. */
  void confirm(String tenantId, String runId, String temporalWorkflowId) {
    queue.add(new Started(tenantId, runId, temporalWorkflowId));
  }

  private void loop() {
    while (!closing || !queue.isEmpty()) {
      try {
        Started first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          List<Started> batch = new ArrayList<>();
          batch.add(first);
          queue.drainTo(batch, BATCH - 1);
          mark(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The outbox confirms these starts later (its start attaches to the execution).
        LOG.warn("could not mark started runs dispatched yet: {}", e.toString());
      }
    }
  }

  private void mark(List<Started> batch) {
    Map<String, List<Started>> byTenant = new LinkedHashMap<>();
    for (Started started : batch) {
      byTenant.computeIfAbsent(started.tenantId(), t -> new ArrayList<>()).add(started);
    }
    for (Map.Entry<String, List<Started>> tenant : byTenant.entrySet()) {
      List<String> ids = tenant.getValue().stream().map(Started::runId).toList();
      Map<String, String> statuses =
          database.withConnection(c -> RunStatements.markAllDispatched(c, tenant.getKey(), ids));
      for (Started started : tenant.getValue()) {
        String status = statuses.get(started.runId());
        if (status == null) {
          LOG.info(
              "run {} was deleted with its workflow while starting; cancelling it",
              started.runId());
          TemporalCancels.cancelQuietly(client, started.temporalWorkflowId());
        } else if (RunStatus.CANCELLED.json().equals(status)) {
          TemporalCancels.cancelQuietly(client, started.temporalWorkflowId());
        }
      }
    }
  }

  /** Marks what is queued, then stops. */
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

package io.flowd.worker;

import io.flowd.engine.RunLaunch;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.RunSearchAttributes;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.vault.VaultResolver;
import io.flowd.store.Database;
import io.flowd.store.VaultCipher;
import io.flowd.worker.activity.LogWriter;
import io.flowd.worker.activity.NodeActivitiesImpl;
import io.flowd.worker.activity.RunBookkeepingImpl;
import io.flowd.worker.child.ChildRunActivitiesImpl;
import io.flowd.worker.schedule.ScheduleActivitiesImpl;
import io.flowd.worker.schedule.ScheduleWorkflowImpl;
import io.flowd.worker.workflow.ActivityIds;
import io.flowd.worker.workflow.GraphWorkflowImpl;
import io.flowd.worker.workflow.IteratorWorkflowImpl;
import io.temporal.activity.Activity;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;

/** Registers flowd's workflows and activities on a Temporal worker. */
public final class FlowdWorker {
  private FlowdWorker() {}

  /** Creates the worker for {@code taskQueue} on {@code factory}, not yet started. */
  public static Worker register(
      WorkerFactory factory, String taskQueue, Database database, NodeHandlerRegistry registry) {
    return register(factory, taskQueue, database, registry, null);
  }

  /**
   * Creates the worker for {@code taskQueue} on {@code factory}, not yet started, with the vault
   * decrypted by {@code vault}.
   */
  public static Worker register(
      WorkerFactory factory,
      String taskQueue,
      Database database,
      NodeHandlerRegistry registry,
      VaultCipher vault) {
    return register(factory, taskQueue, database, registry, vault, FlowdMetrics.create());
  }

  /**
   * Creates the worker for {@code taskQueue} on {@code factory}, not yet started, with the vault
   * decrypted by {@code vault} and new runs counted in {@code metrics}.
   */
  public static Worker register(
      WorkerFactory factory,
      String taskQueue,
      Database database,
      NodeHandlerRegistry registry,
      VaultCipher vault,
      FlowdMetrics metrics) {
    return register(factory, taskQueue, database, registry, vault, metrics, null);
  }

  /**
   * Like {@link #register(WorkerFactory, String, Database, NodeHandlerRegistry, VaultCipher,
   * FlowdMetrics)}, with the sticky schedule-to-start timeout {@code stickyTimeout} ({@code null}:
   * chosen by {@link StickyRouting}).
   */
  public static Worker register(
      WorkerFactory factory,
      String taskQueue,
      Database database,
      NodeHandlerRegistry registry,
      VaultCipher vault,
      FlowdMetrics metrics,
      Duration stickyTimeout) {
    Worker worker =
        factory.newWorker(
            taskQueue,
            StickyRouting.options(
                factory.getWorkflowClient().getWorkflowServiceStubs(), stickyTimeout));
    return register(worker, database, registry, vault, metrics);
  }

  /**
   * Registers flowd's workflow and activity implementations on {@code worker} without a vault key:
   * nodes that refer to the vault fail.
   */
  public static Worker register(Worker worker, Database database, NodeHandlerRegistry registry) {
    return register(worker, database, registry, null);
  }

  /** Registers flowd's workflow and activity implementations on {@code worker}. */
  public static Worker register(
      Worker worker, Database database, NodeHandlerRegistry registry, VaultCipher vault) {
    return register(worker, database, registry, vault, FlowdMetrics.create());
  }

  /**
   * Registers flowd's workflow and activity implementations on {@code worker}; the runs its
   * activities start (schedule fires, child runs) are counted in {@code metrics}.
   */
  public static Worker register(
      Worker worker,
      Database database,
      NodeHandlerRegistry registry,
      VaultCipher vault,
      FlowdMetrics metrics) {
    RunLaunch launch =
        new RunLaunch(
            metrics,
            RunSearchAttributes.lazyRegistration(
                () -> Activity.getExecutionContext().getWorkflowClient(), Duration.ofSeconds(5)));
    ActivityIds.check();
    worker.registerWorkflowImplementationFactory(
        GraphWorkflow.class, () -> new GraphWorkflowImpl(registry));
    worker.registerWorkflowImplementationTypes(
        IteratorWorkflowImpl.class, ScheduleWorkflowImpl.class);
    VaultResolver resolver =
        vault == null ? VaultResolver.unconfigured() : new VaultResolver(database, vault);
    worker.registerActivitiesImplementations(
        new NodeActivitiesImpl(
            new NodeExecution(registry, resolver),
            new LogWriter(database),
            new PayloadStore(database)),
        new RunBookkeepingImpl(database),
        new ChildRunActivitiesImpl(database, launch),
        new ScheduleActivitiesImpl(database, launch));
    return worker;
  }
}

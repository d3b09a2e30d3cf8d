package io.flowd.worker;

import io.flowd.store.Database;
import io.flowd.store.RunLogDao;
import io.flowd.worker.activity.LogWriter;
import io.flowd.worker.activity.NodeActivitiesImpl;
import io.flowd.worker.activity.RunBookkeepingImpl;
import io.flowd.worker.node.NodeHandlerRegistry;
import io.flowd.worker.schedule.ScheduleActivitiesImpl;
import io.flowd.worker.schedule.ScheduleWorkflowImpl;
import io.flowd.worker.workflow.GraphWorkflow;
import io.flowd.worker.workflow.GraphWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

/** Registers flowd's workflows and activities on a Temporal worker. */
public final class FlowdWorker {
  private FlowdWorker() {}

  /** Creates the worker for {@code taskQueue} on {@code factory}, not yet started. */
  public static Worker register(
      WorkerFactory factory, String taskQueue, Database database, NodeHandlerRegistry registry) {
    return register(factory.newWorker(taskQueue), database, registry);
  }

  /** Registers flowd's workflow and activity implementations on {@code worker}. */
  public static Worker register(Worker worker, Database database, NodeHandlerRegistry registry) {
    worker.registerWorkflowImplementationFactory(
        GraphWorkflow.class, () -> new GraphWorkflowImpl(registry));
    worker.registerWorkflowImplementationTypes(ScheduleWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new NodeActivitiesImpl(registry, new LogWriter(database.dao(RunLogDao.class))),
        new RunBookkeepingImpl(database),
        new ScheduleActivitiesImpl(database));
    return worker;
  }
}

package io.flowd.engine.schedule;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The schedule of one flowd workflow (Temporal's Schedules API is not available on the test
 * server): it sleeps until the next fire time, starts a run, and repeats. Its id is {@link
 * io.flowd.engine.TemporalIds#forSchedule}.
 */
@WorkflowInterface
public interface ScheduleWorkflow {

  /** Fires until the flowd workflow is deleted or no longer has a cron or interval schedule. */
  @WorkflowMethod(name = "FlowdSchedule")
  void run(ScheduleInput input);

  /** Applies a new schedule, a pause or a resume at once. */
  @SignalMethod(name = "configure")
  void configure(ScheduleConfig config);

  /** Ends the schedule. */
  @SignalMethod(name = "stop")
  void stop();
}

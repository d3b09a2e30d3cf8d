package io.flowd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.RunSearchAttributes;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.ChildWorkflowOptions;
import org.junit.jupiter.api.Test;

class RunLaunchTest {
  private static final RunSpec RUN =
      RunSpec.of("acme", "fl_wf_1", 3, "Invoices", "fl_run_9", "schedule");

  @Test
  void client_and_child_options_carry_the_same_id_memo_summary_and_search_attributes() {
    try (FlowdMetrics metrics = FlowdMetrics.create()) {
      WorkflowOptions client = new RunLaunch(metrics, () -> true).workflowOptions(RUN, "flowd");
      ChildWorkflowOptions child = RunLaunch.childOptions(RUN, true).build();

      assertThat(client.getWorkflowId()).isEqualTo("flowd:acme:fl_wf_1:fl_run_9");
      assertThat(child.getWorkflowId()).isEqualTo(client.getWorkflowId());
      assertThat(client.getMemo()).isEqualTo(child.getMemo());
      assertThat(client.getMemo().keySet()).containsExactlyElementsOf(RunLaunch.MEMO_KEYS);
      assertThat(client.getMemo())
          .containsEntry("workflow_name", "Invoices")
          .containsEntry("workflow_version", 3);
      assertThat(client.getStaticSummary()).isEqualTo("Invoices v3 · schedule");
      assertThat(child.getStaticSummary()).isEqualTo(client.getStaticSummary());
      assertThat(client.getTypedSearchAttributes().get(RunSearchAttributes.WORKFLOW_NAME))
          .isEqualTo("Invoices");
      assertThat(child.getTypedSearchAttributes()).isEqualTo(client.getTypedSearchAttributes());
      assertThat(client.getWorkflowIdConflictPolicy())
          .isEqualTo(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
      assertThat(child.getWorkflowIdReusePolicy())
          .isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
    }
  }

  @Test
  void runs_start_without_search_attributes_until_they_are_registered() {
    try (FlowdMetrics metrics = FlowdMetrics.create()) {
      WorkflowOptions options = new RunLaunch(metrics, () -> false).workflowOptions(RUN, "flowd");

      assertThat(options.getTypedSearchAttributes()).isNull();
      assertThat(RunLaunch.childOptions(RUN, false).build().getTypedSearchAttributes()).isNull();
    }
  }

  @Test
  void each_counted_run_is_one_start_of_its_trigger_type() {
    try (FlowdMetrics metrics = FlowdMetrics.create()) {
      RunLaunch launch = new RunLaunch(metrics, () -> false);
      launch.counted(RUN);
      launch.counted(RunSpec.of("acme", "fl_wf_1", 3, "Invoices", "fl_run_10", "workflow"));

      assertThat(metrics.scrape())
          .containsPattern("flowd_runs_started_total\\{trigger_type=\"schedule\"} 1(\\.0)?\n")
          .containsPattern("flowd_runs_started_total\\{trigger_type=\"workflow\"} 1(\\.0)?\n");
    }
  }
}

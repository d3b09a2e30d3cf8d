package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.worker.TestHandlers;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays committed histories, so a change to the interpreter that breaks running workflows fails
 * here. {@code graph-v1.json} (recorded before {@code Workflow.getVersion} guards existed) has a
 * condition, an activity and a timer; regenerate it with {@code mvn -pl temporal-worker test
 * -Dtest=GraphWorkflowTest#condition_activity_and_timer_graph_completes
 * -Dflowd.recordHistory=$PWD/temporal-worker/src/test/resources/histories/graph-v1.json}. {@code
 * graph-v2.json} has a condition, a child run, a wait for input answered by an update and a
 * terminate; regenerate it with {@code
 * -Dtest=ControlNodesTest#condition_child_run_wait_and_terminate_graph_completes
 * -Dflowd.recordHistoryV2=$PWD/temporal-worker/src/test/resources/histories/graph-v2.json}. {@code
 * graph-v3.json} (change ids {@code flowd-run-view} and {@code child-run-launch}) has a webhook
 * named by its activity id, a delay, a child run started with RunLaunch's options, a wait with a
 * prompt and a mapper, all with summaries; regenerate it with {@code
 * -Dtest=RunViewTest#history_names_the_webhook_activity_the_delay_timer_the_wait_and_the_child_run
 * -Dflowd.recordHistoryV3=$PWD/temporal-worker/src/test/resources/histories/graph-v3.json}. {@code
 * graph-timeout.json} is a run that timed out in a long delay; regenerate it with {@code
 * -Dtest=RunTimeoutWorkflowTest
 * -Dflowd.recordHistoryTimeout=$PWD/temporal-worker/src/test/resources/histories/graph-timeout.json}.
 *
 * <p>{@code histories/corpus/} holds histories of the workflow tests' graphs (joins after skipped
 * branches, switch and condition handles, error edges, parallel branches, failures, a resumed run,
 * nodes declared out of running order), recorded before the graph rules moved into {@code
 * RunState}: they pin the order in which the interpreter issues its commands. To check a change to
 * the interpreter against every workflow test, record with the old code ({@code
 * -Dflowd.recordHistories=DIR} on the workflow tests) and replay with the new ({@code
 * -Dflowd.replayHistories=DIR -Dtest=GraphWorkflowReplayTest}). {@code histories/folded/} holds the
 * same tests' histories recorded with {@code flowd-run-view} version 2 (the run's first write marks
 * it running, its last one ends it); regenerate them with {@code
 * -Dtest='GraphWorkflowTest,ConditionRoutingWorkflowTest,ResumeWorkflowTest'
 * -Dflowd.recordHistories=$PWD/temporal-worker/src/test/resources/histories/folded}. {@code
 * histories/lean/} holds them recorded with {@code flowd-run} version 1 (one version marker, the
 * first write carried by the first node activity); regenerate them the same way into {@code
 * histories/lean}.
 */
class GraphWorkflowReplayTest {

  @Test
  void committed_history_replays_without_nondeterminism() throws Exception {
    replay("/histories/graph-v1.json");
  }

  @Test
  void committed_history_with_control_nodes_replays_without_nondeterminism() throws Exception {
    replay("/histories/graph-v2.json");
  }

  @Test
  void committed_history_of_a_run_timeout_replays_without_nondeterminism() throws Exception {
    replay("/histories/graph-timeout.json");
  }

  @Test
  void committed_history_with_named_nodes_replays_without_nondeterminism() throws Exception {
    replay("/histories/graph-v3.json");
  }

  /**
   * {@code graph-expressions.json} (change id {@code flowd-expressions}) has a {@code transform}
   * reading {@code $millis()}, an {@code expression_condition} and {@code {{= }}} templates;
   * regenerate it with {@code -Dtest=ExpressionWorkflowTest
   * -Dflowd.recordHistoryExpressions=$PWD/temporal-worker/src/test/resources/histories/graph-expressions.json}.
   */
  @Test
  void committed_history_with_expressions_replays_without_nondeterminism() throws Exception {
    replay("/histories/graph-expressions.json");
  }

  /**
   * {@code graph-iterator.json} has an iterator over three items, recorded before its log became a
   * summary (change id {@code flowd-iterator-log}); record a new history with {@code
   * -Dtest=IteratorLogTest
   * -Dflowd.recordHistoryIterator=$PWD/temporal-worker/src/test/resources/histories/graph-iterator.json}.
   */
  @Test
  void committed_history_with_an_iterator_replays_without_nondeterminism() throws Exception {
    replay("/histories/graph-iterator.json");
  }

  /** {@code graph-iterator-summary.json}: the same run, recorded with the summary log. */
  @Test
  void committed_history_with_an_iterator_summary_replays_without_nondeterminism()
      throws Exception {
    replay("/histories/graph-iterator-summary.json");
  }

  static List<String> corpus() {
    return List.of(
        "continue_on_error_takes_the_error_edge",
        "diamond_join_after_condition_runs_and_untaken_branch_is_skipped",
        "gold_tier_failing_the_group_goes_to_review",
        "mixed_graph_declared_out_of_order_runs_every_branch_once",
        "node_exhausting_retries_fails_the_run_naming_the_node",
        "parallel_branches_overlap_in_time",
        "pure_handler_throwing_unexpectedly_fails_the_run_instead_of_retrying_the_task",
        "the_resumed_run_runs_only_the_start_node_and_what_follows_it",
        "three_day_delay_finishes_under_time_skipping",
        "unmatched_tier_takes_the_default_handle");
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void committed_history_of_a_workflow_test_replays_without_nondeterminism(String name)
      throws Exception {
    replay("/histories/corpus/" + name + ".json");
  }

  /** Histories of the workflow tests with the bookkeeping folded into two writes. */
  static List<String> folded() throws Exception {
    Path dir =
        Path.of(Objects.requireNonNull(GraphWorkflowReplayTest.class.getResource(FOLDED)).toURI());
    try (Stream<Path> listed = Files.list(dir)) {
      return listed.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static final String FOLDED = "/histories/folded";

  @ParameterizedTest
  @MethodSource("folded")
  void committed_history_with_folded_bookkeeping_replays_without_nondeterminism(String file)
      throws Exception {
    replay(FOLDED + "/" + file);
  }

  private static final String LEAN = "/histories/lean";

  /** Histories of the workflow tests recorded with {@code flowd-run} version 1 (one marker). */
  static List<String> lean() throws Exception {
    Path dir =
        Path.of(Objects.requireNonNull(GraphWorkflowReplayTest.class.getResource(LEAN)).toURI());
    try (Stream<Path> listed = Files.list(dir)) {
      return listed.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("lean")
  void committed_history_of_a_lean_run_replays_without_nondeterminism(String file)
      throws Exception {
    replay(LEAN + "/" + file);
  }

  @Test
  void histories_recorded_in_a_directory_replay_without_nondeterminism() throws Exception {
    String dir = System.getProperty("flowd.replayHistories");
    Assumptions.assumeTrue(dir != null, "set -Dflowd.replayHistories=DIR to replay a directory");
    List<Path> files;
    try (Stream<Path> listed = Files.list(Path.of(dir))) {
      files = listed.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      replayHistory(Files.readString(file));
    }
  }

  private void replay(String resource) throws Exception {
    replayHistory(
        new String(
            Objects.requireNonNull(getClass().getResourceAsStream(resource)).readAllBytes(),
            StandardCharsets.UTF_8));
  }

  private void replayHistory(String history) throws Exception {
    NodeHandlerRegistry registry =
        StandardComponents.registry(
            true, new TestHandlers.Flaky(), new TestHandlers.Sleepy(), new TestHandlers.Buggy());
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      // A cold JVM on a busy machine may load classes for over a second in the first replay.
      Worker worker =
          env.newWorker(
              "replay",
              WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(30_000).build());
      worker.registerWorkflowImplementationFactory(
          GraphWorkflow.class, () -> new GraphWorkflowImpl(registry));
      assertThatCode(
              () ->
                  WorkflowReplayer.replayWorkflowExecution(
                      WorkflowExecutionHistory.fromJson(history), worker))
          .doesNotThrowAnyException();
    }
  }
}

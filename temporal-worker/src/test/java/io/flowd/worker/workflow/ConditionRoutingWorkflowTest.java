package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.worker.GraphRuns;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A switch and a logical group route runs down their handles; the pure actions run in between. */
class ConditionRoutingWorkflowTest {
  private static final NodeHandlerRegistry REGISTRY = StandardComponents.registry(true);
  private static TestStore store;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_routing");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  /**
   * trigger → validate → parse → switch on tier: gold → group (amount ≥ 100 and (EU or vip)) →
   * approve | review; silver → silver; default → other.
   */
  private static Graph graph() {
    return Graphs.manualTrigger("n1")
        .action(
            "check_input",
            "{\"componentId\":\"validate\",\"input\":\"{{ trigger }}\","
                + "\"rules\":{\"tier\":\"required|string\",\"amount\":\"required|number|min:0\","
                + "\"profile\":\"required|string\"}}")
        .action("profile", "{\"componentId\":\"json_parser\",\"input\":\"{{ trigger.profile }}\"}")
        .condition(
            "route",
            "{\"componentId\":\"switch_condition\",\"value\":\"{{ trigger.tier }}\",\"cases\":["
                + "{\"handle\":\"gold\",\"operator\":\"equals\",\"right\":\"gold\"},"
                + "{\"handle\":\"silver\",\"operator\":\"starts_with\",\"right\":\"silv\"}]}")
        .condition(
            "eligible",
            "{\"componentId\":\"logical_group\",\"combinator\":\"and\",\"conditions\":["
                + "{\"componentId\":\"number_condition\",\"left\":\"{{ trigger.amount }}\","
                + "\"operator\":\"gte\",\"right\":100},"
                + "{\"componentId\":\"logical_group\",\"combinator\":\"or\",\"conditions\":["
                + "{\"componentId\":\"array_condition\",\"left\":\"{{ profile.regions }}\","
                + "\"operator\":\"includes\",\"right\":\"EU\"},"
                + "{\"componentId\":\"boolean_condition\",\"left\":\"{{ profile.vip }}\","
                + "\"operator\":\"equals\",\"right\":true}]}]}")
        .action(
            "approve",
            "{\"componentId\":\"text_transform\","
                + "\"template\":\"approved {{ trigger.amount }} for {{ profile.name }}\"}")
        .action(
            "review",
            "{\"componentId\":\"date_transform\",\"input\":\"{{ trigger.at }}\","
                + "\"operation\":\"add\",\"amount\":1,\"unit\":\"days\","
                + "\"timezone\":\"Europe/Berlin\"}")
        .action("silver", "{\"componentId\":\"data_mapper\",\"mappings\":{\"lane\":\"silver\"}}")
        .action("other", "{\"componentId\":\"data_mapper\",\"mappings\":{\"lane\":\"other\"}}")
        .edge("n1", "check_input")
        .edge("check_input", "profile")
        .edge("profile", "route")
        .edge("route", "eligible", "gold")
        .edge("route", "silver", "silver")
        .edge("route", "other", "default")
        .edge("eligible", "approve", "true")
        .edge("eligible", "review", "false")
        .build();
  }

  private static GraphRunInput input(String tier, int amount, String profile) {
    return store.newRun(
        graph(),
        Json.object()
            .put("tier", tier)
            .put("amount", amount)
            .put("profile", profile)
            .put("at", "2026-03-28T09:30:00"));
  }

  private static RunResult execute(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options, GraphRunInput input) {
    return GraphRuns.execute(env, worker, options, store, REGISTRY, input);
  }

  private static List<String> loggedNodes(GraphRunInput input) {
    return store.logs(input.run().runId()).stream().map(RunLog::nodeId).toList();
  }

  private static RunLog log(GraphRunInput input, String nodeId) {
    return store.logs(input.run().runId()).stream()
        .filter(l -> l.nodeId().equals(nodeId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void gold_tier_passing_the_group_is_approved(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    GraphRunInput input =
        input("gold", 150, "{\"name\":\"Ada\",\"regions\":[\"US\"],\"vip\":true}");

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output()).isEqualTo(Json.parse("{\"text\":\"approved 150 for Ada\"}"));
    assertThat(loggedNodes(input))
        .containsExactly("n1", "check_input", "profile", "route", "eligible", "approve");
    assertThat(log(input, "route").output()).isEqualTo(Json.parse("{\"handle\":\"gold\"}"));
    assertThat(log(input, "route").handle()).isEqualTo("gold");
    assertThat(log(input, "eligible").output()).isEqualTo(Json.parse("{\"result\":true}"));
    assertThat(log(input, "eligible").handle()).isEqualTo("true");
    assertThat(log(input, "check_input").output()).isEqualTo(Json.parse("{\"valid\":true}"));
    assertThat(store.run(input.run().runId()).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void gold_tier_failing_the_group_goes_to_review(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    GraphRunInput input =
        input("gold", 150, "{\"name\":\"Bo\",\"regions\":[\"US\"],\"vip\":false}");

    RunResult result = execute(env, worker, options, input);

    assertThat(loggedNodes(input))
        .containsExactly("n1", "check_input", "profile", "route", "eligible", "review");
    assertThat(log(input, "eligible").output()).isEqualTo(Json.parse("{\"result\":false}"));
    assertThat(log(input, "eligible").handle()).isEqualTo("false");
    assertThat(result.output()).isEqualTo(Json.parse("{\"result\":\"2026-03-29T09:30:00+02:00\"}"));
  }

  @Test
  void unmatched_tier_takes_the_default_handle(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    GraphRunInput input = input("bronze", 5, "{}");

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output()).isEqualTo(Json.parse("{\"lane\":\"other\"}"));
    assertThat(loggedNodes(input))
        .containsExactly("n1", "check_input", "profile", "route", "other");
    assertThat(log(input, "route").output()).isEqualTo(Json.parse("{\"handle\":\"default\"}"));
    assertThat(log(input, "route").handle()).isEqualTo("default");
  }

  @Test
  void broken_rules_fail_the_run_listing_each(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    GraphRunInput input = store.newRun(graph(), Json.parse("{\"tier\":\"gold\",\"amount\":-3}"));

    assertThatThrownBy(() -> execute(env, worker, options, input))
        .isInstanceOf(WorkflowFailedException.class);

    Run run = store.run(input.run().runId());
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorMessage())
        .contains("check_input", "amount must be at least 0", "profile is required");
    assertThat(log(input, "check_input").status()).isEqualTo("error");
    assertThat(loggedNodes(input)).containsExactly("n1", "check_input");
  }
}

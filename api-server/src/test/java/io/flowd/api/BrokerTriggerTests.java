package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What the broker trigger tests share: workflows, trigger state and run counts over the API. */
final class BrokerTriggerTests {
  /**
   * Returns the messages of a two-replica test: {@code suiteDefault} (200), or {@code
   * -Dflowd.brokerReplicaMessages=1000} for the 1,000 (see docs/broker-triggers.md for why
   * the suite does not run 1,000).
   */
  static int replicaMessages(int suiteDefault) {
    return Integer.getInteger("flowd.brokerReplicaMessages", suiteDefault);
  }

  private BrokerTriggerTests() {}

  /** Stores a vault secret of the tenant of {@code token}. */
  static void vault(FlowdHarness flowd, String token, String name, String secret) {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows/vault",
            token,
            "{\"name\": \"" + name + "\", \"secret\": \"" + secret + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** Creates a workflow and returns its id. */
  static String create(FlowdHarness flowd, String token, String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", token, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  /** Returns the {@code triggers} item of the workflow's first broker trigger. */
  static JsonNode trigger(FlowdHarness flowd, String token, String workflowId) {
    HttpResponse<String> response = flowd.request("GET", "/workflows/" + workflowId, token, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return FlowdHarness.json(response).path("triggers").path(0);
  }

  /** Waits until the workflow's trigger reports a connected consumer. */
  static void awaitConnected(FlowdHarness flowd, String token, String workflowId)
      throws InterruptedException {
    await(
        "trigger of " + workflowId + " connected",
        Duration.ofSeconds(20),
        () -> trigger(flowd, token, workflowId).path("connected").asBoolean());
  }

  /** Returns how many runs of the workflow have this status ({@code null}: any). */
  static int runs(FlowdHarness flowd, String workflowId, String status) {
    return flowd
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM runs WHERE workflow_id = :w"
                            + " AND (CAST(:s AS text) IS NULL OR status = :s)")
                    .bind("w", workflowId)
                    .bind("s", status)
                    .mapTo(Integer.class)
                    .one());
  }

  /** Returns how many distinct trigger payload values {@code field} the workflow's runs hold. */
  static int distinctPayloads(FlowdHarness flowd, String workflowId, String field) {
    return flowd
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(DISTINCT trigger_payload -> :f) FROM runs"
                            + " WHERE workflow_id = :w")
                    .bind("w", workflowId)
                    .bind("f", field)
                    .mapTo(Integer.class)
                    .one());
  }

  /** Deactivates the workflow. */
  static void deactivate(FlowdHarness flowd, String token, String workflowId) {
    HttpResponse<String> response =
        flowd.request("PUT", "/workflows/" + workflowId, token, "{\"is_active\": false}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static final String DELAY_NODE =
      "\"componentId\": \"delay\", \"duration\": 0.1, \"unit\": \"seconds\"";
  private static final String MAPPER_NODE =
      "\"componentId\": \"data_mapper\", \"mappings\": {\"n\": \"{{ trigger.body.n }}\"}";

  /** Returns the workflow with its 0.1 s delay node made a quick data mapper. */
  static String withoutDelay(String workflow) {
    assertThat(workflow).contains(DELAY_NODE);
    return workflow.replace(DELAY_NODE, MAPPER_NODE);
  }

  /** Starts a second API replica in this JVM on the harness's database and Temporal. */
  static io.flowd.api.app.ApiServer secondReplica(FlowdHarness flowd) {
    java.util.Map<String, String> env = new java.util.HashMap<>();
    env.put("DATABASE_URL", "jdbc:postgresql://unused/unused");
    env.put("TEMPORAL_ADDRESS", flowd.temporalAddress());
    env.put("FLOWD_JWT_SECRET", FlowdHarness.SECRET);
    env.put("FLOWD_VAULT_KEY", FlowdHarness.VAULT_KEY);
    return io.flowd.api.app.ApiServer.start(
        io.flowd.api.app.ApiConfig.fromEnv(env), flowd.database(), 0);
  }

  /**
   * Waits until every one of {@code messages} started its run (stored, whether or not it finished)
   * and checks that there is exactly one run per message, told apart by {@code body}.
   */
  static void awaitOneRunPerMessage(FlowdHarness flowd, String workflowId, int messages)
      throws InterruptedException {
    long began = System.nanoTime();
    await(
        messages + " runs",
        Duration.ofSeconds(180),
        () -> runs(flowd, workflowId, null) >= messages);
    System.out.printf(
        "two replicas: %d messages stored as runs in %.1f s%n",
        messages, (System.nanoTime() - began) / 1e9);
    assertThat(runs(flowd, workflowId, null)).isEqualTo(messages);
    assertThat(distinctPayloads(flowd, workflowId, "body")).isEqualTo(messages);
  }

  /** Polls {@code condition} every 100 ms until it holds; fails after {@code limit}. */
  static void await(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}

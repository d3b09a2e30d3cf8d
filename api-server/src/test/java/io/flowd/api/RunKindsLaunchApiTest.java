package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.engine.RunLaunch;
import io.flowd.runs.TriggerType;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.converter.DefaultDataConverter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every run kind (execute, sync, webhook, schedule, {@code trigger_workflow} child, iterator item,
 * resume, rerun, {@code on_failure}, a RabbitMQ, NATS and Kafka message; each a {@code TriggerType}
 * of the run engine's one entry point) starts its Temporal execution through {@link RunLaunch}: the
 * same memo keys, the same search attributes, and one count each in {@code
 * flowd_runs_started_total}.
 */
class RunKindsLaunchApiTest {
  private static final String TENANT = "launch-tenant";
  private static final String TOKEN = FlowdHarness.token(TENANT);
  private static final Set<String> SEARCH_ATTRIBUTES =
      Set.of(
          "FlowdTenant", "FlowdWorkflowId", "FlowdWorkflowName", "FlowdRunId", "FlowdTriggerType");

  private static FlowdHarness flowd;
  private static org.apache.kafka.common.test.KafkaClusterTestKit kafka;

  @BeforeAll
  static void start() throws Exception {
    flowd = FlowdHarness.start();
    kafka =
        new org.apache.kafka.common.test.KafkaClusterTestKit.Builder(
                new org.apache.kafka.common.test.TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
  }

  @AfterAll
  static void stop() throws Exception {
    flowd.close();
    kafka.close();
  }

  /** Starts one run from each broker: a RabbitMQ queue, a JetStream stream and a Kafka topic. */
  private static void startBrokerRuns() throws Exception {
    String name = "flowd_launch_" + java.util.UUID.randomUUID().toString().replace("-", "");
    String target =
        "{\"id\": \"n2\", \"type\": \"action\", \"data\": {\"componentId\": \"data_mapper\","
            + " \"mappings\": {\"ok\": \"yes\"}}}], \"edges\": [{\"id\": \"e1\", \"source\":"
            + " \"n1\", \"target\": \"n2\"}]}";
    create(
        "{\"name\": \"Rabbit\", \"nodes\": [{\"id\": \"n1\", \"type\": \"trigger\", \"data\":"
            + " {\"componentId\": \"rabbitmq_trigger\", \"url\": \"amqp://guest:guest@127.0.0.1:5672\","
            + " \"queue\": \""
            + name
            + "\", \"declare\": true}}, "
            + target);
    create(
        "{\"name\": \"NATS\", \"nodes\": [{\"id\": \"n1\", \"type\": \"trigger\", \"data\":"
            + " {\"componentId\": \"nats_trigger\", \"url\": \"nats://127.0.0.1:4222\", \"stream\": \""
            + name
            + "\", \"subject\": \""
            + name
            + ".in\", \"create_stream\": true}}, "
            + target);
    create(
        "{\"name\": \"Kafka\", \"nodes\": [{\"id\": \"n1\", \"type\": \"trigger\", \"data\":"
            + " {\"componentId\": \"kafka_trigger\", \"bootstrap_servers\": \""
            + kafka.bootstrapServers()
            + "\", \"topic\": \""
            + name
            + "\"}}, "
            + target);
    com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
    try (com.rabbitmq.client.Connection rabbit = factory.newConnection();
        io.nats.client.Connection nats = io.nats.client.Nats.connect("nats://127.0.0.1:4222");
        var producer =
            new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
                java.util.Map.of("bootstrap.servers", (Object) kafka.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
      com.rabbitmq.client.Channel channel = rabbit.createChannel();
      channel.queueDeclare(name, true, false, false, null);
      channel.basicPublish("", name, null, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      BrokerTriggerTests.await(
          "the stream",
          java.time.Duration.ofSeconds(20),
          () -> {
            try {
              nats.jetStreamManagement().getStreamInfo(name);
              return true;
            } catch (Exception e) {
              return false;
            }
          });
      nats.jetStream()
          .publish(name + ".in", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(name, "{}")).get();
      BrokerTriggerTests.await(
          "one run per broker",
          java.time.Duration.ofSeconds(30),
          () ->
              flowd
                      .database()
                      .jdbi()
                      .withHandle(
                          h ->
                              h.createQuery(
                                      "SELECT count(DISTINCT trigger_type) FROM runs WHERE"
                                          + " tenant_id = :t AND trigger_type IN ('rabbitmq',"
                                          + " 'nats', 'kafka')")
                                  .bind("t", TENANT)
                                  .mapTo(Integer.class)
                                  .one())
                  == 3);
      channel.queueDelete(name);
      nats.jetStreamManagement().deleteStream(name);
    }
  }

  private static String create(String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  private static String post(String path, String body, int status) {
    HttpResponse<String> response = flowd.request("POST", path, TOKEN, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response.body();
  }

  @Test
  void every_run_kind_carries_the_same_memo_keys_and_search_attributes() throws Exception {
    String target =
        create(
            """
            {"name": "Target", "nodes": [
               {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
               {"id": "n2", "type": "action",
                "data": {"componentId": "data_mapper", "mappings": {"ok": "yes"}}}],
             "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}
            """);
    String parent =
        create(
            """
            {"name": "Parent", "nodes": [
               {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
               {"id": "child", "type": "action", "data": {"componentId": "trigger_workflow",
                "workflow_id": "%s", "wait": true}},
               {"id": "items", "type": "action", "data": {"componentId": "iterator",
                "workflow_id": "%s", "items": "{{ trigger.items }}"}}],
             "edges": [{"id": "e1", "source": "n1", "target": "child"},
                       {"id": "e2", "source": "child", "target": "items"}]}
            """
                .formatted(target, target));
    String failing =
        create(
            """
            {"name": "Failing", "on_failure": {"workflow_id": "%s"}, "nodes": [
               {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
               {"id": "n2", "type": "action", "data": {"componentId": "webhook",
                "url": "http://127.0.0.1:1/down", "retry": {"max_attempts": 1}}}],
             "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}
            """
                .formatted(target));
    JsonNode hook =
        FlowdHarness.json(
            flowd.request(
                "POST",
                "/workflows",
                TOKEN,
                """
                {"name": "Hook", "nodes": [
                   {"id": "n1", "type": "trigger", "data": {"componentId": "webhook_trigger"}}],
                 "edges": []}
                """));
    create(
        """
        {"name": "Scheduled", "schedule_type": "interval", "schedule_value": "10 seconds",
         "nodes": [
           {"id": "n1", "type": "trigger", "data": {"componentId": "scheduled_trigger"}}],
         "edges": []}
        """);

    String parentRun =
        FlowdHarness.json(
                flowd.request(
                    "POST",
                    "/workflows/" + parent + "/execute",
                    TOKEN,
                    "{\"context\": {\"items\": [1]}}"))
            .path("id")
            .asText();
    post("/workflows/sync/" + target + "?timeout_seconds=20", "{}", 200);
    String url = hook.path("webhook_url").asText();
    HttpResponse<String> hooked =
        flowd.request("POST", url.substring(url.indexOf("/workflows/webhooks/")), null, "{}");
    assertThat(hooked.statusCode()).as(hooked.body()).isEqualTo(202);
    String failedRun =
        FlowdHarness.json(flowd.request("POST", "/workflows/" + failing + "/execute", TOKEN, "{}"))
            .path("id")
            .asText();
    flowd.awaitRun(TOKEN, failedRun, "failed");
    startBrokerRuns();
    post("/workflows/runs/" + failedRun + "/resume-from/n2", null, 202);
    post("/workflows/runs/" + failedRun + "/rerun", null, 202);
    assertThat(flowd.awaitRun(TOKEN, parentRun, "completed").path("status").asText())
        .isEqualTo("completed");

    Map<String, List<String>> executions = awaitExecutionsOfEveryKind();
    Map<String, Set<String>> memoKeys = new TreeMap<>();
    Map<String, Set<String>> attributeKeys = new TreeMap<>();
    for (Map.Entry<String, List<String>> kind : executions.entrySet()) {
      for (String temporalId : kind.getValue()) {
        DescribeWorkflowExecutionResponse described = describe(temporalId);
        Map<String, Payload> memo = described.getWorkflowExecutionInfo().getMemo().getFieldsMap();
        memoKeys.put(kind.getKey() + " " + temporalId, new TreeSet<>(memo.keySet()));
        Map<String, Payload> attributes =
            described.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap();
        attributeKeys.put(kind.getKey() + " " + temporalId, new TreeSet<>(attributes.keySet()));
        assertThat(decode(memo.get(RunLaunch.MEMO_TRIGGER_TYPE))).isEqualTo(kind.getKey());
        assertThat(decode(attributes.get("FlowdTriggerType"))).isEqualTo(kind.getKey());
        assertThat(decode(attributes.get("FlowdTenant"))).isEqualTo(TENANT);
        assertThat(decode(attributes.get("FlowdWorkflowName")))
            .isEqualTo(decode(memo.get(RunLaunch.MEMO_WORKFLOW_NAME)));
      }
    }

    assertThat(executions.keySet())
        .as("every trigger kind, on_failure and rerun included")
        .containsExactlyInAnyOrderElementsOf(TriggerType.storedValues());
    assertThat(executions.get("workflow"))
        .as("trigger_workflow child and iterator item")
        .hasSize(2);
    assertThat(memoKeys.values()).allSatisfy(keys -> assertThat(keys).isEqualTo(memoKeySet()));
    assertThat(attributeKeys.values())
        .allSatisfy(keys -> assertThat(keys).isEqualTo(new TreeSet<>(SEARCH_ATTRIBUTES)));
    String metrics = flowd.request("GET", "/metrics", null, null).body();
    for (String kind : executions.keySet()) {
      assertThat(metrics).contains("flowd_runs_started_total{trigger_type=\"" + kind + "\"}");
    }
  }

  private static Set<String> memoKeySet() {
    return new TreeSet<>(RunLaunch.MEMO_KEYS);
  }

  /** Returns the Temporal ids of the tenant's runs by trigger type, once every kind has started. */
  private static Map<String, List<String>> awaitExecutionsOfEveryKind()
      throws InterruptedException {
    Map<String, List<String>> byKind = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      byKind.clear();
      flowd
          .database()
          .jdbi()
          .useHandle(
              h ->
                  h.createQuery(
                          "SELECT trigger_type, temporal_workflow_id FROM runs"
                              + " WHERE tenant_id = :t AND dispatched_at IS NOT NULL")
                      .bind("t", TENANT)
                      .map(
                          (rs, ctx) ->
                              byKind
                                  .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                  .add(rs.getString(2)))
                      .list());
      if (byKind.size() == TriggerType.storedValues().size()
          && byKind.get("workflow").size() == 2) {
        return byKind;
      }
      Thread.sleep(100);
    }
    return byKind;
  }

  private static DescribeWorkflowExecutionResponse describe(String temporalId) {
    return flowd
        .temporalStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(temporalId))
                .build());
  }

  private static String decode(Payload payload) {
    assertThat(payload).isNotNull();
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One run's trace, as exported over OTLP/HTTP by the SDK's own exporter to a receiver in the test:
 * the execute's server span, the run span, the node span and the outgoing webhook call form one
 * chain in one trace, waits and child runs are spans of the run, and the peer receives the trace id
 * in {@code traceparent}.
 */
class TracesApiTest {
  private static final String TOKEN = FlowdHarness.token("tracer");
  private static final String INCOMING_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static final Queue<ExportedSpan> SPANS = new ConcurrentLinkedQueue<>();
  private static final Queue<String> PEER_TRACEPARENTS = new ConcurrentLinkedQueue<>();
  private static HttpServer receiver;
  private static HttpServer peer;
  private static FlowdHarness flowd;

  /** One span of an OTLP export: ids in lowercase hex, attribute values as strings. */
  record ExportedSpan(
      String traceId,
      String spanId,
      String parentId,
      String name,
      int kind,
      long startNanos,
      long endNanos,
      Map<String, String> attributes) {}

  @BeforeAll
  static void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/v1/traces",
        exchange -> {
          SPANS.addAll(decode(exchange.getRequestBody().readAllBytes()));
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    peer.createContext(
        "/hook",
        exchange -> {
          String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
          PEER_TRACEPARENTS.add(traceparent == null ? "" : traceparent);
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    peer.start();
    flowd =
        FlowdHarness.start(
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:" + receiver.getAddress().getPort(),
                "OTEL_BSP_SCHEDULE_DELAY",
                "50",
                "OTEL_SERVICE_NAME",
                "flowd-test"));
  }

  @AfterAll
  static void stop() {
    flowd.close();
    peer.stop(0);
    receiver.stop(0);
  }

  private static String createWorkflow(boolean propagate) {
    String graph =
        """
        {"name": "Traced", "nodes": [
           {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "node_2", "type": "action",
            "data": {"componentId": "webhook", "method": "GET",
                     "url": "http://127.0.0.1:%d/hook", "propagate_trace": %s}},
           {"id": "node_3", "type": "action",
            "data": {"componentId": "data_mapper", "mappings": {"done": "yes"}}}],
         "edges": [{"id": "e1", "source": "node_1", "target": "node_2"},
                   {"id": "e2", "source": "node_2", "target": "node_3"}]}
        """
            .formatted(peer.getAddress().getPort(), propagate);
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, graph);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  private static String runToCompletion(String workflowId, String... headers) throws Exception {
    HttpResponse<String> started =
        flowd.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, "{}", headers);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = FlowdHarness.json(started).path("id").asText();
    assertThat(flowd.awaitRun(TOKEN, runId, "completed").path("status").asText())
        .isEqualTo("completed");
    return runId;
  }

  @Test
  void one_run_exports_execute_run_node_and_outgoing_call_spans_in_one_chain_the_peer_continues()
      throws Exception {
    String runId = runToCompletion(createWorkflow(true));

    ExportedSpan node = awaitSpan(span -> isNode(span, runId));
    String traceId = node.traceId();
    ExportedSpan execute = awaitSpan(span -> span.traceId().equals(traceId) && span.kind() == 2);
    ExportedSpan run = awaitSpan(span -> isRun(span, runId));
    ExportedSpan call = awaitSpan(span -> span.traceId().equals(traceId) && span.kind() == 3);
    ExportedSpan queued =
        awaitSpan(
            span ->
                span.parentId().equals(node.spanId()) && span.name().equals("schedule-to-start"));

    assertThat(run.traceId()).isEqualTo(traceId);
    assertThat(run.parentId()).isEqualTo(execute.spanId());
    assertThat(node.parentId()).isEqualTo(run.spanId());
    assertThat(run.attributes())
        .containsEntry("flowd.run.status", "completed")
        .containsKey("temporal.run.id");
    assertThat(run.startNanos()).isLessThanOrEqualTo(node.startNanos());
    assertThat(run.endNanos()).isGreaterThanOrEqualTo(node.endNanos());
    assertThat(queued.attributes()).containsEntry("temporal.activity.type", "RunNode");

    assertThat(execute.name()).isEqualTo("POST /workflows/{id}/execute");
    assertThat(execute.parentId()).isEmpty();
    assertThat(execute.attributes())
        .containsEntry("http.request.method", "POST")
        .containsEntry("http.route", "/workflows/{id}/execute")
        .containsEntry("http.response.status_code", "202");
    assertThat(node.name()).isEqualTo("node webhook");
    assertThat(node.attributes())
        .containsEntry("flowd.node.id", "node_2")
        .containsEntry("flowd.component", "webhook")
        .containsEntry("flowd.node.status", "success")
        .containsEntry("flowd.node.attempt", "1");
    assertThat(call.parentId()).isEqualTo(node.spanId());
    assertThat(call.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("http.response.status_code", "200");
    assertThat(PEER_TRACEPARENTS)
        .anyMatch(header -> header.startsWith("00-" + traceId + "-" + call.spanId() + "-"));
  }

  @Test
  void an_incoming_traceparent_becomes_the_parent_of_the_run() throws Exception {
    String incoming = "00-" + INCOMING_TRACE + "-00f067aa0ba902b7-01";
    String runId = runToCompletion(createWorkflow(true), "traceparent", incoming);

    ExportedSpan node = awaitSpan(span -> isNode(span, runId));
    ExportedSpan execute =
        awaitSpan(span -> span.traceId().equals(INCOMING_TRACE) && span.kind() == 2);

    assertThat(node.traceId()).isEqualTo(INCOMING_TRACE);
    assertThat(execute.parentId()).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void a_webhook_node_with_propagate_trace_off_sends_no_traceparent() throws Exception {
    PEER_TRACEPARENTS.clear();
    String runId = runToCompletion(createWorkflow(false));

    awaitSpan(span -> isNode(span, runId));

    assertThat(PEER_TRACEPARENTS).containsExactly("");
  }

  @Test
  void an_inbound_webhook_with_a_traceparent_roots_its_run_in_the_callers_trace() throws Exception {
    String trace = "0af7651916cd43dd8448eb211c80319c";
    String graph =
        """
        {"name": "Traced hook", "nodes": [
           {"id": "node_1", "type": "trigger", "data": {"componentId": "webhook_trigger"}},
           {"id": "node_2", "type": "action",
            "data": {"componentId": "webhook", "method": "GET",
                     "url": "http://127.0.0.1:%d/hook"}}],
         "edges": [{"id": "e1", "source": "node_1", "target": "node_2"}]}
        """
            .formatted(peer.getAddress().getPort());
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, graph);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String url = FlowdHarness.json(created).path("webhook_url").asText();
    String path = url.substring(url.indexOf("/workflows/webhooks/"));

    HttpResponse<String> delivered =
        flowd.request(
            "POST",
            path,
            null,
            "{\"a\": 1}",
            "traceparent",
            "00-" + trace + "-b7ad6b7169203331-01");

    assertThat(delivered.statusCode()).as(delivered.body()).isLessThan(300);
    ExportedSpan hook = awaitSpan(span -> span.traceId().equals(trace) && span.kind() == 2);
    ExportedSpan node =
        awaitSpan(
            span ->
                span.traceId().equals(trace)
                    && "node_2".equals(span.attributes().get("flowd.node.id")));
    assertThat(hook.name()).isEqualTo("POST /workflows/webhooks/{token}");
    ExportedSpan run = awaitSpan(span -> span.traceId().equals(trace) && span.name().equals("run"));
    assertThat(hook.parentId()).isEqualTo("b7ad6b7169203331");
    assertThat(run.parentId()).isEqualTo(hook.spanId());
    assertThat(node.parentId()).isEqualTo(run.spanId());
  }

  @Test
  void
      a_wait_for_input_and_a_child_run_are_spans_of_the_run_and_the_child_run_nests_under_its_node()
          throws Exception {
    String child =
        """
        {"name": "Traced child", "nodes": [
           {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "node_2", "type": "action",
            "data": {"componentId": "data_mapper", "mappings": {"done": "yes"}}}],
         "edges": [{"id": "e1", "source": "node_1", "target": "node_2"}]}
        """;
    HttpResponse<String> createdChild = flowd.request("POST", "/workflows", TOKEN, child);
    assertThat(createdChild.statusCode()).as(createdChild.body()).isEqualTo(201);
    String childId = FlowdHarness.json(createdChild).path("id").asText();
    String graph =
        """
        {"name": "Traced waits", "nodes": [
           {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "child", "type": "action",
            "data": {"componentId": "trigger_workflow", "workflow_id": "%s", "wait": true}},
           {"id": "approval", "type": "action",
            "data": {"componentId": "wait_for_input", "prompt": "Go?"}}],
         "edges": [{"id": "e1", "source": "node_1", "target": "child"},
                   {"id": "e2", "source": "child", "target": "approval"}]}
        """
            .formatted(childId);
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, graph);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String workflowId = FlowdHarness.json(created).path("id").asText();
    HttpResponse<String> started =
        flowd.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, "{}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = FlowdHarness.json(started).path("id").asText();
    assertThat(flowd.awaitRun(TOKEN, runId, "waiting").path("status").asText())
        .isEqualTo("waiting");
    long seenWaiting = System.currentTimeMillis() * 1_000_000L;
    HttpResponse<String> answered =
        flowd.request(
            "POST",
            "/workflows/runs/" + runId + "/input",
            TOKEN,
            "{\"node_id\": \"approval\", \"payload\": {\"ok\": true}}");
    assertThat(answered.statusCode()).as(answered.body()).isLessThan(300);
    assertThat(flowd.awaitRun(TOKEN, runId, "completed").path("status").asText())
        .isEqualTo("completed");

    ExportedSpan run = awaitSpan(span -> isRun(span, runId));
    ExportedSpan wait =
        awaitSpan(
            span ->
                span.name().equals("wait wait_for_input")
                    && runId.equals(span.attributes().get("flowd.run.id")));
    ExportedSpan childNode =
        awaitSpan(
            span ->
                span.name().equals("child run trigger_workflow")
                    && runId.equals(span.attributes().get("flowd.run.id")));
    ExportedSpan childRun =
        awaitSpan(span -> span.name().equals("run") && span.parentId().equals(childNode.spanId()));

    assertThat(wait.parentId()).isEqualTo(run.spanId());
    assertThat(wait.traceId()).isEqualTo(run.traceId());
    assertThat(wait.attributes())
        .containsEntry("flowd.node.id", "approval")
        .containsEntry("flowd.node.status", "success");
    assertThat(wait.endNanos()).isGreaterThanOrEqualTo(seenWaiting);
    assertThat(wait.startNanos()).isLessThan(seenWaiting);
    assertThat(childNode.parentId()).isEqualTo(run.spanId());
    assertThat(childNode.attributes()).containsEntry("flowd.node.status", "success");
    assertThat(childRun.traceId()).isEqualTo(run.traceId());
    assertThat(childRun.attributes())
        .containsEntry("flowd.workflow.id", childId)
        .containsEntry("flowd.run.status", "completed");
  }

  @Test
  void a_schedule_fire_is_the_start_span_its_run_and_nodes_descend_from() throws Exception {
    HttpResponse<String> created =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            """
            {"name": "Traced schedule", "schedule_type": "interval", "schedule_value": "10 seconds",
             "nodes": [
               {"id": "node_1", "type": "trigger", "data": {"componentId": "scheduled_trigger"}},
               {"id": "node_2", "type": "action",
                "data": {"componentId": "webhook", "method": "GET",
                         "url": "http://127.0.0.1:%d/hook"}}],
             "edges": [{"id": "e1", "source": "node_1", "target": "node_2"}]}
            """
                .formatted(peer.getAddress().getPort()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String workflowId = FlowdHarness.json(created).path("id").asText();
    try {
      ExportedSpan fire =
          awaitSpan(
              span ->
                  span.name().equals("schedule fire")
                      && workflowId.equals(span.attributes().get("flowd.workflow.id"))
                      && span.attributes().containsKey("flowd.run.id"),
              600);
      String runId = fire.attributes().get("flowd.run.id");
      ExportedSpan run = awaitSpan(span -> isRun(span, runId));
      ExportedSpan node = awaitSpan(span -> isNode(span, runId));

      assertThat(fire.attributes())
          .containsEntry("flowd.trigger", "schedule")
          .containsEntry("flowd.schedule.outcome", "started")
          .containsKey("flowd.schedule.fire_time");
      assertThat(run.traceId()).isEqualTo(fire.traceId());
      assertThat(run.parentId()).isEqualTo(fire.spanId());
      assertThat(node.parentId()).isEqualTo(run.spanId());
    } finally {
      flowd.request("DELETE", "/workflows/" + workflowId, TOKEN, null);
    }
  }

  private static boolean isNode(ExportedSpan span, String runId) {
    return span.name().startsWith("node ") && runId.equals(span.attributes().get("flowd.run.id"));
  }

  private static boolean isRun(ExportedSpan span, String runId) {
    return span.name().equals("run") && runId.equals(span.attributes().get("flowd.run.id"));
  }

  private static ExportedSpan awaitSpan(Predicate<ExportedSpan> wanted)
      throws InterruptedException {
    return awaitSpan(wanted, 200);
  }

  /** Polls the received spans every 50 ms, {@code polls} times at most. */
  private static ExportedSpan awaitSpan(Predicate<ExportedSpan> wanted, int polls)
      throws InterruptedException {
    for (int i = 0; i < polls; i++) {
      for (ExportedSpan span : SPANS) {
        if (wanted.test(span)) {
          return span;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no such span among " + SPANS);
  }

  /**
   * Decodes an OTLP {@code ExportTraceServiceRequest} by field number (resource_spans 1,
   * scope_spans 2, spans 2; span: trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6, start
   * and end times 7 and 8, attributes 9), with protobuf's generic reader.
   */
  private static List<ExportedSpan> decode(byte[] body) throws InvalidProtocolBufferException {
    List<ExportedSpan> spans = new java.util.ArrayList<>();
    for (ByteString resourceSpans : fields(UnknownFieldSet.parseFrom(body), 1)) {
      for (ByteString scopeSpans : fields(UnknownFieldSet.parseFrom(resourceSpans), 2)) {
        for (ByteString encoded : fields(UnknownFieldSet.parseFrom(scopeSpans), 2)) {
          UnknownFieldSet span = UnknownFieldSet.parseFrom(encoded);
          Map<String, String> attributes = new HashMap<>();
          for (ByteString keyValue : fields(span, 9)) {
            UnknownFieldSet pair = UnknownFieldSet.parseFrom(keyValue);
            UnknownFieldSet value = UnknownFieldSet.parseFrom(fields(pair, 2).get(0));
            String text =
                value.hasField(1)
                    ? value.getField(1).getLengthDelimitedList().get(0).toStringUtf8()
                    : value.hasField(2)
                        ? String.valueOf(value.getField(2).getVarintList().get(0) != 0)
                        : value.hasField(3)
                            ? String.valueOf(value.getField(3).getVarintList().get(0))
                            : "?";
            attributes.put(fields(pair, 1).get(0).toStringUtf8(), text);
          }
          spans.add(
              new ExportedSpan(
                  hex(fields(span, 1)),
                  hex(fields(span, 2)),
                  hex(fields(span, 4)),
                  fields(span, 5).get(0).toStringUtf8(),
                  span.hasField(6) ? span.getField(6).getVarintList().get(0).intValue() : 0,
                  span.hasField(7) ? span.getField(7).getFixed64List().get(0) : 0,
                  span.hasField(8) ? span.getField(8).getFixed64List().get(0) : 0,
                  attributes));
        }
      }
    }
    return spans;
  }

  private static List<ByteString> fields(UnknownFieldSet set, int number) {
    return set.hasField(number) ? set.getField(number).getLengthDelimitedList() : List.of();
  }

  private static String hex(List<ByteString> value) {
    return value.isEmpty() ? "" : HexFormat.of().formatHex(value.get(0).toByteArray());
  }
}

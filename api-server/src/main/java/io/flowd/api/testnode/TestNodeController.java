package io.flowd.api.testnode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.ValidationError;
import io.flowd.model.validation.WorkflowDraftReader;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.payload.ClaimCheck;
import io.flowd.nodes.spi.ActivityNodeHandler;
import io.flowd.nodes.spi.ControlNodeHandler;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeHandler;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import io.flowd.nodes.spi.TimerNodeHandler;
import io.flowd.nodes.spi.TriggerHandler;
import io.flowd.nodes.vault.SecretMask;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /workflows/test-node}: runs one node alone, once (no retries), through the same code
 * as a run's node activity: template rendering, vault resolution and masking, and the handler's
 * {@code execute}/{@code evaluate}. The node's config is validated like a save first (422 with
 * paths under {@code node}). A trigger answers {@code context.trigger} (or {@code {}}) as the
 * payload it would hand on; a {@code delay} checks its duration and answers {@code
 * {"waited_seconds"}} at once, without waiting.
 */
public final class TestNodeController implements RouteGroup {
  private static final String PROBE_TRIGGER = "__test_node_trigger";

  /** The longest {@code timeout_seconds} a tested node may ask for. */
  public static final int MAX_TIMEOUT_SECONDS = 30;

  /** How many test-node calls one tenant may have in flight at once. */
  public static final int PER_TENANT_CONCURRENCY = 4;

  /** How many test-node calls run at once in this process; more wait in a bounded queue. */
  static final int THREADS = 16;

  static final int QUEUE = 256;

  private final NodeHandlerRegistry registry;
  private final WorkflowDraftReader reader;
  private final NodeExecution execution;
  private final ConcurrentHashMap<String, Semaphore> inFlight = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(
          THREADS,
          THREADS,
          30,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(QUEUE),
          runnable -> {
            Thread thread = new Thread(runnable, "flowd-test-node");
            thread.setDaemon(true);
            return thread;
          });

  public TestNodeController(NodeHandlerRegistry registry, NodeExecution execution) {
    this.registry = registry;
    this.reader = new WorkflowDraftReader(registry);
    this.execution = execution;
    pool.allowCoreThreadTimeOut(true);
  }

  @Override
  public void register(Routes routes) {
    routes.post("/workflows/test-node", this::test);
  }

  /**
   * Validates the node in the request thread, then runs it on the test-node pool (never on the
   * server's request threads); 200 {@code {"status", "output", "error_message"}}.
   *
   * @throws ApiException 422 for an invalid node or a {@code timeout_seconds} over {@value
   *     #MAX_TIMEOUT_SECONDS}; 429 with {@code Retry-After} when the tenant already has {@value
   *     #PER_TENANT_CONCURRENCY} calls in flight or the pool's queue is full
   */
  public void test(Context ctx) {
    Principal principal = Requests.principal(ctx);
    JsonNode body = Requests.body(ctx);
    List<ValidationError> errors = new ArrayList<>();
    if (!body.isObject()) {
      throw invalid(
          List.of(new ValidationError("invalid_type", "body", "the body must be an object")));
    }
    JsonNode nodeJson = body.get("node");
    if (nodeJson == null || nodeJson.isNull()) {
      errors.add(new ValidationError("required", "node", "node is required"));
    } else if (!nodeJson.isObject()) {
      errors.add(new ValidationError("invalid_type", "node", "node must be an object"));
    } else {
      errors.addAll(validateNode((ObjectNode) nodeJson));
    }
    JsonNode timeout = nodeJson == null ? null : nodeJson.path("data").get("timeout_seconds");
    if (timeout != null && timeout.isNumber() && timeout.asDouble() > MAX_TIMEOUT_SECONDS) {
      errors.add(
          new ValidationError(
              "out_of_range",
              "node.data.timeout_seconds",
              "a tested node may run at most "
                  + MAX_TIMEOUT_SECONDS
                  + " seconds; timeout_seconds is "
                  + timeout.asText()));
    }
    JsonNode context = body.get("context");
    if (context != null && !context.isNull() && !context.isObject()) {
      errors.add(new ValidationError("invalid_type", "context", "context must be an object"));
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    Map<String, JsonNode> scope = new LinkedHashMap<>();
    if (context != null && context.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = context.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!"vault".equals(field.getKey())) {
          scope.put(field.getKey(), field.getValue());
        }
      }
    }
    Node node = Json.MAPPER.convertValue(nodeJson, Node.class);
    Semaphore permits =
        inFlight.computeIfAbsent(
            principal.tenantId(), tenant -> new Semaphore(PER_TENANT_CONCURRENCY));
    if (!permits.tryAcquire()) {
      throw ApiException.rateLimited(1);
    }
    CompletableFuture<Map<String, Object>> result;
    try {
      result =
          CompletableFuture.supplyAsync(
              () -> run(principal.tenantId(), node, scope, body.get("input")), pool);
    } catch (RejectedExecutionException full) {
      permits.release();
      throw ApiException.rateLimited(1);
    }
    result.whenComplete((done, error) -> permits.release());
    ctx.future(() -> result.thenAccept(answer -> Requests.json(ctx, 200, answer)));
  }

  private Map<String, Object> run(
      String tenantId, Node node, Map<String, JsonNode> scope, JsonNode input) {
    NodeHandler handler = registry.get(node.componentId());
    SecretMask[] masks = {SecretMask.NONE};
    try {
      return handler.accept(
          new NodeHandler.Visitor<Map<String, Object>>() {
            @Override
            public Map<String, Object> trigger(TriggerHandler trigger) {
              JsonNode payload = scope.get("trigger");
              return result("success", payload == null ? Json.object() : payload, null);
            }

            @Override
            public Map<String, Object> timer(TimerNodeHandler timer) {
              NodeExecution.Prepared prepared = prepare();
              try {
                return result("success", timer.output(timer.duration(prepared.config())), null);
              } catch (NodeFailure failure) {
                throw NodeExecution.masked(failure, prepared.mask());
              }
            }

            @Override
            public Map<String, Object> pure(PureNodeHandler pure) {
              return invoke();
            }

            @Override
            public Map<String, Object> activity(ActivityNodeHandler activity) {
              return invoke();
            }

            @Override
            public Map<String, Object> control(ControlNodeHandler control) {
              return invoke();
            }

            private Map<String, Object> invoke() {
              NodeOutcome outcome = NodeExecution.invoke(prepare(), input);
              if (ClaimCheck.sizeOf(outcome.output()) > ClaimCheck.MAX_BYTES) {
                return result(
                    "error",
                    null,
                    "the node's output is larger than " + ClaimCheck.MAX_BYTES + " bytes (10 MiB)");
              }
              Map<String, Object> answer = result("success", outcome.output(), null);
              answer.put("console", outcome.console());
              return answer;
            }

            private NodeExecution.Prepared prepare() {
              NodeExecution.Prepared prepared =
                  execution.prepare(tenantId, node.componentId(), node.data(), scope);
              masks[0] = prepared.mask();
              return prepared;
            }
          });
    } catch (NodeFailure failure) {
      Map<String, Object> answer = result("error", null, failure.getMessage());
      answer.put("error_type", failure.type());
      JsonNode console = failure.details() == null ? null : failure.details().get("console");
      if (console != null && console.isArray()) {
        answer.put("console", console);
      }
      return answer;
    } catch (RuntimeException unexpected) {
      return result("error", null, masks[0].apply("internal error: " + unexpected));
    }
  }

  /** Checks the node as part of a minimal graph, the way a save checks it. */
  private List<ValidationError> validateNode(ObjectNode node) {
    ArrayNode nodes = Json.MAPPER.createArrayNode();
    ArrayNode edges = Json.MAPPER.createArrayNode();
    String prefix;
    if ("trigger".equals(node.path("type").asText(null))) {
      nodes.add(node);
      prefix = "nodes[0]";
    } else {
      ObjectNode trigger = nodes.addObject().put("id", PROBE_TRIGGER).put("type", "trigger");
      trigger.putObject("data").put("componentId", "manual_trigger");
      nodes.add(node);
      prefix = "nodes[1]";
      if (node.path("id").isTextual()) {
        edges
            .addObject()
            .put("id", "__test_node_edge")
            .put("source", PROBE_TRIGGER)
            .put("target", node.path("id").textValue());
      }
    }
    ObjectNode workflow = Json.object().put("name", "test-node");
    workflow.set("nodes", nodes);
    workflow.set("edges", edges);
    List<ValidationError> errors = new ArrayList<>();
    for (ValidationError error : reader.readCreate(workflow).errors()) {
      if ("invalid_reference".equals(error.code())) {
        // The node is tested alone: the nodes it reads come from the request's context.
        continue;
      }
      String path = error.path();
      if (path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[")) {
        errors.add(
            new ValidationError(
                error.code(),
                "node" + path.substring(prefix.length()),
                error.message().replace(prefix, "node")));
      }
    }
    return errors;
  }

  private static Map<String, Object> result(String status, JsonNode output, String errorMessage) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("output", output);
    body.put("error_message", errorMessage);
    body.put("error_type", null);
    body.put("console", List.of());
    return body;
  }

  private static ApiException invalid(List<ValidationError> errors) {
    return ApiException.unprocessable("validation_failed", "The node is not valid.", errors);
  }
}

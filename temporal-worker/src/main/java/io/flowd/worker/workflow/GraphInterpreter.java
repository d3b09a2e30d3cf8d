package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Edge;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.NodeSettings;
import io.flowd.model.NodeType;
import io.flowd.model.RetryPolicy;
import io.flowd.model.RunRef;
import io.flowd.model.template.TemplateScope;
import io.flowd.model.template.Templates;
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
import io.flowd.worker.activity.LogEntry;
import io.flowd.worker.activity.NodeActivities;
import io.flowd.worker.activity.NodeActivitiesImpl;
import io.flowd.worker.activity.NodeResult;
import io.flowd.worker.activity.NodeTask;
import io.flowd.worker.activity.RunBookkeeping;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Walks one run's graph in workflow code. Every decision iterates lists in declaration order, so
 * replay is deterministic. A node runs once all its incoming edges are settled and at least one was
 * taken; otherwise it is skipped and its outgoing edges are not taken, which lets joins after an
 * untaken branch go on.
 */
final class GraphInterpreter {
  private enum EdgeState {
    UNSETTLED,
    TAKEN,
    NOT_TAKEN
  }

  private enum NodeState {
    WAITING,
    RUNNING,
    DONE,
    SKIPPED
  }

  /** A node started asynchronously, and how it ended once it has. */
  private record Completion(NodeOutcome outcome, RuntimeException failure) {}

  private record Running(Promise<Completion> promise, CancellationScope scope, long startedAt) {}

  /** A node failed without {@code continue_on_error}: the run fails. */
  private static final class RunFailed extends RuntimeException {
    RunFailed(String message) {
      super(message);
    }
  }

  /** A {@code terminate} node ended the run. */
  private static final class RunTerminated extends RuntimeException {
    private final String status;
    private final JsonNode output;

    RunTerminated(String status, String message, JsonNode output) {
      super(message);
      this.status = status;
      this.output = output;
    }
  }

  /**
   * The {@link Workflow#getVersion} change id of this interpreter's behaviour changes. Version 1
   * added control nodes (terminate, wait_for_input, trigger_workflow, iterator) and the claim check
   * (pure nodes touching references run as activities; large pure outputs are stored).
   */
  static final String CHANGE_ID = "flowd-interpreter";

  /** The version that added control nodes and the claim check. */
  static final int CONTROL_NODES = 1;

  /** Extra time the activity gets beyond the node's own timeout, so it can log its failure. */
  private static final Duration ACTIVITY_GRACE = Duration.ofSeconds(5);

  /** The node activity heartbeats every second; a cancelled run reaches it through them. */
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private final GraphRunInput input;
  private final RunRef run;
  private final NodeHandlerRegistry registry;
  private final RunBookkeeping bookkeeping;
  private final List<Node> nodes;
  private final List<Edge> edges;
  private final Map<String, Integer> nodeIndex = new LinkedHashMap<>();
  private final List<List<Integer>> incoming = new ArrayList<>();
  private final List<List<Integer>> outgoing = new ArrayList<>();
  private final EdgeState[] edgeStates;
  private final NodeState[] nodeStates;
  private final Map<String, JsonNode> outputs = new LinkedHashMap<>();
  private final Map<Integer, Running> running = new LinkedHashMap<>();
  private final List<LogEntry> pendingLogs = new ArrayList<>();
  private final TemplateScope scope;
  private final InputWaits waits;
  private JsonNode lastOutput;
  private int version = Workflow.DEFAULT_VERSION;

  GraphInterpreter(GraphRunInput input, NodeHandlerRegistry registry, RunBookkeeping bookkeeping) {
    this.input = input;
    this.run = input.run();
    this.registry = registry;
    this.bookkeeping = bookkeeping;
    this.nodes = input.graph().nodes();
    this.edges = input.graph().edges();
    for (int i = 0; i < nodes.size(); i++) {
      nodeIndex.put(nodes.get(i).id(), i);
      incoming.add(new ArrayList<>());
      outgoing.add(new ArrayList<>());
    }
    for (int e = 0; e < edges.size(); e++) {
      outgoing.get(nodeIndex.get(edges.get(e).source())).add(e);
      incoming.get(nodeIndex.get(edges.get(e).target())).add(e);
    }
    this.edgeStates = new EdgeState[edges.size()];
    java.util.Arrays.fill(edgeStates, EdgeState.UNSETTLED);
    this.waits = new InputWaits(bookkeeping, run);
    this.nodeStates = new NodeState[nodes.size()];
    java.util.Arrays.fill(nodeStates, NodeState.WAITING);
    ObjectNode runRoot = Json.object().put("id", run.runId());
    ObjectNode workflowRoot =
        Json.object().put("id", run.workflowId()).put("version", run.workflowVersion());
    this.scope =
        root ->
            switch (root) {
              case "trigger" -> input.triggerPayload();
              case "run" -> runRoot;
              case "workflow" -> workflowRoot;
              default -> outputs.get(root);
            };
  }

  /** Returns the run's waits for outside input. */
  InputWaits waits() {
    return waits;
  }

  RunResult execute() {
    version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, CONTROL_NODES);
    try {
      bookkeeping.markRunning(run);
      if (!restoreResumeState()) {
        startTrigger();
      }
      while (true) {
        advance();
        flushLogs();
        if (version >= CONTROL_NODES) {
          waits.syncStatus();
        }
        if (running.isEmpty()) {
          break;
        }
        List<Promise<Completion>> promises = new ArrayList<>();
        running.values().forEach(r -> promises.add(r.promise()));
        Promise.anyOf(promises).get();
        for (int i = 0; i < nodes.size(); i++) {
          Running r = running.get(i);
          if (r != null && r.promise().isCompleted()) {
            running.remove(i);
            finishAsync(i, r);
          }
        }
      }
      bookkeeping.finish(run, "completed", null);
      return new RunResult("completed", lastOutput);
    } catch (RunFailed failed) {
      running.values().forEach(r -> r.scope().cancel("run failed"));
      flushLogs();
      bookkeeping.finish(run, "failed", failed.getMessage());
      throw ApplicationFailure.newNonRetryableFailure(failed.getMessage(), "NodeFailed");
    } catch (RunTerminated terminated) {
      running.values().forEach(r -> r.scope().cancel("run terminated"));
      flushLogs();
      boolean failed = "failed".equals(terminated.status);
      bookkeeping.finish(run, terminated.status, failed ? terminated.getMessage() : null);
      if (failed) {
        throw ApplicationFailure.newNonRetryableFailure(terminated.getMessage(), "Terminated");
      }
      return new RunResult("completed", terminated.output);
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(
              () -> {
                flushLogs();
                bookkeeping.finish(run, "cancelled", "Run was cancelled");
              })
          .run();
      throw cancelled;
    }
  }

  private void startTrigger() {
    for (int i = 0; i < nodes.size(); i++) {
      if (NodeType.TRIGGER.json().equals(nodes.get(i).type())) {
        Node trigger = nodes.get(i);
        pendingLogs.add(
            new LogEntry(
                trigger.id(), trigger.componentId(), "success", input.triggerPayload(), 1, 0));
        complete(i, NodeOutcome.of(input.triggerPayload()));
        return;
      }
    }
    throw new RunFailed("The graph has no trigger node");
  }

  /**
   * Gives a resumed run the upstream state it inherits (no logs, nothing run); returns false when
   * the run starts at its trigger.
   */
  private boolean restoreResumeState() {
    ResumePlan plan = input.resume() == null ? null : ResumePlan.of(input);
    if (plan == null) {
      return false;
    }
    for (ResumePlan.Step step : plan.steps) {
      if (step.outcome() == null) {
        skip(step.node());
      } else {
        complete(step.node(), step.outcome());
      }
    }
    for (int e : plan.notTaken) {
      edgeStates[e] = EdgeState.NOT_TAKEN;
    }
    return true;
  }

  /** Skips and starts every ready node until nothing more is ready without waiting. */
  private void advance() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < nodes.size(); i++) {
        if (nodeStates[i] != NodeState.WAITING || !allIncomingSettled(i)) {
          continue;
        }
        changed = true;
        if (firstTakenPredecessor(i) < 0) {
          skip(i);
        } else {
          start(i);
        }
      }
    }
  }

  private boolean allIncomingSettled(int node) {
    for (int e : incoming.get(node)) {
      if (edgeStates[e] == EdgeState.UNSETTLED) {
        return false;
      }
    }
    return true;
  }

  /** Returns the index of the first (in declaration order) predecessor over a taken edge. */
  private int firstTakenPredecessor(int node) {
    int first = -1;
    for (int e : incoming.get(node)) {
      if (edgeStates[e] == EdgeState.TAKEN) {
        int source = nodeIndex.get(edges.get(e).source());
        if (first < 0 || source < first) {
          first = source;
        }
      }
    }
    return first;
  }

  private void skip(int node) {
    nodeStates[node] = NodeState.SKIPPED;
    for (int e : outgoing.get(node)) {
      edgeStates[e] = EdgeState.NOT_TAKEN;
    }
  }

  private void start(int i) {
    Node node = nodes.get(i);
    NodeHandler handler = registry.get(node.componentId());
    JsonNode nodeInput = outputs.get(nodes.get(firstTakenPredecessor(i)).id());
    nodeStates[i] = NodeState.RUNNING;
    long startedAt = Workflow.currentTimeMillis();
    handler.accept(
        new NodeHandler.Visitor<Void>() {
          @Override
          public Void trigger(TriggerHandler trigger) {
            failed(i, "a trigger can only start a run", "invalid_graph");
            return null;
          }

          @Override
          public Void pure(PureNodeHandler pure) {
            if (needsActivity(node, nodeInput)) {
              startActivity(i, nodeInput, startedAt);
            } else {
              evaluate(i, pure, nodeInput, startedAt);
            }
            return null;
          }

          @Override
          public Void timer(TimerNodeHandler timer) {
            startTimer(i, timer, startedAt);
            return null;
          }

          @Override
          public Void activity(ActivityNodeHandler activity) {
            startActivity(i, nodeInput, startedAt);
            return null;
          }

          @Override
          public Void control(ControlNodeHandler control) {
            if (version >= CONTROL_NODES) {
              startControl(i, control, startedAt);
            } else {
              // Histories from before control nodes ran them as activities.
              startActivity(i, nodeInput, startedAt);
            }
            return null;
          }
        });
  }

  private boolean needsActivity(Node node, JsonNode nodeInput) {
    boolean needsVault = Templates.roots(node.data()).contains("vault");
    return needsVault || (version >= CONTROL_NODES && touchesReference(node, nodeInput));
  }

  private void evaluate(int i, PureNodeHandler pure, JsonNode nodeInput, long startedAt) {
    Node node = nodes.get(i);
    try {
      ObjectNode config = (ObjectNode) Templates.render(node.data(), scope);
      NodeOutcome outcome = pure.evaluate(config, nodeInput);
      JsonNode passed = outcome.output();
      if (version >= CONTROL_NODES && ClaimCheck.sizeOf(passed) > ClaimCheck.INLINE_LIMIT_BYTES) {
        passed = offload(node, passed);
      }
      pendingLogs.add(log(node, "success", outcome.output(), 1, startedAt));
      complete(i, new NodeOutcome(passed, outcome.handle()));
    } catch (NodeFailure failure) {
      pendingLogs.add(log(node, "error", NodeActivitiesImpl.errorOutput(failure), 1, startedAt));
      failed(i, failure.getMessage(), failure.type());
    } catch (CanceledFailure cancelled) {
      throw cancelled;
    } catch (RuntimeException unexpected) {
      // A handler bug must fail the node, not the workflow task (which would retry forever).
      NodeFailure failure = new NodeFailure("internal_error", unexpected.toString(), false);
      pendingLogs.add(log(node, "error", NodeActivitiesImpl.errorOutput(failure), 1, startedAt));
      failed(i, failure.getMessage(), failure.type());
    }
  }

  /** Returns whether the node's templates or input reach into a claim-checked value. */
  private boolean touchesReference(Node node, JsonNode nodeInput) {
    if (ClaimCheck.isRef(nodeInput)) {
      return true;
    }
    for (String root : Templates.roots(node.data())) {
      if (ClaimCheck.isRef(scope.root(root))) {
        return true;
      }
    }
    return false;
  }

  /** Stores a large pure output out of history; fails the node when it exceeds the limit. */
  private JsonNode offload(Node node, JsonNode output) {
    try {
      return bookkeeping.offload(run, "node:" + node.id(), output);
    } catch (ActivityFailure e) {
      throw Failures.toNodeFailure(e, "");
    }
  }

  private Map<String, JsonNode> referencedRoots(Node node) {
    Map<String, JsonNode> referenced = new LinkedHashMap<>();
    for (String root : Templates.roots(node.data())) {
      JsonNode value = scope.root(root);
      if (value != null) {
        referenced.put(root, value);
      }
    }
    return referenced;
  }

  /**
   * Starts a control node. {@code terminate} ends the run here; the others run as blocking code in
   * a workflow thread of their own, inside a cancellation scope, and are logged by the interpreter.
   */
  private void startControl(int i, ControlNodeHandler control, long startedAt) {
    Node node = nodes.get(i);
    Supplier<NodeOutcome> body;
    try {
      if (control.kind() == ControlNodeHandler.Kind.TERMINATE) {
        ControlNodes.Termination termination = ControlNodes.termination(node, scope);
        pendingLogs.add(log(node, "success", termination.output(), 1, startedAt));
        nodeStates[i] = NodeState.DONE;
        outputs.put(node.id(), termination.output());
        throw new RunTerminated(termination.status(), termination.message(), termination.output());
      }
      body =
          ControlNodes.body(
              control.kind(), node, scope, referencedRoots(node), run, input.depth(), waits);
    } catch (NodeFailure failure) {
      logAndFail(i, failure, 1, startedAt);
      return;
    }
    List<Promise<Completion>> holder = new ArrayList<>();
    CancellationScope cancellation =
        Workflow.newCancellationScope(
            () ->
                holder.add(
                    Async.function(body::get)
                        .handle((outcome, error) -> new Completion(outcome, error))));
    cancellation.run();
    running.put(i, new Running(holder.get(0), cancellation, startedAt));
  }

  private void startTimer(int i, TimerNodeHandler timer, long startedAt) {
    Node node = nodes.get(i);
    Duration duration;
    try {
      duration = timer.duration((ObjectNode) Templates.render(node.data(), scope));
    } catch (NodeFailure failure) {
      logAndFail(i, failure, 1, startedAt);
      return;
    }
    List<Promise<Completion>> holder = new ArrayList<>();
    CancellationScope cancellation =
        Workflow.newCancellationScope(
            () ->
                holder.add(
                    Workflow.newTimer(duration)
                        .handle(
                            (ok, error) ->
                                new Completion(
                                    error == null ? NodeOutcome.of(timer.output(duration)) : null,
                                    error))));
    cancellation.run();
    running.put(i, new Running(holder.get(0), cancellation, startedAt));
  }

  private void startActivity(int i, JsonNode nodeInput, long startedAt) {
    Node node = nodes.get(i);
    NodeSettings settings = node.settings();
    Map<String, JsonNode> referenced = referencedRoots(node);
    NodeTask task =
        new NodeTask(
            run,
            node.id(),
            node.componentId(),
            node.data(),
            nodeInput,
            referenced,
            settings.retry().maxAttempts());
    NodeActivities activities =
        Workflow.newActivityStub(NodeActivities.class, activityOptions(settings));
    List<Promise<Completion>> holder = new ArrayList<>();
    CancellationScope cancellation =
        Workflow.newCancellationScope(
            () ->
                holder.add(
                    Async.function(activities::run, task)
                        .handle(
                            (NodeResult result, RuntimeException error) ->
                                new Completion(
                                    error == null
                                        ? new NodeOutcome(result.output(), result.handle())
                                        : null,
                                    error))));
    cancellation.run();
    running.put(i, new Running(holder.get(0), cancellation, startedAt));
  }

  private static ActivityOptions activityOptions(NodeSettings settings) {
    RetryPolicy retry = settings.retry();
    Duration initial = seconds(Math.max(retry.initialIntervalSeconds(), 0.001));
    Duration maximum = seconds(Math.max(retry.maxIntervalSeconds(), 0.001));
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(settings.timeoutSeconds()).plus(ACTIVITY_GRACE))
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .setCancellationType(ActivityCancellationType.TRY_CANCEL)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setMaximumAttempts(retry.maxAttempts())
                .setInitialInterval(initial)
                .setBackoffCoefficient(Math.max(retry.backoffCoefficient(), 1.0))
                .setMaximumInterval(maximum.compareTo(initial) < 0 ? initial : maximum)
                .build())
        .build();
  }

  private static Duration seconds(double value) {
    return Duration.ofMillis(Math.round(value * 1000));
  }

  private void finishAsync(int i, Running r) {
    Node node = nodes.get(i);
    Completion completion = r.promise().get();
    Waiting waiting = Waiting.of(registry.get(node.componentId()));
    if (waiting == Waiting.CONTROL) {
      finishControl(i, r, completion);
      return;
    }
    if (completion.failure() == null) {
      if (waiting == Waiting.TIMER) {
        pendingLogs.add(log(node, "success", completion.outcome().output(), 1, r.startedAt()));
      }
      complete(i, completion.outcome());
      return;
    }
    RuntimeException error = completion.failure();
    if (error instanceof CanceledFailure cancelled) {
      throw cancelled;
    }
    String type = "error";
    String message = error.getMessage();
    if (error instanceof ActivityFailure activityFailure) {
      Throwable cause = activityFailure.getCause();
      if (cause instanceof ApplicationFailure app) {
        message = app.getOriginalMessage();
        type = app.getType();
      } else if (cause instanceof TimeoutFailure) {
        type = "timeout";
        message = "timed out after " + node.settings().timeoutSeconds() + " seconds";
        int attempt =
            activityFailure.getRetryState() == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED
                ? node.settings().retry().maxAttempts()
                : 1;
        logAndFail(i, new NodeFailure(type, message, false), attempt, r.startedAt());
        return;
      } else if (cause instanceof CanceledFailure cancelled) {
        throw cancelled;
      } else if (cause != null) {
        message = cause.getMessage();
      }
    } else if (waiting == Waiting.TIMER) {
      logAndFail(i, new NodeFailure(type, message, false), 1, r.startedAt());
      return;
    }
    failed(i, message, type);
  }

  /** What a running node waits on, as far as finishing it differs. */
  private enum Waiting {
    CONTROL,
    TIMER,
    OTHER;

    static Waiting of(NodeHandler handler) {
      return handler.accept(
          new NodeHandler.Visitor<Waiting>() {
            @Override
            public Waiting trigger(TriggerHandler trigger) {
              return OTHER;
            }

            @Override
            public Waiting pure(PureNodeHandler pure) {
              return OTHER;
            }

            @Override
            public Waiting timer(TimerNodeHandler timer) {
              return TIMER;
            }

            @Override
            public Waiting activity(ActivityNodeHandler activity) {
              return OTHER;
            }

            @Override
            public Waiting control(ControlNodeHandler control) {
              return CONTROL;
            }
          });
    }
  }

  private void finishControl(int i, Running r, Completion completion) {
    if (completion.failure() == null) {
      pendingLogs.add(
          log(nodes.get(i), "success", completion.outcome().output(), 1, r.startedAt()));
      complete(i, completion.outcome());
      return;
    }
    logAndFail(i, Failures.toNodeFailure(completion.failure(), ""), 1, r.startedAt());
  }

  /** Logs a failure the activity could not log itself, then handles it. */
  private void logAndFail(int i, NodeFailure failure, int attempt, long startedAt) {
    pendingLogs.add(
        log(nodes.get(i), "error", NodeActivitiesImpl.errorOutput(failure), attempt, startedAt));
    failed(i, failure.getMessage(), failure.type());
  }

  /** Records a node's success and settles its outgoing edges by the outcome's handle. */
  private void complete(int i, NodeOutcome outcome) {
    nodeStates[i] = NodeState.DONE;
    outputs.put(nodes.get(i).id(), outcome.output());
    lastOutput = outcome.output();
    for (int e : outgoing.get(i)) {
      String handle = edges.get(e).sourceHandle();
      boolean taken = outcome.handle() == null ? handle == null : outcome.handle().equals(handle);
      edgeStates[e] = taken ? EdgeState.TAKEN : EdgeState.NOT_TAKEN;
    }
  }

  /** A node failed for good: take its error edges, or fail the run. */
  private void failed(int i, String message, String type) {
    Node node = nodes.get(i);
    if (!node.settings().continueOnError()) {
      throw new RunFailed("Node " + node.id() + " (" + node.componentId() + ") failed: " + message);
    }
    nodeStates[i] = NodeState.DONE;
    ObjectNode output = Json.object();
    output.putObject("error").put("message", message).put("type", type);
    outputs.put(node.id(), output);
    lastOutput = output;
    for (int e : outgoing.get(i)) {
      edgeStates[e] =
          "error".equals(edges.get(e).sourceHandle()) ? EdgeState.TAKEN : EdgeState.NOT_TAKEN;
    }
  }

  private LogEntry log(Node node, String status, JsonNode output, int attempt, long startedAt) {
    return new LogEntry(
        node.id(),
        node.componentId(),
        status,
        output,
        attempt,
        Workflow.currentTimeMillis() - startedAt);
  }

  private void flushLogs() {
    if (!pendingLogs.isEmpty()) {
      bookkeeping.writeLogs(run, List.copyOf(pendingLogs));
      pendingLogs.clear();
    }
  }
}

package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.ResumeState;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.ComponentSpec;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.NodeSettings;
import io.flowd.model.RetryPolicy;
import io.flowd.model.RunRef;
import io.flowd.model.graph.GraphIndex;
import io.flowd.model.graph.Handles;
import io.flowd.model.graph.RunState;
import io.flowd.model.template.TemplateScope;
import io.flowd.model.template.Templates;
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
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Walks one run's graph in workflow code. The graph rules (which edges a node takes, when a node is
 * ready or skipped, the order ready nodes start in) live in {@link RunState}; this class runs the
 * nodes it hands out and feeds their outcomes back. Every decision iterates lists in declaration
 * order, so replay is deterministic.
 */
final class GraphInterpreter {
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

  /** The {@link Workflow#getVersion} change id of the run timeout. */
  static final String RUN_TIMEOUT_CHANGE_ID = "flowd-run-timeout";

  /** The version that added the run timeout ({@code timeout_seconds} of the workflow). */
  static final int RUN_TIMEOUT = 1;

  /**
   * The {@link Workflow#getVersion} change id of what makes a run readable: node activities carry
   * the node id as activity id, and activities, timers, waits, child runs and log writes carry
   * summaries; the run's result and its waits (with rendered prompts) are written to PostgreSQL; an
   * error output keeps the details its activity gave (an HTTP error's status and body).
   */
  static final String VIEW_CHANGE_ID = "flowd-run-view";

  /** The version of {@link #VIEW_CHANGE_ID} that added all of it. */
  static final int RUN_VIEW = 1;

  /**
   * The version of {@link #VIEW_CHANGE_ID} that folds the run's bookkeeping into two writes: the
   * first log flush also marks the run running, and the last logs travel with the terminal status.
   */
  static final int FOLDED_BOOKKEEPING = 2;

  /**
   * The {@link Workflow#getVersion} change id of JSONata expressions: from version 1 on, a string
   * that is exactly {@code {{= ... }}} is evaluated instead of staying text. Only runs whose graph
   * holds an expression record the marker, so other histories replay as before.
   */
  static final String EXPRESSIONS_CHANGE_ID = "flowd-expressions";

  /** The version that evaluates {@code {{= }}} expressions. */
  static final int EXPRESSIONS = 1;

  /** Longest summary of a log batch; the UI shows summaries on one line. */
  private static final int SUMMARY_CHARS = 200;

  /**
   * The change id of the bookkeeping failure path: version 1 records a run whose bookkeeping write
   * gave up as {@code failed} instead of leaving its row open.
   */
  static final String BOOKKEEPING_CHANGE_ID = "flowd-bookkeeping-failure";

  /** Extra time the activity gets beyond the node's own timeout, so it can log its failure. */
  private static final Duration ACTIVITY_GRACE = Duration.ofSeconds(5);

  /**
   * The change id of the node activity's recording time: from version 1 on, an attempt gets {@link
   * #RECORDING_GRACE} beyond the node's timeout (the activity itself ends the node's work at the
   * timeout), so an attempt whose call succeeded while PostgreSQL restarts still logs its success
   * before Temporal gives up on it and starts an attempt that would call the peer again.
   */
  static final String RECORDING_GRACE_CHANGE_ID = "flowd-node-recording-grace";

  /** Time for PostgreSQL reads and the success log beyond the node's timeout (version 1). */
  private static final Duration RECORDING_GRACE = Duration.ofMinutes(2);

  /** The node activity heartbeats every second; a cancelled run reaches it through them. */
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private final GraphRunInput input;
  private final RunRef run;
  private final NodeHandlerRegistry registry;
  private final RunBookkeeping bookkeeping;
  private final List<Node> nodes;
  private final RunState state;
  private final Map<String, JsonNode> outputs = new LinkedHashMap<>();
  private final Map<Integer, Running> running = new LinkedHashMap<>();
  private final List<LogEntry> pendingLogs = new ArrayList<>();
  private final TemplateScope scope;
  private final InputWaits waits;
  private final Function<String, RunBookkeeping> summarized;
  private JsonNode lastOutput;
  private int version = Workflow.DEFAULT_VERSION;
  private int viewVersion = Workflow.DEFAULT_VERSION;
  private int expressionsVersion = Workflow.DEFAULT_VERSION;
  private boolean begun;

  /**
   * @param summarized makes a bookkeeping stub whose calls carry a summary
   */
  GraphInterpreter(
      GraphRunInput input,
      NodeHandlerRegistry registry,
      RunBookkeeping bookkeeping,
      Function<String, RunBookkeeping> summarized) {
    this.input = input;
    this.summarized = summarized;
    this.run = input.run();
    this.registry = registry;
    this.bookkeeping = bookkeeping;
    this.nodes = input.graph().nodes();
    this.state = new RunState(GraphIndex.of(input.graph()));
    this.waits = new InputWaits(bookkeeping, run);
    ObjectNode runRoot = Json.object().put("id", run.runId());
    ObjectNode workflowRoot =
        Json.object().put("id", run.workflowId()).put("version", run.workflowVersion());
    this.scope =
        new TemplateScope() {
          @Override
          public JsonNode root(String root) {
            return switch (root) {
              case "trigger" -> input.triggerPayload();
              case "run" -> runRoot;
              case "workflow" -> workflowRoot;
              default -> outputs.get(root);
            };
          }

          @Override
          public long nowMillis() {
            return Workflow.currentTimeMillis();
          }

          @Override
          public boolean evaluatesExpressions() {
            return expressionsVersion >= EXPRESSIONS;
          }
        };
  }

  /** Returns the run's waits for outside input. */
  InputWaits waits() {
    return waits;
  }

  RunResult execute() {
    version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, CONTROL_NODES);
    viewVersion = Workflow.getVersion(VIEW_CHANGE_ID, Workflow.DEFAULT_VERSION, FOLDED_BOOKKEEPING);
    if (usesExpressions()) {
      expressionsVersion =
          Workflow.getVersion(EXPRESSIONS_CHANGE_ID, Workflow.DEFAULT_VERSION, EXPRESSIONS);
    }
    waits.recordWaits(viewed(), summarized);
    try {
      if (!folded()) {
        (viewed() ? bookkeeping("run " + run.runId() + " starts") : bookkeeping).markRunning(run);
      }
      Promise<Void> deadline = deadline();
      if (!restoreResumeState()) {
        startTrigger();
      }
      while (true) {
        advance();
        if (folded() && running.isEmpty()) {
          // The run ends now: its last logs travel with its terminal status.
          break;
        }
        flushLogs();
        if (version >= CONTROL_NODES) {
          waits.syncStatus();
        }
        if (running.isEmpty()) {
          break;
        }
        List<Promise<Completion>> promises = new ArrayList<>();
        running.values().forEach(r -> promises.add(r.promise()));
        if (deadline != null) {
          promises.add(deadline.thenApply(ignored -> (Completion) null));
        }
        Promise.anyOf(promises).get();
        if (deadline != null && deadline.isCompleted()) {
          throw new RunFailed("run timed out after " + input.timeoutSeconds() + " s");
        }
        for (int i = 0; i < nodes.size(); i++) {
          Running r = running.get(i);
          if (r != null && r.promise().isCompleted()) {
            running.remove(i);
            finishAsync(i, r);
          }
        }
      }
      end("completed", null, lastOutput);
      return new RunResult("completed", lastOutput);
    } catch (RunFailed failed) {
      running.values().forEach(r -> r.scope().cancel("run failed"));
      end("failed", failed.getMessage(), null);
      throw ApplicationFailure.newNonRetryableFailure(failed.getMessage(), "NodeFailed");
    } catch (RunTerminated terminated) {
      running.values().forEach(r -> r.scope().cancel("run terminated"));
      boolean failed = "failed".equals(terminated.status);
      end(
          terminated.status,
          failed ? terminated.getMessage() : null,
          failed ? null : terminated.output);
      if (failed) {
        throw ApplicationFailure.newNonRetryableFailure(terminated.getMessage(), "Terminated");
      }
      return new RunResult("completed", terminated.output);
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(() -> end("cancelled", "Run was cancelled", null))
          .run();
      throw cancelled;
    } catch (ActivityFailure bookkeepingFailed) {
      // Node activities never throw here (their failures are completions): a bookkeeping write
      // gave up after its retries.
      if (Workflow.getVersion(BOOKKEEPING_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) < 1) {
        throw bookkeepingFailed;
      }
      running.values().forEach(r -> r.scope().cancel("bookkeeping failed"));
      String message =
          "The run could not record its progress in PostgreSQL: "
              + Failures.toNodeFailure(bookkeepingFailed, "").getMessage();
      Workflow.newDetachedCancellationScope(() -> bookkeeping.finish(run, "failed", message)).run();
      throw ApplicationFailure.newNonRetryableFailure(message, "BookkeepingFailed");
    }
  }

  /**
   * Returns whether any node's config holds an expression (a {@code {{= }}} or an expression
   * field).
   */
  private boolean usesExpressions() {
    for (Node node : nodes) {
      ComponentSpec spec = registry.find(node.componentId()).orElse(null);
      if (spec != null && !spec.expressionFields().isEmpty()) {
        return true;
      }
      if (Templates.holdsExpression(node.data())) {
        return true;
      }
    }
    return false;
  }

  /** Returns the node's config as rendered: its expression fields read as expressions. */
  private ObjectNode data(Node node) {
    ComponentSpec spec = registry.find(node.componentId()).orElse(null);
    return spec == null
        ? node.data()
        : Templates.withExpressionFields(node.data(), spec.expressionFields());
  }

  /**
   * Returns the timer of the run's timeout, or {@code null} when it has none. Runs without a
   * timeout record no version marker, so their histories replay as before.
   */
  private Promise<Void> deadline() {
    Integer seconds = input.timeoutSeconds();
    if (seconds == null
        || Workflow.getVersion(RUN_TIMEOUT_CHANGE_ID, Workflow.DEFAULT_VERSION, RUN_TIMEOUT)
            < RUN_TIMEOUT) {
      return null;
    }
    return Workflow.newTimer(Duration.ofSeconds(seconds));
  }

  private RunBookkeeping bookkeeping(String summary) {
    return summarized.apply(summary);
  }

  private boolean viewed() {
    return viewVersion >= RUN_VIEW;
  }

  private boolean folded() {
    return viewVersion >= FOLDED_BOOKKEEPING;
  }

  /**
   * Writes the logs not written yet and the run's terminal status and, from {@link #RUN_VIEW} on,
   * its result; from {@link #FOLDED_BOOKKEEPING} on in one write.
   */
  private void end(String status, String errorMessage, JsonNode output) {
    if (folded()) {
      List<LogEntry> last = List.copyOf(pendingLogs);
      pendingLogs.clear();
      bookkeeping(endSummary(status, last))
          .completeWithLogs(run, last, status, errorMessage, output);
      return;
    }
    flushLogs();
    if (viewed()) {
      bookkeeping("run " + run.runId() + " " + status).complete(run, status, errorMessage, output);
    } else {
      bookkeeping.finish(run, status, errorMessage);
    }
  }

  /** Returns how the Temporal UI names a node: {@code "post · webhook"}. */
  static String summary(Node node) {
    JsonNode label = node.data() == null ? null : node.data().get("label");
    String name =
        label != null && label.isTextual() && !label.asText().isBlank()
            ? label.asText().strip()
            : node.id();
    return name + " · " + node.componentId();
  }

  private void startTrigger() {
    List<Integer> triggers = state.index().triggers();
    if (triggers.isEmpty()) {
      throw new RunFailed("The graph has no trigger node");
    }
    int i = triggers.get(0);
    Node trigger = nodes.get(i);
    pendingLogs.add(
        new LogEntry(
            trigger.id(), trigger.componentId(), "success", input.triggerPayload(), 1, 0, null));
    complete(i, NodeOutcome.of(input.triggerPayload()));
  }

  /**
   * Gives a resumed run the upstream state it inherits (no logs, nothing run): every node upstream
   * of the start node is done with its old output and handle, or skipped when the old run did not
   * reach it, and side branches the old run already ran are not run again. Returns false when the
   * run starts at its trigger.
   */
  private boolean restoreResumeState() {
    ResumeState resume = input.resume();
    int from = resume == null ? -1 : state.index().indexOf(resume.fromNodeId());
    if (from < 0 || state.index().isTrigger(from)) {
      return false;
    }
    Map<String, ResumeState.RestoredNode> restored = new LinkedHashMap<>();
    for (ResumeState.RestoredNode node : resume.restored()) {
      restored.put(node.nodeId(), node);
    }
    state.resumeAt(
        from,
        (i, reached) -> {
          ResumeState.RestoredNode old = restored.get(nodes.get(i).id());
          if (state.index().isTrigger(i)) {
            record(i, input.triggerPayload());
            return RunState.Prior.leftBy(null);
          } else if (old != null) {
            record(i, old.output());
            return RunState.Prior.leftBy(old.handle());
          }
          return RunState.Prior.skipped();
        });
    return true;
  }

  /** Starts every ready node, skipping on the way those no taken edge leads to. */
  private void advance() {
    for (int i = state.nextToRun(); i >= 0; i = state.nextToRun()) {
      start(i);
    }
  }

  private void start(int i) {
    Node node = nodes.get(i);
    NodeHandler handler = registry.get(node.componentId());
    JsonNode nodeInput = outputs.get(nodes.get(state.firstTakenPredecessor(i)).id());
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
    boolean needsVault = Templates.roots(data(node)).contains("vault");
    return needsVault || (version >= CONTROL_NODES && touchesReference(node, nodeInput));
  }

  private void evaluate(int i, PureNodeHandler pure, JsonNode nodeInput, long startedAt) {
    Node node = nodes.get(i);
    try {
      ObjectNode config = NodeExecution.render(pure, node.data(), scope);
      NodeOutcome outcome = pure.evaluate(config, nodeInput);
      JsonNode passed = outcome.output();
      if (version >= CONTROL_NODES && ClaimCheck.sizeOf(passed) > ClaimCheck.INLINE_LIMIT_BYTES) {
        passed = offload(node, passed);
      }
      pendingLogs.add(log(node, "success", outcome.output(), outcome.handle(), 1, startedAt));
      complete(i, new NodeOutcome(passed, outcome.handle()));
    } catch (NodeFailure failure) {
      logAndFail(i, failure, 1, startedAt);
    } catch (CanceledFailure cancelled) {
      throw cancelled;
    } catch (RuntimeException unexpected) {
      // A handler bug must fail the node, not the workflow task (which would retry forever).
      NodeFailure failure = new NodeFailure("internal_error", unexpected.toString(), false);
      logAndFail(i, failure, 1, startedAt);
    }
  }

  /** Returns whether the node's templates or input reach into a claim-checked value. */
  private boolean touchesReference(Node node, JsonNode nodeInput) {
    if (ClaimCheck.isRef(nodeInput)) {
      return true;
    }
    for (String root : Templates.roots(data(node))) {
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
    for (String root : Templates.roots(data(node))) {
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
        pendingLogs.add(log(node, "success", termination.output(), null, 1, startedAt));
        outputs.put(node.id(), termination.output());
        throw new RunTerminated(termination.status(), termination.message(), termination.output());
      }
      body =
          ControlNodes.body(
              control.kind(),
              node,
              scope,
              referencedRoots(node),
              run,
              input.depth(),
              waits,
              viewed());
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
      duration = timer.duration(NodeExecution.render(null, node.data(), scope));
    } catch (NodeFailure failure) {
      logAndFail(i, failure, 1, startedAt);
      return;
    }
    TimerOptions timerOptions =
        viewed() ? TimerOptions.newBuilder().setSummary(summary(node)).build() : null;
    List<Promise<Completion>> holder = new ArrayList<>();
    CancellationScope cancellation =
        Workflow.newCancellationScope(
            () ->
                holder.add(
                    (timerOptions == null
                            ? Workflow.newTimer(duration)
                            : Workflow.newTimer(duration, timerOptions))
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
    ActivityOptions options =
        activityOptions(
            settings,
            Workflow.getVersion(RECORDING_GRACE_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1
                ? RECORDING_GRACE
                : ACTIVITY_GRACE);
    if (viewed()) {
      options = options.toBuilder().setSummary(summary(node)).build();
    }
    NodeActivities activities = Workflow.newActivityStub(NodeActivities.class, options);
    List<Promise<Completion>> holder = new ArrayList<>();
    CancellationScope cancellation =
        Workflow.newCancellationScope(
            () ->
                holder.add(
                    (viewed()
                            ? ActivityIds.schedule(
                                node.id(), () -> Async.function(activities::run, task))
                            : Async.function(activities::run, task))
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

  private static ActivityOptions activityOptions(NodeSettings settings, Duration grace) {
    RetryPolicy retry = settings.retry();
    Duration initial = seconds(Math.max(retry.initialIntervalSeconds(), 0.001));
    Duration maximum = seconds(Math.max(retry.maxIntervalSeconds(), 0.001));
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(settings.timeoutSeconds()).plus(grace))
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
        pendingLogs.add(
            log(node, "success", completion.outcome().output(), null, 1, r.startedAt()));
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
    JsonNode details = null;
    if (error instanceof ActivityFailure activityFailure) {
      Throwable cause = activityFailure.getCause();
      if (cause instanceof ApplicationFailure app) {
        message = app.getOriginalMessage();
        type = app.getType();
        if (viewed() && app.getDetails().getSize() > 0) {
          details = app.getDetails().get(JsonNode.class);
        }
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
    failed(i, message, type, details);
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
      NodeOutcome outcome = completion.outcome();
      JsonNode logged = IteratorLogs.logged(nodes.get(i), run, outcome.output());
      pendingLogs.add(log(nodes.get(i), "success", logged, outcome.handle(), 1, r.startedAt()));
      complete(i, completion.outcome());
      return;
    }
    logAndFail(i, Failures.toNodeFailure(completion.failure(), ""), 1, r.startedAt());
  }

  /** Logs a failure the activity could not log itself, then handles it. */
  private void logAndFail(int i, NodeFailure failure, int attempt, long startedAt) {
    Node node = nodes.get(i);
    pendingLogs.add(
        log(
            node,
            "error",
            NodeActivitiesImpl.errorOutput(failure),
            Handles.ofFailure(node.settings()),
            attempt,
            startedAt));
    failed(i, failure.getMessage(), failure.type());
  }

  /** Records a node's success and settles its outgoing edges by the outcome's handle. */
  private void complete(int i, NodeOutcome outcome) {
    state.complete(i, outcome.handle());
    record(i, outcome.output());
  }

  /** A node failed for good: take its error edges, or fail the run. */
  private void failed(int i, String message, String type) {
    failed(i, message, type, null);
  }

  /**
   * A node failed for good: take its error edges, or fail the run. {@code errorOutput} is the error
   * output its activity made ({@code {"error": {"message", "type", …}}} or its claim-check
   * reference), or {@code null} to build it from the message and type.
   */
  private void failed(int i, String message, String type, JsonNode errorOutput) {
    Node node = nodes.get(i);
    if (!state.fail(i)) {
      throw new RunFailed("Node " + node.id() + " (" + node.componentId() + ") failed: " + message);
    }
    JsonNode output = errorOutput;
    if (output == null) {
      ObjectNode built = Json.object();
      built.putObject("error").put("message", message).put("type", type);
      output = built;
    }
    record(i, output);
  }

  /** Makes the node's output addressable by its id and the run's latest output. */
  private void record(int i, JsonNode output) {
    outputs.put(nodes.get(i).id(), output);
    lastOutput = output;
  }

  private LogEntry log(
      Node node, String status, JsonNode output, String handle, int attempt, long startedAt) {
    return new LogEntry(
        node.id(),
        node.componentId(),
        status,
        output,
        attempt,
        Workflow.currentTimeMillis() - startedAt,
        handle);
  }

  private void flushLogs() {
    if (folded() && !begun) {
      // The run's first write marks it running, with the logs of what ran before its first wait.
      begun = true;
      List<LogEntry> first = List.copyOf(pendingLogs);
      pendingLogs.clear();
      bookkeeping(beginSummary(first)).begin(run, first);
      return;
    }
    if (!pendingLogs.isEmpty()) {
      RunBookkeeping writer = viewed() ? bookkeeping(logsSummary(pendingLogs)) : bookkeeping;
      writer.writeLogs(run, List.copyOf(pendingLogs));
      pendingLogs.clear();
    }
  }

  private String beginSummary(List<LogEntry> entries) {
    String starts = "run " + run.runId() + " starts";
    return entries.isEmpty() ? starts : starts + "; " + logsSummary(entries);
  }

  private String endSummary(String status, List<LogEntry> entries) {
    String ends = "run " + run.runId() + " " + status;
    return entries.isEmpty() ? ends : ends + "; " + logsSummary(entries);
  }

  /** Names the nodes whose logs a batch writes, so nodes run in workflow code show in the UI. */
  private static String logsSummary(List<LogEntry> entries) {
    StringBuilder text = new StringBuilder("logs: ");
    for (int k = 0; k < entries.size(); k++) {
      String next =
          (k == 0 ? "" : ", ") + entries.get(k).nodeId() + " · " + entries.get(k).componentId();
      if (text.length() + next.length() > SUMMARY_CHARS) {
        text.append(" and ").append(entries.size() - k).append(" more");
        break;
      }
      text.append(next);
    }
    return text.toString();
  }
}

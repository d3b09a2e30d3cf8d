package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.ComponentSpec;
import io.flowd.model.Node;
import io.flowd.model.NodeSettings;
import io.flowd.model.RunRef;
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
import io.flowd.worker.activity.NodeActivities;
import io.flowd.worker.activity.NodeResult;
import io.flowd.worker.activity.NodeTask;
import io.flowd.worker.activity.RunBookkeeping;
import io.flowd.worker.observability.RunTraces;
import io.flowd.worker.workflow.RunningNodes.Completion;
import io.flowd.worker.workflow.RunningNodes.Finish;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts a ready node by its handler kind, the one place that choice is made: a pure node is
 * evaluated in workflow code (or as an activity when it needs the vault or a claim-checked value),
 * a timer waits, an activity node runs its activity, and a control node runs as workflow code of
 * its own. A node that does not end at once joins the {@link RunningNodes} with how its end is
 * read.
 */
final class NodeDispatch {
  private final RunRef run;
  private final int depth;
  private final List<Node> nodes;
  private final RunState state;
  private final NodeHandlerRegistry registry;
  private final RunBookkeeping bookkeeping;
  private final RunOutputs outputs;
  private final RunRecorder recorder;
  private final NodeResults results;
  private final RunningNodes running;
  private final InputWaits waits;
  private HistoryVersions versions = HistoryVersions.unread();

  NodeDispatch(
      RunRef run,
      int depth,
      List<Node> nodes,
      RunState state,
      NodeHandlerRegistry registry,
      RunBookkeeping bookkeeping,
      RunOutputs outputs,
      RunRecorder recorder,
      NodeResults results,
      RunningNodes running,
      InputWaits waits) {
    this.run = run;
    this.depth = depth;
    this.nodes = nodes;
    this.state = state;
    this.registry = registry;
    this.bookkeeping = bookkeeping;
    this.outputs = outputs;
    this.recorder = recorder;
    this.results = results;
    this.running = running;
    this.waits = waits;
  }

  /** Takes the run's gates once it has read them. */
  void versions(HistoryVersions versions) {
    this.versions = versions;
  }

  /** Starts every ready node, skipping on the way those no taken edge leads to. */
  void startReady() {
    for (int i = state.nextToRun(); i >= 0; i = state.nextToRun()) {
      start(i);
    }
  }

  private void start(int i) {
    Node node = nodes.get(i);
    NodeHandler handler = registry.get(node.componentId());
    JsonNode nodeInput = outputs.of(nodes.get(state.firstTakenPredecessor(i)).id());
    long startedAt = Workflow.currentTimeMillis();
    handler.accept(
        new NodeHandler.Visitor<Void>() {
          @Override
          public Void trigger(TriggerHandler trigger) {
            results.failed(i, "a trigger can only start a run", "invalid_graph", null);
            return null;
          }

          @Override
          public Void pure(PureNodeHandler pure) {
            if (needsActivity(node, nodeInput)) {
              startActivity(i, nodeInput, startedAt, Finish.ACTIVITY);
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
            startActivity(i, nodeInput, startedAt, Finish.ACTIVITY);
            return null;
          }

          @Override
          public Void control(ControlNodeHandler control) {
            if (versions.controlNodes()) {
              startControl(i, control, startedAt);
            } else {
              // Histories from before control nodes ran them as activities, and finished them as
              // control nodes.
              startActivity(i, nodeInput, startedAt, Finish.CONTROL);
            }
            return null;
          }
        });
  }

  /** Returns the node's config as rendered: its expression fields read as expressions. */
  private ObjectNode data(Node node) {
    ComponentSpec spec = registry.find(node.componentId()).orElse(null);
    return spec == null
        ? node.data()
        : Templates.withExpressionFields(node.data(), spec.expressionFields());
  }

  private boolean needsActivity(Node node, JsonNode nodeInput) {
    boolean needsVault = Templates.roots(data(node)).contains("vault");
    return needsVault || (versions.controlNodes() && touchesReference(node, nodeInput));
  }

  private void evaluate(int i, PureNodeHandler pure, JsonNode nodeInput, long startedAt) {
    Node node = nodes.get(i);
    try {
      ObjectNode config = NodeExecution.render(pure, node.data(), outputs.scope());
      NodeOutcome outcome = pure.evaluate(config, nodeInput);
      JsonNode passed = outcome.output();
      if (versions.controlNodes() && ClaimCheck.sizeOf(passed) > ClaimCheck.INLINE_LIMIT_BYTES) {
        passed = offload(node, passed);
      }
      recorder.log(node, "success", outcome.output(), outcome.handle(), 1, startedAt);
      results.complete(i, new NodeOutcome(passed, outcome.handle()));
    } catch (NodeFailure failure) {
      results.logAndFail(i, failure, 1, startedAt);
    } catch (CanceledFailure cancelled) {
      throw cancelled;
    } catch (RuntimeException unexpected) {
      // A handler bug must fail the node, not the workflow task (which would retry forever).
      NodeFailure failure = new NodeFailure("internal_error", unexpected.toString(), false);
      results.logAndFail(i, failure, 1, startedAt);
    }
  }

  /** Returns whether the node's templates or input reach into a claim-checked value. */
  private boolean touchesReference(Node node, JsonNode nodeInput) {
    if (ClaimCheck.isRef(nodeInput)) {
      return true;
    }
    for (String root : Templates.roots(data(node))) {
      if (ClaimCheck.isRef(outputs.scope().root(root))) {
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
      JsonNode value = outputs.scope().root(root);
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
    TemplateScope scope = outputs.scope();
    Supplier<NodeOutcome> body;
    try {
      if (control.kind() == ControlNodeHandler.Kind.TERMINATE) {
        ControlNodes.Termination termination = ControlNodes.termination(node, scope);
        recorder.log(node, "success", termination.output(), null, 1, startedAt);
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
              depth,
              waits,
              versions.viewed());
    } catch (NodeFailure failure) {
      results.logAndFail(i, failure, 1, startedAt);
      return;
    }
    Supplier<NodeOutcome> traced =
        RunTraces.around(
            control.kind() == ControlNodeHandler.Kind.TRIGGER_WORKFLOW
                    || control.kind() == ControlNodeHandler.Kind.ITERATOR
                ? "child run"
                : "wait",
            node.id(),
            node.componentId(),
            startedAt,
            body);
    running.start(
        i,
        startedAt,
        Finish.CONTROL,
        () ->
            Async.function(traced::get).handle((outcome, error) -> new Completion(outcome, error)));
  }

  private void startTimer(int i, TimerNodeHandler timer, long startedAt) {
    Node node = nodes.get(i);
    Duration duration;
    try {
      duration = timer.duration(NodeExecution.render(null, node.data(), outputs.scope()));
    } catch (NodeFailure failure) {
      results.logAndFail(i, failure, 1, startedAt);
      return;
    }
    TimerOptions timerOptions =
        versions.viewed()
            ? TimerOptions.newBuilder().setSummary(NodeSummary.of(node)).build()
            : null;
    running.start(
        i,
        startedAt,
        Finish.TIMER,
        () ->
            (timerOptions == null
                    ? Workflow.newTimer(duration)
                    : Workflow.newTimer(duration, timerOptions))
                .handle(
                    (ok, error) -> {
                      RunTraces.ended(
                          "wait",
                          node.id(),
                          node.componentId(),
                          startedAt,
                          error == null ? "success" : "cancelled");
                      return new Completion(
                          error == null ? NodeOutcome.of(timer.output(duration)) : null, error);
                    }));
  }

  private void startActivity(int i, JsonNode nodeInput, long startedAt, Finish finish) {
    Node node = nodes.get(i);
    NodeSettings settings = node.settings();
    Map<String, JsonNode> referenced =
        registry.get(node.componentId()) instanceof ActivityNodeHandler activity
                && activity.readsWholeScope()
            ? outputs.wholeScope()
            : referencedRoots(node);
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
        NodeActivityOptions.of(
            settings,
            HistoryVersions.recordingGrace()
                ? NodeActivityOptions.RECORDING_GRACE
                : NodeActivityOptions.ACTIVITY_GRACE);
    if (versions.viewed()) {
      options = options.toBuilder().setSummary(NodeSummary.of(node)).build();
    }
    NodeActivities activities = Workflow.newActivityStub(NodeActivities.class, options);
    boolean viewed = versions.viewed();
    running.start(
        i,
        startedAt,
        finish,
        () ->
            (viewed
                    ? ActivityIds.schedule(node.id(), () -> Async.function(activities::run, task))
                    : Async.function(activities::run, task))
                .handle(
                    (NodeResult result, RuntimeException error) ->
                        new Completion(
                            error == null
                                ? new NodeOutcome(result.output(), result.handle())
                                : null,
                            error)));
  }
}

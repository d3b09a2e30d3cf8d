package io.flowd.worker.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.engine.RunLaunch;
import io.flowd.engine.RunSpec;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.IteratorLog;
import io.flowd.engine.workflow.IteratorPlan;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunRef;
import io.flowd.model.RunStatus;
import io.flowd.model.Workflow;
import io.flowd.model.template.TemplateScope;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.components.IteratorHandler;
import io.flowd.nodes.payload.ClaimCheck;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.runs.RunClosing;
import io.flowd.runs.RunOutcome;
import io.flowd.runs.RunRequest;
import io.flowd.runs.TriggerType;
import io.flowd.store.ChildRunCountDao;
import io.flowd.store.Database;
import io.flowd.store.RunDao;
import io.flowd.store.WorkflowDao;
import io.flowd.worker.activity.ActivityRunEngine;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Child runs in PostgreSQL; see {@link ChildRunActivities}. */
public final class ChildRunActivitiesImpl implements ChildRunActivities {
  /** How often a queued child run's parent looks whether it got its slot. */
  private static final long SLOT_POLL_MILLIS = 250;

  private final Database database;
  private final RunDao runs;
  private final WorkflowDao workflows;
  private final PayloadStore payloads;
  private final RunLaunch launch;
  private final ActivityRunEngine engine;

  public ChildRunActivitiesImpl(Database database, RunLaunch launch) {
    this.workflows = database.dao(WorkflowDao.class);
    this.database = database;
    this.runs = database.dao(RunDao.class);
    this.payloads = new PayloadStore(database);
    this.launch = launch;
    this.engine = new ActivityRunEngine(database, launch);
  }

  @Override
  public ChildRunPlan createChildRun(ChildRunRequest request) {
    return failingClearly(
        () -> {
          ObjectNode config = render(request);
          Workflow target = workflow(request.parent(), text(config, "workflow_id"), null);
          JsonNode context = config.get("context");
          if (context == null || context.isNull()) {
            context = Json.object();
          }
          JsonNode wait = config.get("wait");
          boolean waitForResult =
              wait != null && (wait.asBoolean(false) || "true".equals(wait.asText()));
          return record(
                  request.parent(),
                  target,
                  TriggerType.CHILD,
                  request.childRunId(),
                  context,
                  request.depth())
              .withWait(waitForResult);
        });
  }

  @Override
  public IteratorPlan prepareIterator(ChildRunRequest request) {
    return failingClearly(
        () -> {
          ObjectNode config = render(request);
          JsonNode items = payloads.resolve(request.parent().tenantId(), config.get("items"));
          if (items == null || !items.isArray()) {
            throw new NodeFailure(
                "invalid_items",
                "items must resolve to an array, not "
                    + (items == null ? "nothing" : items.getNodeType().name().toLowerCase()),
                false);
          }
          Workflow target = workflow(request.parent(), text(config, "workflow_id"), null);
          String itemsId = payloads.store(request.parent(), "items:" + request.nodeId(), items);
          int concurrency =
              IteratorHandler.intOr(config, "concurrency", IteratorHandler.DEFAULT_CONCURRENCY);
          int batchSize =
              IteratorHandler.intOr(config, "batch_size", IteratorHandler.DEFAULT_BATCH_SIZE);
          return new IteratorPlan(
              itemsId, items.size(), target.id(), target.version(), concurrency, batchSize);
        });
  }

  @Override
  public ItemRuns createItemRuns(ItemRunsRequest request) {
    return failingClearly(
        () -> {
          RunRef parent = request.parent();
          IteratorPlan plan = request.plan();
          Workflow target = workflow(parent, plan.workflowId(), plan.workflowVersion());
          JsonNode items = payloads.resolve(parent.tenantId(), ClaimCheck.ref(plan.itemsId()));
          List<ChildRunPlan> planned = new ArrayList<>();
          for (int k = 0; k < request.runIds().size(); k++) {
            JsonNode item = items.get(request.from() + k);
            planned.add(
                record(
                        parent,
                        target,
                        TriggerType.ITERATOR_ITEM,
                        request.runIds().get(k),
                        item,
                        request.depth())
                    .withWait(true));
          }
          return new ItemRuns(planned);
        });
  }

  @Override
  public String storeResults(RunRef parent, String owner, List<JsonNode> results) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    results.forEach(array::add);
    return payloads.store(parent, owner, array);
  }

  @Override
  public JsonNode combineResults(RunRef parent, String nodeId, List<String> resultIds) {
    return failingClearly(
        () -> {
          ObjectNode output = Json.object();
          ArrayNode all = output.putArray("results");
          for (String id : resultIds) {
            all.addAll((ArrayNode) payloads.resolve(parent.tenantId(), ClaimCheck.ref(id)));
          }
          return payloads.offload(parent, "node:" + nodeId, output);
        });
  }

  @Override
  public JsonNode summarizeIterator(
      RunRef parent, String nodeId, String workflowId, JsonNode output) {
    return failingClearly(
        () -> {
          JsonNode ref =
              ClaimCheck.isRef(output)
                  ? output
                  : ClaimCheck.ref(payloads.store(parent, "node:" + nodeId, output));
          int items = payloads.resolve(parent.tenantId(), output).path("results").size();
          Map<String, Integer> counts = new LinkedHashMap<>();
          for (ChildRunCountDao.StatusCount count :
              database
                  .dao(ChildRunCountDao.class)
                  .byStatus(parent.tenantId(), parent.runId(), workflowId)) {
            counts.put(count.status(), count.count());
          }
          return IteratorLog.summary(parent.runId(), workflowId, items, counts, ref);
        });
  }

  @Override
  public int cancelUnstarted(RunRef parent, List<String> runIds, String reason) {
    return runIds.isEmpty()
        ? 0
        : RunClosing.cancelUnstartedChildren(
            database, parent.tenantId(), parent.runId(), runIds, reason);
  }

  private ObjectNode render(ChildRunRequest request) {
    Map<String, JsonNode> scope = payloads.resolveAll(request.parent().tenantId(), request.scope());
    return NodeExecution.render(
        null, request.data(), TemplateScope.at(System.currentTimeMillis(), scope::get));
  }

  private static String text(JsonNode config, String field) {
    JsonNode value = config.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new NodeFailure("invalid_config", field + " must name a workflow", false);
    }
    return value.asText();
  }

  private Workflow workflow(RunRef parent, String workflowId, Integer version) {
    return (version == null
            ? workflows.find(parent.tenantId(), workflowId, "")
            : workflows.findVersion(parent.tenantId(), workflowId, version, ""))
        .orElseThrow(
            () ->
                new NodeFailure(
                    "workflow_not_found",
                    "workflow " + workflowId + " was not found in this tenant",
                    false));
  }

  private ChildRunPlan record(
      RunRef parent,
      Workflow target,
      TriggerType trigger,
      String runId,
      JsonNode payload,
      int depth) {
    RunSpec spec =
        RunSpec.of(
            parent.tenantId(), target.id(), target.version(), target.name(), runId, trigger.json());
    RunOutcome outcome =
        engine
            .get()
            .start(
                RunRequest.of(parent.tenantId(), target, trigger, payload)
                    .withRunId(runId)
                    .withParent(parent.runId()));
    Run run = outcome.runOrNull();
    if (run == null) {
      // PostgreSQL unreachable: the activity is retried and names the same run.
      throw new IllegalStateException("child run " + runId + " not recorded: " + outcome);
    }
    RunRef child = spec.ref();
    JsonNode passed = payloads.offload(child, "trigger", payload);
    return new ChildRunPlan(
        new GraphRunInput(child, target.graph(), passed, depth)
            .withTimeout(target.timeoutSeconds()),
        run.temporalWorkflowId(),
        true,
        spec,
        launch.searchAttributes(),
        run.status() != RunStatus.PENDING);
  }

  @Override
  public void awaitSlot(RunRef run) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    while (true) {
      RunStatus status = runs.find(run.tenantId(), run.runId()).map(r -> r.status()).orElse(null);
      if (status == null || status.isTerminal()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "child run "
                + run.runId()
                + (status == null ? " was deleted" : " ended " + status.json())
                + " before it could start",
            "child_not_started");
      }
      if (status != RunStatus.QUEUED) {
        return;
      }
      try {
        context.heartbeat(null);
      } catch (ActivityCompletionException cancelled) {
        RunClosing.cancelUndispatched(database, run.tenantId(), run.runId());
        throw cancelled;
      }
      try {
        Thread.sleep(SLOT_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure("interrupted while waiting for a slot", "interrupted");
      }
    }
  }

  /** Turns a {@link NodeFailure} into a failure Temporal does not retry, keeping its message. */
  private static <T> T failingClearly(Supplier<T> work) {
    try {
      return work.get();
    } catch (NodeFailure failure) {
      throw ApplicationFailure.newNonRetryableFailure(failure.getMessage(), failure.type());
    }
  }
}

package io.flowd.engine.observability;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom search attributes that let operators filter runs in the Temporal UI ({@code
 * FlowdTenant = "acme" AND FlowdRunId = "run_…"}). They are registered at start-up where missing;
 * where the server cannot register or list them, runs start without them.
 */
public final class RunSearchAttributes {
  public static final SearchAttributeKey<String> TENANT =
      SearchAttributeKey.forKeyword("FlowdTenant");
  public static final SearchAttributeKey<String> WORKFLOW_ID =
      SearchAttributeKey.forKeyword("FlowdWorkflowId");
  public static final SearchAttributeKey<String> WORKFLOW_NAME =
      SearchAttributeKey.forKeyword("FlowdWorkflowName");
  public static final SearchAttributeKey<String> RUN_ID =
      SearchAttributeKey.forKeyword("FlowdRunId");
  public static final SearchAttributeKey<String> TRIGGER_TYPE =
      SearchAttributeKey.forKeyword("FlowdTriggerType");

  private static final List<SearchAttributeKey<String>> KEYS =
      List.of(TENANT, WORKFLOW_ID, WORKFLOW_NAME, RUN_ID, TRIGGER_TYPE);
  private static final Logger LOG = LoggerFactory.getLogger(RunSearchAttributes.class);

  private RunSearchAttributes() {}

  /** Returns the attributes of one run. */
  public static SearchAttributes of(
      String tenantId, String workflowId, String workflowName, String runId, String triggerType) {
    return SearchAttributes.newBuilder()
        .set(TENANT, tenantId)
        .set(WORKFLOW_ID, workflowId)
        .set(WORKFLOW_NAME, workflowName)
        .set(RUN_ID, runId)
        .set(TRIGGER_TYPE, triggerType)
        .build();
  }

  /**
   * Returns a check like {@link #registration} whose first call binds to the client {@code client}
   * returns (a worker's activities learn their client only when they run).
   */
  public static BooleanSupplier lazyRegistration(
      Supplier<WorkflowClient> client, Duration retryEvery) {
    AtomicReference<BooleanSupplier> check = new AtomicReference<>();
    return () -> {
      BooleanSupplier current = check.get();
      if (current == null) {
        WorkflowClient bound = client.get();
        check.compareAndSet(
            null,
            registration(
                bound.getWorkflowServiceStubs(), bound.getOptions().getNamespace(), retryEvery));
        current = check.get();
      }
      return current.getAsBoolean();
    };
  }

  /** What {@link #ensureRegistered} found. */
  public enum Registration {
    /** The attributes exist (or were just added): runs carry them. */
    REGISTERED,
    /** Temporal did not answer: try again later. */
    UNREACHABLE,
    /** The server refused: runs start without them. */
    UNSUPPORTED
  }

  /**
   * Returns a check for the dispatcher: true once the attributes are registered. While Temporal is
   * unreachable it tries again at most every {@code retryEvery}; a refusal is final.
   */
  public static Check registration(
      WorkflowServiceStubs service, String namespace, Duration retryEvery) {
    return new Check(service, namespace, retryEvery);
  }

  /**
   * Whether runs may carry the attributes. "Registered" is not kept forever: a Temporal server that
   * comes back empty (the test server after a restart) has none, and a start refused for an
   * undefined attribute {@link #invalidate invalidates} the answer so the next check registers them
   * again.
   */
  public static final class Check implements BooleanSupplier {
    private final WorkflowServiceStubs service;
    private final String namespace;
    private final Duration retryEvery;
    private final AtomicReference<Registration> state;
    private final AtomicLong lastTry = new AtomicLong(System.nanoTime());

    private Check(WorkflowServiceStubs service, String namespace, Duration retryEvery) {
      this.service = service;
      this.namespace = namespace;
      this.retryEvery = retryEvery;
      this.state = new AtomicReference<>(ensureRegistered(service, namespace));
    }

    @Override
    public boolean getAsBoolean() {
      Registration current = state.get();
      if (current == Registration.UNREACHABLE) {
        long now = System.nanoTime();
        long last = lastTry.get();
        if (now - last >= retryEvery.toNanos() && lastTry.compareAndSet(last, now)) {
          current = ensureRegistered(service, namespace);
          state.set(current);
        }
      }
      return current == Registration.REGISTERED;
    }

    /**
     * Notes that Temporal stopped answering: it may come back as a fresh server without the
     * attributes, so runs start without them until a registration succeeds again.
     */
    public void markUnreachable() {
      state.compareAndSet(Registration.REGISTERED, Registration.UNREACHABLE);
    }

    /** Forgets the last answer and registers the attributes again now; returns the new answer. */
    public boolean invalidate() {
      lastTry.set(System.nanoTime());
      Registration current = ensureRegistered(service, namespace);
      state.set(current);
      return current == Registration.REGISTERED;
    }
  }

  /** Returns whether {@code error} says Temporal did not answer. */
  public static boolean isUnreachable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException e
          && (e.getStatus().getCode() == Status.Code.UNAVAILABLE
              || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code error} is Temporal refusing a start for an undefined attribute. */
  public static boolean isUndefinedAttribute(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException e
          && e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT
          && String.valueOf(e.getStatus().getDescription()).contains("search attribute")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Registers the attributes in {@code namespace} where missing. Never throws: a server that cannot
   * answer or refuses is logged with a warning.
   */
  public static Registration ensureRegistered(WorkflowServiceStubs service, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      Map<String, IndexedValueType> missing = new LinkedHashMap<>();
      for (SearchAttributeKey<String> key : KEYS) {
        missing.put(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      try {
        operator
            .blockingStub()
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .listSearchAttributes(
                ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
            .getCustomAttributesMap()
            .keySet()
            .forEach(missing::remove);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
          throw e;
        }
      }
      if (missing.isEmpty()) {
        return Registration.REGISTERED;
      }
      try {
        operator
            .blockingStub()
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .addSearchAttributes(
                AddSearchAttributesRequest.newBuilder()
                    .setNamespace(namespace)
                    .putAllSearchAttributes(missing)
                    .build());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
          throw e;
        }
      }
      LOG.info("registered Temporal search attributes {}", missing.keySet());
      return Registration.REGISTERED;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      boolean unreachable =
          code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
      LOG.warn(
          "Temporal search attributes are not available ({}); runs start without them{}",
          e.getStatus(),
          unreachable ? " until Temporal answers" : "");
      return unreachable ? Registration.UNREACHABLE : Registration.UNSUPPORTED;
    } catch (RuntimeException e) {
      LOG.warn("Temporal search attributes are not available ({})", e.toString());
      return Registration.UNSUPPORTED;
    } finally {
      operator.shutdown();
    }
  }
}

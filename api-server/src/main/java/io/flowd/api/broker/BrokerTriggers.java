package io.flowd.api.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.workflow.TriggerStatuses;
import io.flowd.api.workflow.WorkflowChangeListener;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.Workflow;
import io.flowd.nodes.NodeExecution;
import io.flowd.store.ActiveBrokerWorkflow;
import io.flowd.store.BrokerTriggerDao;
import io.flowd.store.BrokerTriggerState;
import io.flowd.store.Database;
import io.flowd.store.WorkflowDao;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the consumers of the broker triggers ({@code rabbitmq_trigger}, {@code nats_trigger}, {@code
 * kafka_trigger}) of every active workflow on this API replica. Each replica polls the store every
 * {@link #POLL_MILLIS} ms for the active workflows with such a trigger, and hears the saves it
 * serves itself at once: a consumer starts when its workflow is saved active and stops on
 * deactivation, a new version, or deletion, on every replica within seconds. Replicas share the
 * work the broker's way (competing consumers, a durable JetStream consumer, a consumer group).
 * Every {@link #REPORT_MILLIS} ms each consumer's state is written to the store, which is what
 * {@code GET /workflows/{id}} shows as {@code triggers}.
 */
public final class BrokerTriggers
    implements WorkflowChangeListener, TriggerStatuses, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerTriggers.class);

  /** How often each replica reads which broker triggers should run. */
  public static final long POLL_MILLIS = 1_000;

  /** How often each replica writes its consumers' state. */
  static final long REPORT_MILLIS = 5_000;

  /** A replica whose report is older than this no longer counts as consuming. */
  static final Duration FRESH = Duration.ofSeconds(30);

  /** The component ids of the broker triggers. */
  public static final Set<String> COMPONENTS =
      Set.of("rabbitmq_trigger", "nats_trigger", "kafka_trigger");

  private record Key(String tenantId, String workflowId, int version) {}

  private record Running(TriggerSpec spec, TriggerStats stats, TriggerConsumer consumer) {}

  private final Database database;
  private final NodeExecution execution;
  private final BrokerRunStarts starts;
  private final MeterRegistry registry;
  private final String publicUrl;
  private final String replicaId = "api-" + UUID.randomUUID();
  private final Map<Key, List<Running>> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "flowd-broker-triggers");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;
  private volatile boolean failing;

  public BrokerTriggers(
      Database database,
      NodeExecution execution,
      BrokerRunStarts starts,
      MeterRegistry registry,
      String publicUrl) {
    this.database = database;
    this.execution = execution;
    this.starts = starts;
    this.registry = registry;
    this.publicUrl = publicUrl;
  }

  /** Starts polling and reporting; returns this. */
  public BrokerTriggers start() {
    timer.scheduleWithFixedDelay(this::reconcileQuietly, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(
        this::reportQuietly, REPORT_MILLIS, REPORT_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void saved(String tenantId, String workflowId) {
    nudge();
  }

  @Override
  public void deleted(String tenantId, String workflowId) {
    nudge();
  }

  private void nudge() {
    if (!closed) {
      timer.execute(this::reconcileQuietly);
    }
  }

  private void reconcileQuietly() {
    try {
      reconcile();
      failing = false;
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn(
            "could not read the active broker triggers (until it works again): {}", e.toString());
      }
      failing = true;
    }
  }

  /** Starts the consumers that should run and stops those that should not. */
  synchronized void reconcile() {
    if (closed) {
      return;
    }
    Set<Key> wanted = new HashSet<>();
    for (ActiveBrokerWorkflow w : database.dao(BrokerTriggerDao.class).activeBrokerWorkflows()) {
      wanted.add(new Key(w.tenantId(), w.workflowId(), w.version()));
    }
    for (Key key : List.copyOf(running.keySet())) {
      if (!wanted.contains(key)) {
        stop(key, running.remove(key));
      }
    }
    for (Key key : wanted) {
      if (!running.containsKey(key)) {
        database
            .dao(WorkflowDao.class)
            .find(key.tenantId(), key.workflowId(), publicUrl)
            .filter(w -> w.version() == key.version() && w.isActive())
            .ifPresent(w -> running.put(key, startAll(key.tenantId(), w)));
      }
    }
  }

  private List<Running> startAll(String tenantId, Workflow workflow) {
    return workflow.nodes().stream()
        .filter(n -> COMPONENTS.contains(n.componentId()))
        .map(n -> startOne(new TriggerSpec(tenantId, workflow, n)))
        .toList();
  }

  private Running startOne(TriggerSpec spec) {
    TriggerStats stats = new TriggerStats(registry, spec);
    TriggerConsumer consumer =
        switch (spec.componentId()) {
          case "rabbitmq_trigger" ->
              new RabbitTriggerConsumer(spec, stats, execution, starts, database);
          case "nats_trigger" -> new NatsTriggerConsumer(spec, stats, execution, starts, database);
          case "kafka_trigger" ->
              new KafkaTriggerConsumer(spec, stats, execution, starts, database);
          default -> throw new IllegalArgumentException(spec.componentId());
        };
    LOG.info("{}: consuming", spec);
    return new Running(spec, stats, consumer.start());
  }

  private void stop(Key key, List<Running> consumers) {
    consumers.parallelStream().forEach(r -> r.consumer().close());
    for (Running r : consumers) {
      LOG.info("{}: stopped", r.spec());
      try {
        database
            .dao(BrokerTriggerDao.class)
            .forget(key.tenantId(), key.workflowId(), r.spec().node().id(), replicaId);
      } catch (RuntimeException e) {
        LOG.debug("could not forget the state of {}: {}", r.spec(), e.toString());
      }
    }
  }

  private void reportQuietly() {
    List<Running> all = running.values().stream().flatMap(List::stream).toList();
    for (Running r : all) {
      try {
        database
            .dao(BrokerTriggerDao.class)
            .report(r.spec().tenantId(), r.stats().snapshot(r.spec(), replicaId));
      } catch (RuntimeException e) {
        LOG.debug("could not report the state of {}: {}", r.spec(), e.toString());
      }
    }
  }

  /** Returns the trigger states of a workflow as its replicas reported them. */
  @Override
  public JsonNode of(String tenantId, Workflow workflow) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    List<Node> nodes =
        workflow.nodes() == null
            ? List.of()
            : workflow.nodes().stream().filter(n -> COMPONENTS.contains(n.componentId())).toList();
    if (nodes.isEmpty()) {
      return out;
    }
    reportQuietly();
    List<BrokerTriggerState> states =
        database.dao(BrokerTriggerDao.class).states(tenantId, workflow.id());
    Instant freshSince = Instant.now().minus(FRESH);
    for (Node node : nodes) {
      ObjectNode item = out.addObject();
      item.put("node_id", node.id());
      item.put("component_id", node.componentId());
      boolean connected = false;
      int replicas = 0;
      Instant last = null;
      long hour = 0;
      long started = 0;
      long duplicates = 0;
      long deadLettered = 0;
      Long lag = null;
      String error = null;
      for (BrokerTriggerState s : states) {
        if (!s.nodeId().equals(node.id())) {
          continue;
        }
        boolean fresh = s.updatedAt() != null && s.updatedAt().isAfter(freshSince);
        started += s.runsStarted();
        duplicates += s.duplicates();
        deadLettered += s.deadLettered();
        if (s.lastMessageAt() != null && (last == null || s.lastMessageAt().isAfter(last))) {
          last = s.lastMessageAt();
        }
        if (fresh) {
          replicas++;
          connected |= s.connected();
          hour += s.messagesLastHour();
          if (s.lag() != null) {
            lag = lag == null ? s.lag() : Math.max(lag, s.lag());
          }
          if (error == null && s.lastError() != null && !s.connected()) {
            error = s.lastError();
          }
        }
      }
      item.put("active", workflow.isActive());
      item.put("connected", connected);
      item.put("replicas", replicas);
      item.put("last_message_at", last == null ? null : last.toString());
      item.put("messages_last_hour", hour);
      item.put("runs_started", started);
      item.put("duplicates", duplicates);
      item.put("dead_lettered", deadLettered);
      if (lag == null) {
        item.putNull("lag");
      } else {
        item.put("lag", lag);
      }
      item.put("last_error", error);
    }
    return out;
  }

  /** Stops every consumer on this replica. */
  @Override
  public synchronized void close() {
    closed = true;
    timer.shutdownNow();
    for (Map.Entry<Key, List<Running>> e : running.entrySet()) {
      stop(e.getKey(), e.getValue());
    }
    running.clear();
  }
}

package io.flowd.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.flowd.model.Edge;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** A fresh, migrated PostgreSQL database for one test class, dropped when closed. */
final class StoreTestDatabase implements AutoCloseable {
  static final String TENANT = "tenant_a";
  static final String OTHER_TENANT = "tenant_b";
  static final String NODES =
      "[{\"id\":\"t\",\"type\":\"trigger\",\"position\":{\"x\":0.5,\"y\":-3.25},"
          + "\"data\":{\"componentId\":\"manual_trigger\"}},"
          + "{\"id\":\"c\",\"type\":\"condition\",\"position\":{\"x\":1.5,\"y\":2.5},"
          + "\"data\":{\"componentId\":\"condition\",\"rules\":[{\"op\":\"eq\",\"value\":[1,\"ü\"]}]}}]";
  static final String EDGES =
      "[{\"id\":\"e1\",\"source\":\"t\",\"target\":\"c\",\"sourceHandle\":null},"
          + "{\"id\":\"e2\",\"source\":\"c\",\"target\":\"t\",\"sourceHandle\":\"true\"}]";

  private final String url;
  private final Database database;

  StoreTestDatabase(String prefix) {
    this.url = DatabaseBootstrap.freshDatabase(DatabaseBootstrap.testBaseUrl(), prefix);
    this.database = Database.connect(url, 4);
  }

  String url() {
    return url;
  }

  Database database() {
    return database;
  }

  <T> T dao(Class<T> type) {
    return database.dao(type);
  }

  /** Saves a manual workflow at version 1 with the sample graph; returns its id. */
  String newWorkflow(String tenantId) {
    String id = Ids.next(Ids.WORKFLOW);
    WorkflowDao workflows = dao(WorkflowDao.class);
    workflows.insert(
        tenantId, new NewWorkflow(id, "wf", "about", "manual", null, "UTC", true, null, "auth_t"));
    workflows.insertVersion(
        tenantId,
        new WorkflowVersion(id, 1, "wf", "about", nodes(), edges(), "manual", null, "UTC", null));
    return id;
  }

  /** Records a pending, undispatched manual run of the workflow; returns its id. */
  String newRun(String tenantId, String workflowId) {
    String id = Ids.next(Ids.RUN);
    return dao(RunDao.class)
        .insert(tenantId, pendingRun(id, workflowId, 1, "manual", "{\"n\":1}", null, id, false))
        .orElseThrow()
        .id();
  }

  /** Returns a {@code pending} run no other run started, without fire time or concurrency key. */
  static NewRun pendingRun(
      String id,
      String workflowId,
      int workflowVersion,
      String triggerType,
      String triggerPayload,
      String resumedFromRunId,
      String temporalWorkflowId,
      boolean dispatched) {
    return new NewRun(
        id,
        workflowId,
        workflowVersion,
        triggerType,
        triggerPayload,
        resumedFromRunId,
        temporalWorkflowId,
        dispatched,
        null,
        null,
        "pending",
        null,
        null);
  }

  /** Writes one log row of the run. */
  void log(
      String tenantId,
      String runId,
      String workflowId,
      String nodeId,
      String status,
      String outputJson,
      int attempt,
      String handle) {
    dao(RunLogDao.class)
        .upsert(
            tenantId,
            new NewRunLog(
                Ids.next(Ids.LOG),
                runId,
                workflowId,
                nodeId,
                "condition",
                status,
                outputJson == null ? null : json(outputJson),
                attempt,
                12,
                handle,
                List.of()));
  }

  static List<Node> nodes() {
    return read(NODES, new TypeReference<List<Node>>() {});
  }

  static List<Edge> edges() {
    return read(EDGES, new TypeReference<List<Edge>>() {});
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static com.fasterxml.jackson.databind.JsonNode json(String text) {
    return Json.parse(text);
  }

  @Override
  public void close() {
    database.close();
    DatabaseBootstrap.drop(url);
  }
}

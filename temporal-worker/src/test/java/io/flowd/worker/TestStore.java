package io.flowd.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.model.Graph;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunRef;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.flowd.store.NewRun;
import io.flowd.store.NewWorkflow;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.flowd.store.WorkflowDao;
import io.flowd.store.WorkflowVersion;
import java.util.List;

/** A fresh PostgreSQL database for one test class, with helpers to store runs and read them. */
public final class TestStore implements AutoCloseable {
  public static final String TENANT = "tenant_test";

  private final String url;
  private final Database database;

  public TestStore(String prefix) {
    this.url = DatabaseBootstrap.freshDatabase(DatabaseBootstrap.testBaseUrl(), prefix);
    this.database = Database.connect(url, 8);
  }

  public Database database() {
    return database;
  }

  /** Saves a workflow with this graph and a pending run of it; returns the run's input. */
  public GraphRunInput newRun(Graph graph, JsonNode payload) {
    String workflowId = Ids.next(Ids.WORKFLOW);
    saveWorkflow(workflowId, graph);
    return newRun(workflowId, graph, payload);
  }

  /** Saves a pending run of a saved workflow; returns the run's input. */
  public GraphRunInput newRun(String workflowId, Graph graph, JsonNode payload) {
    String runId = Ids.next(Ids.RUN);
    database
        .dao(RunDao.class)
        .insert(
            TENANT,
            new NewRun(runId, workflowId, 1, "manual", Json.write(payload), null, runId, false));
    return new GraphRunInput(new RunRef(TENANT, workflowId, 1, runId), graph, payload);
  }

  /** Saves a workflow (version 1) with this graph under {@code workflowId}. */
  public void saveWorkflow(String workflowId, Graph graph) {
    WorkflowDao workflows = database.dao(WorkflowDao.class);
    workflows.insert(
        TENANT,
        new NewWorkflow(workflowId, "test", null, "manual", null, "UTC", true, null, "auth_test"));
    workflows.insertVersion(
        TENANT,
        new WorkflowVersion(
            workflowId, 1, "test", null, graph.nodes(), graph.edges(), "manual", null, "UTC"));
  }

  public Run run(String runId) {
    return database.dao(RunDao.class).find(TENANT, runId).orElseThrow();
  }

  public List<RunLog> logs(String runId) {
    return database.dao(RunLogDao.class).forRun(TENANT, runId);
  }

  @Override
  public void close() {
    database.close();
    DatabaseBootstrap.drop(url);
  }
}

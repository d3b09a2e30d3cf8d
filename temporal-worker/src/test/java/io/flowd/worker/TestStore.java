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
import io.flowd.store.DatabaseUrl;
import io.flowd.store.NewRun;
import io.flowd.store.NewWorkflow;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.flowd.store.WorkflowDao;
import io.flowd.store.WorkflowVersion;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/** A fresh PostgreSQL database for one test class, with helpers to store runs and read them. */
public final class TestStore implements AutoCloseable {
  public static final String TENANT = "tenant_test";

  private final String url;
  private final Database database;

  public TestStore(String prefix) {
    this.url = DatabaseBootstrap.freshMigratedDatabase(DatabaseBootstrap.testBaseUrl(), prefix);
    this.database = Database.connect(url, 8);
  }

  public Database database() {
    return database;
  }

  /**
   * Makes this database refuse connections and drops the open ones (what a PostgreSQL restart looks
   * like to its clients: {@code 57P01}, then refused connections), or accepts them again; the
   * server the other tests share keeps running.
   */
  public void refuseConnections(boolean refuse) {
    DatabaseUrl target = DatabaseUrl.parse(url);
    String name = target.databaseName();
    Properties props = new Properties();
    if (target.user() != null) {
      props.setProperty("user", target.user());
    }
    try (Connection c =
            DriverManager.getConnection(target.withDatabase("postgres").jdbcUrl(), props);
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + !refuse);
      if (refuse) {
        s.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + name
                + "'");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
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
            new NewRun(
                runId,
                workflowId,
                1,
                "manual",
                Json.write(payload),
                null,
                runId,
                false,
                null,
                null,
                "pending",
                null,
                null));
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
            workflowId,
            1,
            "test",
            null,
            graph.nodes(),
            graph.edges(),
            "manual",
            null,
            "UTC",
            null));
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

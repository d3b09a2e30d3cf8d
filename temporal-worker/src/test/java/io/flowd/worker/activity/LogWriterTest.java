package io.flowd.worker.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.model.Json;
import io.flowd.model.RunLog;
import io.flowd.model.RunRef;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LogWriterTest {
  private static TestStore store;

  @BeforeAll
  static void start() {
    store = new TestStore("flowd_logwriter");
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  private static GraphRunInput newRun() {
    return store.newRun(Graphs.manualTrigger("node_1").build(), Json.object());
  }

  private static LogWriter writer() {
    return new LogWriter(store.database());
  }

  @Test
  void batched_logs_keep_their_order_and_fields() {
    RunRef run = newRun().run();
    writer()
        .writeAll(
            run,
            List.of(
                new LogEntry(
                    "node_1", "manual_trigger", "success", Json.object().put("a", 1), 1, 0),
                new LogEntry("node_2", "data_mapper", "success", null, 1, 3),
                new LogEntry("node_3", "data_mapper", "error", Json.object(), 2, 7, "error")));

    List<RunLog> logs = store.logs(run.runId());

    assertThat(logs).extracting(RunLog::nodeId).containsExactly("node_1", "node_2", "node_3");
    assertThat(logs.get(0).output().path("a").asInt()).isEqualTo(1);
    assertThat(logs.get(1).output() == null || logs.get(1).output().isNull()).isTrue();
    assertThat(logs.get(2).status()).isEqualTo("error");
    assertThat(logs.get(2).attempt()).isEqualTo(2);
    assertThat(logs.get(2).durationMs()).isEqualTo(7);
    assertThat(logs).extracting(RunLog::handle).containsExactly(null, null, "error");
  }

  @Test
  void a_single_log_keeps_its_handle() {
    RunRef run = newRun().run();

    writer()
        .write(
            run,
            new LogEntry("check", "string_condition", "success", Json.object(), 1, 0, "false"));

    assertThat(store.logs(run.runId())).extracting(RunLog::handle).containsExactly("false");
  }

  @Test
  void a_redelivered_batch_updates_rows_instead_of_duplicating_them() {
    RunRef run = newRun().run();
    List<LogEntry> first =
        List.of(
            new LogEntry("node_1", "manual_trigger", "success", Json.object(), 1, 0),
            new LogEntry("node_2", "data_mapper", "warning", Json.object(), 1, 1));
    writer().writeAll(run, first);
    writer()
        .writeAll(
            run,
            List.of(
                new LogEntry("node_1", "manual_trigger", "success", Json.object(), 1, 0),
                new LogEntry("node_2", "data_mapper", "success", Json.object(), 1, 2)));

    List<RunLog> logs = store.logs(run.runId());

    assertThat(logs).hasSize(2);
    assertThat(logs.get(1).status()).isEqualTo("success");
    assertThat(logs.get(1).durationMs()).isEqualTo(2);
  }
}

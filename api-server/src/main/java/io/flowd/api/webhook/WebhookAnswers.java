package io.flowd.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.http.ApiErrorBody;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.model.Workflow;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.store.Database;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.flowd.store.WebhookAnswer;
import io.flowd.store.WebhookAnswerDao;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The answer of a webhook call with {@code respond: "result"}: the output of the run's first {@code
 * webhook_response} node to run, else the run's output once it completed, else (the wait is over)
 * {@code 202 {"run_id", "status"}}. The first answer of a run is stored, so a replayed delivery
 * gets it again.
 */
final class WebhookAnswers {
  private static final long POLL_MILLIS = 100;

  private final Database database;

  WebhookAnswers(Database database) {
    this.database = database;
  }

  /** Returns the stored answer of the run, waiting for the run up to {@code timeoutSeconds}. */
  WebhookAnswer await(String tenantId, Workflow workflow, Run run, int timeoutSeconds)
      throws InterruptedException {
    WebhookAnswerDao answers = database.dao(WebhookAnswerDao.class);
    Set<String> responders = new HashSet<>();
    for (Node node : workflow.nodes() == null ? List.<Node>of() : workflow.nodes()) {
      if ("webhook_response".equals(node.componentId())) {
        responders.add(node.id());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    WebhookAnswer answer;
    while (true) {
      var stored = answers.find(tenantId, run.id());
      if (stored.isPresent()) {
        return stored.get();
      }
      answer = reached(tenantId, run.id(), responders);
      if (answer != null) {
        break;
      }
      if (System.nanoTime() >= deadline) {
        Run now = database.dao(RunDao.class).find(tenantId, run.id()).orElse(run);
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("run_id", run.id());
        accepted.put("status", now.status().json());
        answer = json(202, Json.write(accepted));
        break;
      }
      Thread.sleep(POLL_MILLIS);
    }
    answers.insertIfAbsent(
        tenantId, run.id(), answer.status(), answer.headersJson(), answer.body());
    return answers.find(tenantId, run.id()).orElse(answer);
  }

  /** Returns the answer the run has reached, or null while it has none yet. */
  private WebhookAnswer reached(String tenantId, String runId, Set<String> responders) {
    PayloadStore payloads = new PayloadStore(database);
    if (!responders.isEmpty()) {
      for (RunLog log : database.dao(RunLogDao.class).forRun(tenantId, runId)) {
        if (responders.contains(log.nodeId()) && "success".equals(log.status())) {
          return fromResponseNode(payloads.resolve(tenantId, log.output()));
        }
      }
    }
    Run now = database.dao(RunDao.class).find(tenantId, runId).orElse(null);
    if (now == null || !now.status().isTerminal()) {
      return null;
    }
    if (now.status() == RunStatus.COMPLETED) {
      return json(200, Json.write(payloads.resolve(tenantId, now.output())));
    }
    return json(
        500,
        Json.write(
            new ApiErrorBody(
                "api_error",
                "run_failed",
                "The run ended " + now.status().json() + " before it answered.",
                List.of(),
                runId)));
  }

  /** Turns a {@code webhook_response} node's output into the HTTP answer. */
  static WebhookAnswer fromResponseNode(JsonNode output) {
    int status = output.path("status").asInt(200);
    ObjectNode headers = Json.object();
    boolean typed = false;
    for (Map.Entry<String, JsonNode> header : output.path("headers").properties()) {
      headers.put(header.getKey(), header.getValue().asText());
      typed |= header.getKey().toLowerCase(Locale.ROOT).equals("content-type");
    }
    JsonNode body = output.path("body");
    String text;
    String type;
    if (body.isMissingNode() || body.isNull()) {
      text = "";
      type = null;
    } else if (body.isTextual()) {
      text = body.asText();
      type = "text/plain; charset=utf-8";
    } else {
      text = Json.write(body);
      type = "application/json";
    }
    if (!typed && type != null) {
      headers.put("Content-Type", type);
    }
    return new WebhookAnswer(status, Json.write(headers), text);
  }

  private static WebhookAnswer json(int status, String body) {
    return new WebhookAnswer(
        status, Json.write(Json.object().put("Content-Type", "application/json")), body);
  }

  /** Sends {@code answer}. */
  static void send(Context ctx, WebhookAnswer answer) {
    ctx.status(answer.status());
    Json.parse(answer.headersJson())
        .properties()
        .forEach(header -> ctx.header(header.getKey(), header.getValue().asText()));
    ctx.result(answer.body());
  }
}

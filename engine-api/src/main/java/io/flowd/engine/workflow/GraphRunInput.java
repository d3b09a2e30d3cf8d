package io.flowd.engine.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Graph;
import io.flowd.model.RunRef;

/**
 * Everything a run needs, fixed when it starts: the definition snapshot is part of the input, so
 * the interpreter never reads the database and a later edit cannot change a run in flight.
 *
 * @param run the run's identity
 * @param graph the workflow version's graph
 * @param triggerPayload what the trigger received, or a claim-check reference when it is large
 * @param depth how many parent runs started this one (0 for a run started from outside); child runs
 *     deeper than {@link #MAX_DEPTH} are refused
 * @param resume where a resumed run starts and what it inherits, or {@code null} for a run from the
 *     trigger (every run started before resuming existed has none)
 * @param timeoutSeconds the workflow version's run timeout, or {@code null} for none (every run
 *     started before run timeouts existed has none)
 */
public record GraphRunInput(
    RunRef run,
    Graph graph,
    JsonNode triggerPayload,
    int depth,
    ResumeState resume,
    Integer timeoutSeconds) {
  /** The deepest nesting of child runs. */
  public static final int MAX_DEPTH = 10;

  /** The canonical constructor, the one Jackson uses. */
  @JsonCreator
  public GraphRunInput {}

  /** Creates an input without run timeout. */
  public GraphRunInput(
      RunRef run, Graph graph, JsonNode triggerPayload, int depth, ResumeState resume) {
    this(run, graph, triggerPayload, depth, resume, null);
  }

  /** Returns this input with the run timeout {@code seconds} ({@code null}: none). */
  public GraphRunInput withTimeout(Integer seconds) {
    return new GraphRunInput(run, graph, triggerPayload, depth, resume, seconds);
  }

  /** Creates the input of a run started from outside (depth 0) at its trigger. */
  public GraphRunInput(RunRef run, Graph graph, JsonNode triggerPayload) {
    this(run, graph, triggerPayload, 0, null);
  }

  /** Creates the input of a child run at depth {@code depth}. */
  public GraphRunInput(RunRef run, Graph graph, JsonNode triggerPayload, int depth) {
    this(run, graph, triggerPayload, depth, null);
  }

  /** Creates the input of a resumed run. */
  public GraphRunInput(RunRef run, Graph graph, JsonNode triggerPayload, ResumeState resume) {
    this(run, graph, triggerPayload, 0, resume);
  }
}

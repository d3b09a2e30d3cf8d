package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Graph;
import io.flowd.worker.activity.RunRef;

/**
 * Everything a run needs, fixed when it starts: the definition snapshot is part of the input, so
 * the interpreter never reads the database and a later edit cannot change a run in flight.
 *
 * @param run the run's identity
 * @param graph the workflow version's graph
 * @param triggerPayload what the trigger received
 * @param resume where a resumed run starts and what it inherits, or {@code null} for a run from the
 *     trigger (every run started before resuming existed has none)
 */
public record GraphRunInput(RunRef run, Graph graph, JsonNode triggerPayload, ResumeState resume) {

  /** Creates the input of a run that starts at the trigger. */
  public GraphRunInput(RunRef run, Graph graph, JsonNode triggerPayload) {
    this(run, graph, triggerPayload, null);
  }
}

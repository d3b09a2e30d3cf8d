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
 */
public record GraphRunInput(RunRef run, Graph graph, JsonNode triggerPayload) {}

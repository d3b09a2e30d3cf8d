package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Input of the hand-written workflow: the trigger payload and the node configs of the standard
 * graph, so both sides do the same work.
 *
 * @param trigger what the trigger received
 * @param mapper the first data mapper's config
 * @param condition the string condition's config
 * @param webhook the webhook's config
 * @param onTrue the data mapper after the webhook
 * @param onFalse the data mapper of the false branch
 */
public record RawInput(
    JsonNode trigger,
    ObjectNode mapper,
    ObjectNode condition,
    ObjectNode webhook,
    ObjectNode onTrue,
    ObjectNode onFalse) {}

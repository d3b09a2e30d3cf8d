package io.flowd.nodes.spi;

import io.flowd.model.ComponentSpec;

/**
 * The one extension point for node kinds: a handler per {@code componentId}, registered in the
 * {@link NodeHandlerRegistry}. The graph validator asks the registry, so an unknown kind fails at
 * save time. Where a node runs follows from its kind: triggers only hand on the payload, pure nodes
 * are evaluated in workflow code, timers are durable workflow timers, and activity nodes (side
 * effects) run in an activity that also writes their log.
 */
public sealed interface NodeHandler extends ComponentSpec
    permits TriggerHandler,
        PureNodeHandler,
        TimerNodeHandler,
        ActivityNodeHandler,
        ControlNodeHandler {}

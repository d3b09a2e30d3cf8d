package io.flowd.nodes.spi;

import io.flowd.model.ComponentSpec;

/**
 * The one extension point for node kinds: a handler per {@code componentId}, registered in the
 * {@link NodeHandlerRegistry}. The graph validator asks the registry, so an unknown kind fails at
 * save time. Where a node runs follows from its kind: triggers only hand on the payload, pure nodes
 * are evaluated in workflow code, timers are durable workflow timers, activity nodes (side effects)
 * run in an activity that also writes their log, and control nodes are carried out by the
 * interpreter.
 *
 * <p>Code that treats kinds differently dispatches with {@link #accept}: a {@link Visitor} has one
 * method per kind, so a new kind is a compile error in every dispatch until it is handled there,
 * and no kind can fall through to another's branch.
 */
public sealed interface NodeHandler extends ComponentSpec
    permits TriggerHandler,
        PureNodeHandler,
        TimerNodeHandler,
        ActivityNodeHandler,
        ControlNodeHandler {

  /** Calls the visitor's method for this handler's kind and returns what it returns. */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per node kind, for code that treats the kinds differently.
   *
   * @param <R> what the dispatch computes
   */
  interface Visitor<R> {
    /** A trigger: its output is the run's trigger payload. */
    R trigger(TriggerHandler handler);

    /** A deterministic node evaluated in workflow code. */
    R pure(PureNodeHandler handler);

    /** A durable timer. */
    R timer(TimerNodeHandler handler);

    /** A node with side effects, run in an activity. */
    R activity(ActivityNodeHandler handler);

    /** A node the interpreter carries out itself. */
    R control(ControlNodeHandler handler);
  }
}

package io.flowd.nodes.spi;

/**
 * A node that steers the run itself rather than computing a value: it ends the run, waits for
 * outside input, or starts other runs. The interpreter carries out its {@link #kind()} in workflow
 * code (with activities where it touches the database); the handler only checks the config.
 */
public non-sealed interface ControlNodeHandler extends NodeHandler {

  /**
   * The control behaviours the interpreter knows. It carries them out in one exhaustive switch
   * expression, so a new constant does not compile until the interpreter implements it.
   */
  enum Kind {
    /** {@code terminate}: ends the run with a status. */
    TERMINATE,
    /** {@code wait_for_input}: waits durably for {@code POST /workflows/runs/{id}/input}. */
    WAIT_FOR_INPUT,
    /** {@code wait_for_event}: waits durably for {@code POST /workflows/events} with its key. */
    WAIT_FOR_EVENT,
    /** {@code trigger_workflow}: runs another workflow as a child run. */
    TRIGGER_WORKFLOW,
    /** {@code iterator}: runs another workflow once per item. */
    ITERATOR
  }

  /** Returns what the interpreter does for a node of this component. */
  Kind kind();

  @Override
  default <R> R accept(Visitor<R> visitor) {
    return visitor.control(this);
  }

  /** Returns false: this node runs in workflow code (or starts a run), where no secret resolves. */
  @Override
  default boolean resolvesVault() {
    return false;
  }
}

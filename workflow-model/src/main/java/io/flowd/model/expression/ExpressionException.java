package io.flowd.model.expression;

/**
 * An expression that cannot be parsed, is refused, or failed while it was evaluated. The message is
 * a sentence for people; {@link #position()} is the character offset in the expression where the
 * problem was found, or -1 when it has none.
 */
public final class ExpressionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int position;
  private final String code;

  /**
   * Creates an exception with a stable code ({@code syntax}, {@code refused}, {@code limit}, …).
   */
  public ExpressionException(String code, String message, int position) {
    super(message);
    this.code = code;
    this.position = position;
  }

  /** Returns the stable code of the problem. */
  public String code() {
    return code;
  }

  /** Returns the character offset in the expression, or -1 when unknown. */
  public int position() {
    return position;
  }
}

package io.flowd.cli;

/**
 * A failure the tool reports as one sentence and an exit code, never as a stack trace.
 *
 * <p>Exit codes: {@link ExitCodes}.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /** Creates the failure with the sentence to print and the process's exit code. */
  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** Returns the exit code the process ends with. */
  public int exitCode() {
    return exitCode;
  }
}

package io.flowd.cli;

/** The exit codes of every command, as docs/workflows-as-code.md lists them. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** What was checked failed: invalid files, a failed or cancelled run. */
  public static final int FAILED = 1;

  /** The command line is wrong (picocli's usage error). */
  public static final int USAGE = 2;

  /** The server cannot be reached, or answered with an error of its own (5xx). */
  public static final int UNREACHABLE = 3;

  /** The server refused the token (401). */
  public static final int UNAUTHORIZED = 4;

  /** The server refused the request (4xx other than 401), for example an unknown workflow. */
  public static final int REFUSED = 5;

  private ExitCodes() {}
}

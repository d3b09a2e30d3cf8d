package io.flowd.model.condition;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions from user configs, bounded so that a catastrophic pattern fails the node
 * instead of hanging the worker: a pattern is at most {@value #MAX_PATTERN_LENGTH} characters, and
 * one search may read at most {@value #BUDGET} characters of its input (backtracking included).
 */
public final class SafeRegex {
  /** The longest pattern accepted. */
  public static final int MAX_PATTERN_LENGTH = 1_000;

  /** Upper bound of character reads one search may make. */
  static final long BUDGET = 10_000_000L;

  private SafeRegex() {}

  /**
   * Compiles a pattern in Java's syntax.
   *
   * @throws ConditionException when it is too long or does not compile, saying why
   */
  public static Pattern compile(String regex) {
    if (regex.length() > MAX_PATTERN_LENGTH) {
      throw new ConditionException(
          "regular expression is longer than " + MAX_PATTERN_LENGTH + " characters");
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ConditionException(
          "invalid regular expression '" + regex + "': " + e.getDescription());
    }
  }

  /**
   * Returns whether the pattern matches somewhere in {@code text}.
   *
   * @throws ConditionException when the search exceeds its budget
   */
  public static boolean find(Pattern pattern, String text) {
    try {
      return pattern.matcher(new BudgetedText(text, BUDGET)).find();
    } catch (BudgetedText.Exhausted e) {
      throw new ConditionException(
          "regular expression '" + pattern.pattern() + "' takes too long on this input");
    } catch (StackOverflowError e) {
      throw new ConditionException(
          "regular expression '" + pattern.pattern() + "' is too complex for this input");
    }
  }

  /** A text whose every character read spends one unit of a budget shared with its slices. */
  private static final class BudgetedText implements CharSequence {
    private final String text;
    private final long[] remaining;

    BudgetedText(String text, long budget) {
      this(text, new long[] {budget});
    }

    private BudgetedText(String text, long[] remaining) {
      this.text = text;
      this.remaining = remaining;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      if (--remaining[0] < 0) {
        throw new Exhausted();
      }
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BudgetedText(text.substring(start, end), remaining);
    }

    @Override
    public String toString() {
      return text;
    }

    static final class Exhausted extends RuntimeException {
      Exhausted() {
        super(null, null, false, false);
      }
    }
  }
}

package io.flowd.model.condition;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Regular expressions from user configs, evaluated by RE2/J in time linear in the input, so that no
 * pattern can stall workflow code: a pattern is at most {@value #MAX_PATTERN_LENGTH} characters,
 * and the searched text at most {@value #MAX_INPUT_LENGTH}. RE2 syntax has no backreferences or
 * lookaround; a pattern using them does not compile, and the error names the construct.
 */
public final class SafeRegex {
  /** The longest pattern accepted. */
  public static final int MAX_PATTERN_LENGTH = 1_000;

  /** The longest text one search reads, in characters. */
  public static final int MAX_INPUT_LENGTH = 100_000;

  private SafeRegex() {}

  /**
   * Compiles a pattern in RE2 syntax.
   *
   * @throws ConditionException when it is too long or does not compile, naming the construct
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
          "invalid regular expression '"
              + regex
              + "': "
              + e.getDescription()
              + " (RE2 syntax: no backreferences or lookaround)");
    }
  }

  /**
   * Returns whether the pattern matches somewhere in {@code text}.
   *
   * @throws ConditionException when the text is longer than {@value #MAX_INPUT_LENGTH} characters
   */
  public static boolean find(Pattern pattern, String text) {
    if (text.length() > MAX_INPUT_LENGTH) {
      throw new ConditionException(
          "the text a regular expression searches is longer than "
              + MAX_INPUT_LENGTH
              + " characters");
    }
    return pattern.matcher(text).find();
  }
}

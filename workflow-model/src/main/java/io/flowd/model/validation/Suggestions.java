package io.flowd.model.validation;

import java.util.Collection;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Finds the known name closest to a misspelled one, for the validator's "did you mean" hints: a
 * name within a few edits ({@code methd} → {@code method}) or one that shares most of its start
 * ({@code retries} → {@code retry}, {@code timeout} → {@code timeout_seconds}).
 */
public final class Suggestions {
  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private Suggestions() {}

  /** Returns the known name closest to {@code given}, or {@code null} when none is close. */
  public static String closest(String given, Collection<String> known) {
    if (given == null || given.isEmpty()) {
      return null;
    }
    String g = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestScore = Integer.MAX_VALUE;
    for (String name : known) {
      String k = name.toLowerCase(Locale.ROOT);
      if (k.equals(g)) {
        continue;
      }
      int score = DISTANCE.apply(g, k);
      int prefix = commonPrefix(g, k);
      if (prefix >= 4 && prefix * 10 >= Math.min(g.length(), k.length()) * 6) {
        score = Math.min(score, 1);
      }
      int allowed =
          Math.min(g.length(), k.length()) < 3
              ? 1
              : Math.max(2, Math.max(g.length(), k.length()) / 3);
      if (score <= allowed && score < bestScore) {
        best = name;
        bestScore = score;
      }
    }
    return best;
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  /**
   * Returns {@code "; did you mean 'x'?"} for the closest known name, or an empty string when none
   * is close.
   */
  public static String didYouMean(String given, Collection<String> known) {
    String closest = closest(given, known);
    return closest == null ? "" : "; did you mean '" + closest + "'?";
  }
}

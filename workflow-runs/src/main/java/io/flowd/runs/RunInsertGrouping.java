package io.flowd.runs;

import java.util.Map;

/**
 * Whether the API writes the keyed runs of concurrent starts together, one statement and one commit
 * per group ({@code FLOWD_RUN_INSERT_GROUPING}, {@code on} or {@code off}; off by default until
 * {@code ./bench --phases=pa} has measured it), and how long a group waits for more runs after its
 * first ({@code FLOWD_RUN_INSERT_GROUP_WAIT_MS}).
 *
 * @param enabled whether runs are written in groups
 * @param waitMillis how long a group waits for more runs after its first; 0 groups only the runs
 *     that queued while the previous group was written
 * @param maxGroup most runs in one statement
 */
public record RunInsertGrouping(boolean enabled, long waitMillis, int maxGroup) {
  /** Every run writes its own statement. */
  public static final RunInsertGrouping OFF = new RunInsertGrouping(false, 0, 1);

  public RunInsertGrouping {
    if (waitMillis < 0 || waitMillis > 1000) {
      throw new IllegalArgumentException(
          "FLOWD_RUN_INSERT_GROUP_WAIT_MS must be 0 to 1000, not " + waitMillis);
    }
    if (maxGroup < 1) {
      throw new IllegalArgumentException("a group holds at least one run");
    }
  }

  /** Reads the settings from {@code env}. */
  public static RunInsertGrouping fromEnv(Map<String, String> env) {
    String grouping = env.getOrDefault("FLOWD_RUN_INSERT_GROUPING", "off").trim();
    if (!grouping.equals("on") && !grouping.equals("off")) {
      throw new IllegalArgumentException(
          "FLOWD_RUN_INSERT_GROUPING must be on or off, not " + grouping);
    }
    return new RunInsertGrouping(
        grouping.equals("on"),
        Long.parseLong(env.getOrDefault("FLOWD_RUN_INSERT_GROUP_WAIT_MS", "0").trim()),
        200);
  }
}

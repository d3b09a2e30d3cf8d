package io.flowd.runs;

import io.flowd.model.Retention;
import io.flowd.model.RunStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long runs are kept and how the purger works, read once from the environment.
 *
 * @param defaults the service's retention policy, which a workflow's own {@code retention} fields
 *     override: {@code FLOWD_RETENTION_DAYS} (default 90; {@code 0} keeps runs for ever), {@code
 *     FLOWD_RETENTION_KEEP_LAST} (unset: no count limit) and {@code FLOWD_RETENTION_DAYS_BY_STATUS}
 *     (such as {@code failed=180,cancelled=7})
 * @param purgeInterval the pause between two purges ({@code FLOWD_PURGE_INTERVAL_SECONDS}, default
 *     60; {@code 0} turns the purger off)
 * @param batchSize how many runs one purge statement deletes at most ({@code
 *     FLOWD_PURGE_BATCH_SIZE}, default 500)
 */
public record RetentionConfig(Retention defaults, Duration purgeInterval, int batchSize) {

  /** Reads the settings; a malformed value fails the start. */
  public static RetentionConfig fromEnv(Map<String, String> env) {
    int days = number(env, "FLOWD_RETENTION_DAYS", "90", 0, Retention.MAX_DAYS);
    String keepLast = env.get("FLOWD_RETENTION_KEEP_LAST");
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    String statuses = env.getOrDefault("FLOWD_RETENTION_DAYS_BY_STATUS", "").trim();
    if (!statuses.isEmpty()) {
      for (String pair : statuses.split(",")) {
        String[] parts = pair.split("=", 2);
        RunStatus status = RunStatus.fromJson(parts[0].trim());
        if (parts.length != 2 || status == null || !status.isTerminal()) {
          throw new IllegalStateException(
              "FLOWD_RETENTION_DAYS_BY_STATUS takes status=days pairs of "
                  + String.join(", ", Retention.statuses())
                  + ", such as failed=180; got "
                  + pair);
        }
        byStatus.put(
            status.json(),
            parse("FLOWD_RETENTION_DAYS_BY_STATUS", parts[1], 1, Retention.MAX_DAYS));
      }
    }
    return new RetentionConfig(
        new Retention(
            days == 0 ? null : days,
            keepLast == null || keepLast.isBlank()
                ? null
                : parse("FLOWD_RETENTION_KEEP_LAST", keepLast, 1, Retention.MAX_KEEP_LAST),
            byStatus),
        Duration.ofSeconds(number(env, "FLOWD_PURGE_INTERVAL_SECONDS", "60", 0, 86_400)),
        number(env, "FLOWD_PURGE_BATCH_SIZE", "500", 1, 100_000));
  }

  private static int number(
      Map<String, String> env, String name, String fallback, int min, int max) {
    return parse(name, env.getOrDefault(name, fallback), min, max);
  }

  private static int parse(String name, String value, int min, int max) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalStateException(
        name + " must be a whole number from " + min + " to " + max + ", not " + value);
  }
}

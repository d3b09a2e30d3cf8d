package io.flowd.bench;

import io.flowd.store.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL's cost of a measured loop, per run: commits and rows from {@code pg_stat_database},
 * and statements from {@code pg_stat_statements} when the server preloads it (the bench's own
 * cluster does; see {@code ./bench}).
 */
final class PgCost {
  private static final List<String> COUNTERS =
      List.of("xact_commit", "xact_rollback", "tup_inserted", "tup_updated", "tup_deleted");

  private final Database database;
  private final boolean statements;

  PgCost(Database database) {
    this.database = database;
    this.statements = enableStatements(database);
  }

  private static boolean enableStatements(Database database) {
    try {
      database
          .jdbi()
          .useHandle(h -> h.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
      database
          .jdbi()
          .withHandle(
              h ->
                  h.createQuery("SELECT count(*) FROM pg_stat_statements").mapTo(Long.class).one());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Counters of this database so far; also resets the statement statistics. */
  Map<String, Long> snapshot() throws InterruptedException {
    Map<String, Long> settled = settle();
    if (statements) {
      database.jdbi().useHandle(h -> h.execute("SELECT pg_stat_statements_reset()"));
    }
    return settled;
  }

  /** Reads the counters until two readings agree: other backends report theirs within a second. */
  private Map<String, Long> settle() throws InterruptedException {
    Map<String, Long> settled = read();
    for (int i = 0; i < 20; i++) {
      Thread.sleep(300);
      Map<String, Long> again = read();
      if (again.equals(settled)) {
        break;
      }
      settled = again;
    }
    return settled;
  }

  private Map<String, Long> read() {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT "
                            + String.join(", ", COUNTERS)
                            + " FROM pg_stat_database WHERE datname = current_database()")
                    .map(
                        (rs, ctx) -> {
                          Map<String, Long> out = new LinkedHashMap<>();
                          for (String c : COUNTERS) {
                            out.put(c, rs.getLong(c));
                          }
                          return out;
                        })
                    .one());
  }

  /**
   * The per-run cost since {@code before}: the counters' deltas and, when available, statement
   * calls, with the most-called statements.
   */
  String perRun(Map<String, Long> before, int runs) throws InterruptedException {
    return perRun(before, runs, new LinkedHashMap<>());
  }

  /**
   * Like {@link #perRun(Map, int)}; also puts each counter's per-run figure into {@code figures} by
   * its name, and the statements per run as {@code statements}.
   */
  String perRun(Map<String, Long> before, int runs, Map<String, Double> figures)
      throws InterruptedException {
    Map<String, Long> after = settle();
    List<String> parts = new ArrayList<>();
    for (String c : COUNTERS) {
      double perRun = (after.get(c) - before.get(c)) / (double) runs;
      figures.put(c, perRun);
      parts.add(c + " " + Report.fmt(perRun));
    }
    StringBuilder out = new StringBuilder("pg_stat_database per run: " + String.join(", ", parts));
    Optional<String> top = topStatements(runs, figures);
    out.append(top.map(t -> "; " + t).orElse("; pg_stat_statements not preloaded: statements n/a"));
    return out.toString();
  }

  private Optional<String> topStatements(int runs, Map<String, Double> figures) {
    if (!statements) {
      return Optional.empty();
    }
    List<String> rows =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT calls, total_exec_time, query FROM pg_stat_statements"
                                + " WHERE dbid = (SELECT oid FROM pg_database"
                                + " WHERE datname = current_database()) ORDER BY calls DESC")
                        .map(
                            (rs, ctx) ->
                                String.format(
                                    Locale.ROOT,
                                    "%.2f calls %.3f ms: %s",
                                    rs.getLong("calls") / (double) runs,
                                    rs.getDouble("total_exec_time") / runs,
                                    oneLine(rs.getString("query"))))
                        .list());
    double calls = 0;
    for (String row : rows) {
      calls += Double.parseDouble(row.substring(0, row.indexOf(' ')));
    }
    figures.put("statements", calls);
    return Optional.of(
        String.format(Locale.ROOT, "statements per run %.2f; by calls per run: ", calls)
            + String.join(" || ", rows.subList(0, Math.min(15, rows.size()))));
  }

  private static String oneLine(String sql) {
    String flat = sql.replaceAll("\\s+", " ").trim();
    return flat.length() > 140 ? flat.substring(0, 140) + "…" : flat;
  }
}

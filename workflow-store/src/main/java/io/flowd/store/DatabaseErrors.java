package io.flowd.store;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Tells a PostgreSQL that is down, restarting or refusing connections from any other error. */
public final class DatabaseErrors {
  /**
   * SQLStates of a server that is going away or not yet back: admin shutdown, crash shutdown,
   * cannot connect now, too many connections, and a database that does not allow connections.
   */
  private static final Set<String> UNAVAILABLE_STATES =
      Set.of("57P01", "57P02", "57P03", "53300", "55000");

  private DatabaseErrors() {}

  /**
   * Returns whether {@code error} (or a cause) says PostgreSQL cannot be reached or is restarting,
   * so that the request may simply be tried again: connection failures (SQLState class {@code 08}),
   * a pool that timed out waiting for a connection, and the states of a shutdown or restart.
   */
  public static boolean isUnavailable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)) {
          return true;
        }
      }
      if (t.getCause() == t) {
        return false;
      }
    }
    return false;
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.flowd.store.DatabaseBootstrap;
import io.flowd.store.DatabaseErrors;
import io.flowd.store.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A PostgreSQL restart is recognised as "unavailable" (503), not as a server bug (500). */
class DatabaseErrorsTest {

  @Test
  void a_connection_terminated_by_an_administrator_counts_as_the_database_being_unavailable()
      throws Exception {
    DatabaseUrl url = DatabaseUrl.parse(DatabaseBootstrap.testBaseUrl()).withDatabase("postgres");
    Properties props = new Properties();
    props.setProperty("user", url.user() == null ? "postgres" : url.user());
    try (Connection victim = DriverManager.getConnection(url.jdbcUrl(), props);
        Connection admin = DriverManager.getConnection(url.jdbcUrl(), props)) {
      int pid;
      try (var rs = victim.createStatement().executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      admin.createStatement().execute("SELECT pg_terminate_backend(" + pid + ")");

      Throwable error = catchThrowable(() -> victim.createStatement().execute("SELECT 1"));

      assertThat(error).isInstanceOf(SQLException.class);
      assertThat(((SQLException) error).getSQLState()).isIn("57P01", "08006", "08003");
      assertThat(DatabaseErrors.isUnavailable(new RuntimeException("wrapped", error))).isTrue();
    }
  }

  @Test
  void restart_states_are_unavailable_and_a_constraint_violation_is_not() {
    for (String state : new String[] {"57P01", "57P02", "57P03", "08001", "53300"}) {
      assertThat(DatabaseErrors.isUnavailable(new SQLException("down", state))).as(state).isTrue();
    }
    assertThat(DatabaseErrors.isUnavailable(new SQLException("duplicate", "23505"))).isFalse();
  }
}

package io.flowd.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** A migrated PostgreSQL schema with its connection pool and the jdbi DAOs on top of it. */
public final class Database implements AutoCloseable {
  /** The jdbi attribute that holds the terminal statuses as a SQL list. */
  public static final String TERMINAL_STATUSES = "terminal_statuses";

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
    jdbi.installPlugin(new PostgresPlugin());
    // One definition of what is terminal (RunStatus); statements write <terminal_statuses>.
    jdbi.define(TERMINAL_STATUSES, io.flowd.model.RunStatus.terminalSqlList());
    StoreMappers.register(jdbi);
  }

  /**
   * Connects to {@code url} (a JDBC URL or a {@code postgres://} URL), applies pending Flyway
   * migrations and returns the store.
   */
  public static Database connect(String url, int maxPoolSize) {
    DatabaseUrl parsed = DatabaseUrl.parse(url);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(parsed.jdbcUrl());
    if (parsed.user() != null) {
      config.setUsername(parsed.user());
    }
    if (parsed.password() != null) {
      config.setPassword(parsed.password());
    }
    config.setMaximumPoolSize(maxPoolSize);
    config.setPoolName("flowd");
    config.setConnectionTimeout(5_000);
    config.setInitializationFailTimeout(-1);
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      Flyway.configure().dataSource(dataSource).load().migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Database(dataSource);
  }

  /** Work on a pooled JDBC connection. */
  @FunctionalInterface
  public interface ConnectionFunction<T> {
    /** Uses {@code connection}, which is in autocommit mode. */
    T apply(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on a pooled connection in autocommit mode, for the statements of {@link
   * RunStatements}; an {@link SQLException} comes back as jdbi's {@link ConnectionException} or
   * {@link UnableToExecuteStatementException}, like the DAOs' errors.
   */
  public <T> T withConnection(ConnectionFunction<T> work) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new ConnectionException(e);
    }
    try (connection) {
      return work.apply(connection);
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** Returns the jdbi handle factory. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** Returns an on-demand DAO of the given SqlObject type. */
  public <T> T dao(Class<T> type) {
    return jdbi.onDemand(type);
  }

  /** Returns whether a connection can be taken and answers a trivial query. */
  public boolean isUp() {
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}

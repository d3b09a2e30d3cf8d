package io.flowd.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** Creates databases: the local start's own, and a fresh one per test class. */
public final class DatabaseBootstrap {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Per base URL, the URL of this JVM's migrated template database. */
  private static final Map<String, String> TEMPLATES = new ConcurrentHashMap<>();

  private DatabaseBootstrap() {}

  /** Creates the database named in {@code url} unless it exists. */
  public static void ensureExists(String url) {
    DatabaseUrl target = DatabaseUrl.parse(url);
    String name = target.databaseName();
    if (!name.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("unsupported database name: " + name);
    }
    try (Connection c = open(target.withDatabase("postgres"));
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      if (!"42P04".equals(e.getSQLState())) {
        throw new IllegalStateException("cannot create database " + name + ": " + e, e);
      }
    }
  }

  /**
   * Creates a new, empty database with a random name beside the one in {@code baseUrl} (by default
   * the local server's {@code test}) and returns its URL.
   */
  public static String freshDatabase(String baseUrl, String prefix) {
    String name = prefix + "_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    String url = DatabaseUrl.parse(baseUrl).withDatabase(name).jdbcUrl();
    ensureExists(url);
    return url;
  }

  /**
   * Creates a new database with every migration applied and returns its URL: a copy of a template
   * database that this JVM migrates once and drops when it exits, so each test class need not run
   * the migrations again.
   */
  public static String freshMigratedDatabase(String baseUrl, String prefix) {
    String template = TEMPLATES.computeIfAbsent(baseUrl, DatabaseBootstrap::migratedTemplate);
    String name = prefix + "_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    DatabaseUrl target = DatabaseUrl.parse(baseUrl).withDatabase(name);
    if (!name.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("unsupported database name: " + name);
    }
    String templateName = DatabaseUrl.parse(template).databaseName();
    try (Connection c = open(target.withDatabase("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " TEMPLATE " + templateName);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e, e);
    }
    return target.jdbcUrl();
  }

  private static String migratedTemplate(String baseUrl) {
    String url = freshDatabase(baseUrl, "flowd_template");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    drop(url);
                  } catch (RuntimeException e) {
                    // a leftover template of a random name is harmless
                  }
                }));
    Database.connect(url, 4).close();
    return url;
  }

  /** Drops the database named in {@code url}, closing its other connections first. */
  public static void drop(String url) {
    DatabaseUrl target = DatabaseUrl.parse(url);
    String name = target.databaseName();
    if (!name.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("unsupported database name: " + name);
    }
    try (Connection c = open(target.withDatabase("postgres"));
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop database " + name + ": " + e, e);
    }
  }

  /** Returns the base URL for tests: {@code FLOWD_TEST_DATABASE_URL} or the local server. */
  public static String testBaseUrl() {
    String url = System.getenv("FLOWD_TEST_DATABASE_URL");
    return url != null ? url : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  }

  private static Connection open(DatabaseUrl url) throws SQLException {
    Properties props = new Properties();
    if (url.user() != null) {
      props.setProperty("user", url.user());
    }
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }
}

package io.flowd.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location taken from {@code DATABASE_URL}: either a JDBC URL or the common {@code
 * postgres://user:password@host:port/db} form.
 *
 * @param jdbcUrl the JDBC URL without credentials
 * @param user the user name, or {@code null}
 * @param password the password, or {@code null}
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

  /** Parses either form. */
  public static DatabaseUrl parse(String url) {
    if (url.startsWith("jdbc:")) {
      return new DatabaseUrl(url, null, null);
    }
    if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
      throw new IllegalArgumentException("DATABASE_URL must be a jdbc: or postgres:// URL");
    }
    URI uri = URI.create(url);
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new DatabaseUrl(
        "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query,
        user,
        password);
  }

  /** Returns the database name in the URL. */
  public String databaseName() {
    String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
    int slash = rest.indexOf('/');
    String name = slash < 0 ? "" : rest.substring(slash + 1);
    int query = name.indexOf('?');
    return query < 0 ? name : name.substring(0, query);
  }

  /** Returns the same location pointing at another database of the same server. */
  public DatabaseUrl withDatabase(String database) {
    String name = databaseName();
    int at = jdbcUrl.indexOf("/" + name, jdbcUrl.indexOf("//") + 2);
    String url =
        jdbcUrl.substring(0, at) + "/" + database + jdbcUrl.substring(at + 1 + name.length());
    return new DatabaseUrl(url, user, password);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}

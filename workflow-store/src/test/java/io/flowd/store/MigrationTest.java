package io.flowd.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationTest {
  private static StoreTestDatabase db;

  @BeforeAll
  static void migrateEmptyDatabase() {
    db = new StoreTestDatabase("store_migration");
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void migratesAnEmptyDatabaseToTheLatestVersionOnTheClasspath() throws Exception {
    List<Integer> versions = migrationVersions();
    var info = Flyway.configure().dataSource(db.url(), null, null).load().info();

    assertThat(info.pending()).isEmpty();
    assertThat(info.current().getVersion().getMajor().intValue())
        .isEqualTo(versions.get(versions.size() - 1));
    assertThat(info.applied()).hasSize(versions.size());
    assertThat(info.applied()).allMatch(m -> m.getState().isApplied() && !m.getState().isFailed());
  }

  @Test
  void migratingAgainChangesNothing() {
    var result = Flyway.configure().dataSource(db.url(), null, null).load().migrate();

    assertThat(result.migrationsExecuted).isZero();
  }

  @Test
  void everyTableHasANonNullTenantId() {
    List<String> tables =
        db.database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT table_name FROM information_schema.tables"
                                + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                                + " AND table_name <> 'flyway_schema_history' ORDER BY 1")
                        .mapTo(String.class)
                        .list());
    List<String> withTenant =
        db.database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT table_name FROM information_schema.columns"
                                + " WHERE table_schema = 'public' AND column_name = 'tenant_id'"
                                + " AND is_nullable = 'NO' ORDER BY 1")
                        .mapTo(String.class)
                        .list());

    assertThat(tables)
        .contains("workflows", "workflow_versions", "runs", "run_logs", "vault_items", "payloads");
    assertThat(withTenant).containsAll(tables);
  }

  private static List<Integer> migrationVersions() throws IOException, URISyntaxException {
    Path dir =
        Paths.get(
                Objects.requireNonNull(
                        MigrationTest.class.getResource("/db/migration/V1__core.sql"))
                    .toURI())
            .getParent();
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
          .sorted()
          .toList();
    }
  }
}

package com.sqm.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cached schema snapshot follows its data source: another pool (a changed connection) or other
 * allowed schemas are read again within the time to live.
 */
class SchemaCatalogIT {
  private static DataSource first;
  private static DataSource second;

  @BeforeAll
  static void createDatabases() throws SQLException {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    first =
        database(postgres, "sqm_catalog_first_it", "CREATE TABLE IF NOT EXISTS apples (id int)");
    second =
        database(postgres, "sqm_catalog_second_it", "CREATE TABLE IF NOT EXISTS pears (id int)");
    try (Connection c = second.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS stock");
      s.execute("CREATE TABLE IF NOT EXISTS stock.crates (id int)");
    }
  }

  private static DataSource database(EmbeddedPostgresServer postgres, String name, String ddl)
      throws SQLException {
    postgres.createDatabaseIfMissing(name);
    DataSource ds = postgres.superuserDataSource(name);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(ddl);
    }
    return ds;
  }

  private final SchemaCatalog catalog =
      new SchemaCatalog(new SchemaIntrospector(), Duration.ofMinutes(5), Clock.systemUTC());

  @Test
  void shouldReuseTheSnapshot_whenPoolAndSchemasAreTheSame() {
    // Arrange
    SchemaSnapshot before = catalog.snapshot("shop", first, List.of("public"));

    // Act
    SchemaSnapshot after = catalog.snapshot("shop", first, List.of("public"));

    // Assert
    assertThat(after).isSameAs(before);
  }

  @Test
  void shouldReadTheNewDatabase_whenTheDataSourcesPoolChanged() {
    // Arrange
    catalog.snapshot("shop", first, List.of("public"));

    // Act
    SchemaSnapshot after = catalog.snapshot("shop", second, List.of("public"));

    // Assert
    assertThat(after.table("pears")).isPresent();
    assertThat(after.table("apples")).isEmpty();
  }

  @Test
  void shouldReadTheNewSchemas_whenAllowedSchemasChanged() {
    // Arrange
    catalog.snapshot("shop", second, List.of("public"));

    // Act
    SchemaSnapshot after = catalog.snapshot("shop", second, List.of("stock"));

    // Assert
    assertThat(after.table("crates")).isPresent();
    assertThat(after.table("pears")).isEmpty();
  }
}

package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.secret.LocalSecretStore;
import com.sqm.secret.SecretStore;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data source's pool follows its row and its secret: a changed connectionRef, a rotated secret
 * (after the time to live, or at once when the login is refused). On a PostgreSQL of its own that
 * asks every role for its password; the time to live only passes when the test moves the clock.
 */
class DataSourcePoolRefreshIT {
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final String DATABASE = "sqm_pools_it";
  private static final String OTHER_DATABASE = "sqm_pools_other_it";
  @TempDir static Path serverDir;
  private static EmbeddedPostgresServer server;

  @TempDir Path secretsDir;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-26T10:00:00Z"));
  private final AtomicInteger secretReads = new AtomicInteger();
  private final AtomicInteger refreshedReads = new AtomicInteger();
  private LocalSecretStore store;
  private DataSourcePools pools;

  @BeforeAll
  static void startServer() throws IOException, SQLException {
    Path passwordFile = serverDir.resolve("superuser.password");
    Files.writeString(passwordFile, "super-pw\n");
    server = EmbeddedPostgresServer.startProtected(serverDir.resolve("data"), 0, passwordFile);
    server.createDatabaseIfMissing(DATABASE);
    server.createDatabaseIfMissing(OTHER_DATABASE);
    admin("CREATE ROLE sqm_pools_first LOGIN PASSWORD 'first-pw'");
    admin("CREATE ROLE sqm_pools_second LOGIN PASSWORD 'second-pw'");
    admin("CREATE ROLE sqm_pools_rotating LOGIN PASSWORD 'old-pw'");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void createPools() {
    store = new LocalSecretStore(secretsDir);
    SecretStore counting =
        new SecretStore() {
          @Override
          public String value(String name) {
            secretReads.incrementAndGet();
            return store.value(name);
          }

          @Override
          public String refreshedValue(String name) {
            refreshedReads.incrementAndGet();
            return value(name);
          }
        };
    pools =
        new DataSourcePools(
            name -> null,
            new DataSourcePools.Settings(
                Duration.ofMillis(500), 3, Duration.ofSeconds(10), clock, 2, TTL),
            counting);
  }

  @AfterEach
  void closePools() throws SQLException {
    pools.close();
    admin("ALTER ROLE sqm_pools_rotating PASSWORD 'old-pw'");
  }

  @Test
  void shouldConnectAsTheNewRoleAndDatabase_whenConnectionRefChanges() throws SQLException {
    // Arrange
    DataSource first = pools.forDataSource(source(url(DATABASE, "sqm_pools_first", "first-pw")));
    assertThat(whoAmI(first)).isEqualTo("sqm_pools_first@" + DATABASE);

    // Act
    DataSource second =
        pools.forDataSource(source(url(OTHER_DATABASE, "sqm_pools_second", "second-pw")));

    // Assert
    assertThat(second).isNotSameAs(first);
    assertThat(whoAmI(second)).isEqualTo("sqm_pools_second@" + OTHER_DATABASE);
    assertThat(hikari(first).isClosed()).isTrue();
    // a handle taken before the change hands out the new pool's connections
    assertThat(whoAmI(first)).isEqualTo("sqm_pools_second@" + OTHER_DATABASE);
  }

  @Test
  void shouldKeepThePool_whenTheRowIsReadAgainUnchanged() throws SQLException {
    // Arrange
    DataSourceConfig ds = source(url(DATABASE, "sqm_pools_first", "first-pw"));
    DataSource first = pools.forDataSource(ds);
    whoAmI(first);

    // Act
    DataSource again = pools.forDataSource(source(url(DATABASE, "sqm_pools_first", "first-pw")));

    // Assert
    assertThat(again).isSameAs(first);
    assertThat(hikari(first).isClosed()).isFalse();
  }

  @Test
  void shouldFinishTheQueryInFlight_beforeTheReplacedPoolIsClosed() throws SQLException {
    // Arrange
    DataSource first = pools.forDataSource(source(url(DATABASE, "sqm_pools_first", "first-pw")));
    try (Connection inFlight = first.getConnection()) {
      // Act
      DataSource second =
          pools.forDataSource(source(url(OTHER_DATABASE, "sqm_pools_second", "second-pw")));

      // Assert
      assertThat(whoAmI(second)).isEqualTo("sqm_pools_second@" + OTHER_DATABASE);
      assertThat(hikari(first).isClosed()).isFalse();
      assertThat(whoAmI(inFlight)).isEqualTo("sqm_pools_first@" + DATABASE);
    }
    pools.forDataSource(source(url(OTHER_DATABASE, "sqm_pools_second", "second-pw")));
    assertThat(hikari(first).isClosed()).isTrue();
  }

  @Test
  void shouldResolveTheSecretAgain_onlyAfterItsTimeToLive() throws SQLException {
    // Arrange
    store.put("rotating", url(DATABASE, "sqm_pools_first", "first-pw"));
    DataSourceConfig ds = source("secret:rotating");
    DataSource first = pools.forDataSource(ds);
    store.put("rotating", url(DATABASE, "sqm_pools_second", "second-pw"));

    // Act
    clock.advance(TTL.minusSeconds(1));
    DataSource beforeTtl = pools.forDataSource(ds);
    clock.advance(Duration.ofSeconds(1));
    DataSource afterTtl = pools.forDataSource(ds);

    // Assert
    assertThat(beforeTtl).isSameAs(first);
    assertThat(secretReads).hasValue(2);
    assertThat(refreshedReads).hasValue(0);
    assertThat(afterTtl).isNotSameAs(first);
    assertThat(whoAmI(afterTtl)).isEqualTo("sqm_pools_second@" + DATABASE);
    assertThat(hikari(first).isClosed()).isTrue();
  }

  @Test
  void shouldPickUpARotatedSecret_whenTheLoginIsRefused() throws SQLException {
    // Arrange
    store.put("rotating", url(DATABASE, "sqm_pools_rotating", "old-pw"));
    DataSourceConfig ds = source("secret:rotating");
    DataSource pool = pools.forDataSource(ds);
    assertThat(whoAmI(pool)).isEqualTo("sqm_pools_rotating@" + DATABASE);
    admin("ALTER ROLE sqm_pools_rotating PASSWORD 'new-pw'");
    store.put("rotating", url(DATABASE, "sqm_pools_rotating", "new-pw"));
    // the open connection outlives the rotation; the next one must log in again
    hikari(pool).getHikariPoolMXBean().softEvictConnections();

    // Act: the clock has not moved, so only the refused login resolves the secret again
    String who = whoAmI(pool);

    // Assert
    assertThat(who).isEqualTo("sqm_pools_rotating@" + DATABASE);
    assertThat(secretReads).hasValue(2);
    assertThat(refreshedReads).as("the refused login reads past the cache").hasValue(1);
    assertThat(hikari(pool).isClosed()).isTrue();
    assertThat(pools.forDataSource(ds)).isNotSameAs(pool);
  }

  @Test
  void shouldRefuseWithoutAnotherPool_whenTheLoginIsRefusedAndTheSecretIsUnchanged()
      throws SQLException {
    // Arrange
    store.put("rotating", url(DATABASE, "sqm_pools_rotating", "old-pw"));
    DataSourceConfig ds = source("secret:rotating");
    DataSource pool = pools.forDataSource(ds);
    whoAmI(pool);
    admin("ALTER ROLE sqm_pools_rotating PASSWORD 'new-pw'");
    hikari(pool).getHikariPoolMXBean().softEvictConnections();

    // Act
    SQLException error = catchThrowableOfType(SQLException.class, pool::getConnection);

    // Assert
    assertThat(error.getSQLState()).isEqualTo("28P01");
    assertThat(error.getMessage()).doesNotContain("old-pw", "new-pw");
    assertThat(secretReads).hasValue(2);
    assertThat(refreshedReads).hasValue(1);
    assertThat(pools.forDataSource(ds)).isSameAs(pool);
  }

  @Test
  void shouldKeepTheWorkingPool_whenTheSecretCannotBeReadAfterItsTimeToLive() throws SQLException {
    // Arrange
    store.put("rotating", url(DATABASE, "sqm_pools_first", "first-pw"));
    DataSourceConfig ds = source("secret:rotating");
    DataSource pool = pools.forDataSource(ds);
    store.delete("rotating");
    clock.advance(TTL);

    // Act
    DataSource after = pools.forDataSource(ds);

    // Assert
    assertThat(after).isSameAs(pool);
    assertThat(whoAmI(after)).isEqualTo("sqm_pools_first@" + DATABASE);
  }

  @Test
  void shouldFail_whenTheChangedConnectionRefCannotBeResolved() {
    // Arrange
    DataSource pool = pools.forDataSource(source(url(DATABASE, "sqm_pools_first", "first-pw")));

    // Act
    SqmException error =
        catchThrowableOfType(
            SqmException.class, () -> pools.forDataSource(source("secret:missing")));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(hikari(pool).isClosed()).isFalse();
  }

  private static DataSourceConfig source(String connectionRef) {
    return new DataSourceConfig(
        "pools-it", "pools-it", "", connectionRef, List.of("public"), true, null);
  }

  private static String url(String database, String user, String password) {
    return "jdbc:postgresql://localhost:"
        + server.port()
        + "/"
        + database
        + "?user="
        + user
        + "&password="
        + password;
  }

  private static HikariDataSource hikari(DataSource pool) {
    try {
      return pool.unwrap(HikariDataSource.class);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String whoAmI(DataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      return whoAmI(connection);
    }
  }

  private static String whoAmI(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rows = s.executeQuery("SELECT current_user || '@' || current_database()")) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = server.superuserDataSource("postgres").getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}

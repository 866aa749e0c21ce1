package com.sqm.sql;

import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.DataSourceConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * A seeded database on the shared embedded PostgreSQL: public.customers/orders/events, a sequence,
 * a side-effect function and secret.salaries; plus the read-only role {@value #READER} made by
 * {@link ReaderRoleGrants}, which the tests connect as.
 */
final class TestDatabase {
  static final String NAME = "sqm_sql_it";
  static final String READER = "sqm_reader";
  static final String READER_PASSWORD = "reader-pw";
  private static TestDatabase instance;

  private final EmbeddedPostgresServer server;
  private final DataSourcePools pools = new DataSourcePools(name -> null);

  private TestDatabase(EmbeddedPostgresServer server) {
    this.server = server;
  }

  static synchronized TestDatabase get() {
    if (instance == null) {
      EmbeddedPostgresServer server = SharedTestServices.postgres();
      boolean created = server.createDatabaseIfMissing(NAME);
      instance = new TestDatabase(server);
      if (created) {
        instance.seed();
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance.pools::close));
    }
    return instance;
  }

  int port() {
    return server.port();
  }

  DataSource admin() {
    return server.superuserDataSource(NAME);
  }

  String readerUrl() {
    return readerUrl(server.port());
  }

  /** As {@link #readerUrl()}, to a server listening on {@code port}. */
  String readerUrl(int port) {
    return "jdbc:postgresql://localhost:"
        + port
        + "/"
        + NAME
        + "?user="
        + READER
        + "&password="
        + READER_PASSWORD;
  }

  /** A pool connected as the read-only role, as the worker would have. */
  DataSource reader() {
    return pools.forDataSource(
        new DataSourceConfig("it", "it", "", readerUrl(), List.of("public"), true, null));
  }

  private void seed() {
    try (Connection c = admin().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, region text, created_at date)");
      s.execute(
          "INSERT INTO customers SELECT g, 'customer ' || g, (ARRAY['north','south','east','west'])[1 + g % 4],"
              + " date '2024-01-01' + g FROM generate_series(1, 50) g");
      s.execute(
          "CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id),"
              + " amount numeric(10,2), status text, ordered_at timestamptz, tags text[], meta jsonb)");
      s.execute(
          "INSERT INTO orders SELECT g, 1 + g % 50, (g % 250) + 0.5, (ARRAY['paid','open','refunded'])[1 + g % 3],"
              + " timestamptz '2024-06-01 00:00:00+00' + g * interval '3 hours',"
              + " CASE WHEN g % 5 = 0 THEN ARRAY['gift','promo'] ELSE ARRAY['standard'] END,"
              + " jsonb_build_object('channel', CASE WHEN g % 2 = 0 THEN 'web' ELSE 'store' END)"
              + " FROM generate_series(1, 2000) g");
      s.execute("CREATE TABLE events (id int, kind text)");
      s.execute("INSERT INTO events SELECT g, 'k' || (g % 10) FROM generate_series(1, 20000) g");
      s.execute("CREATE SEQUENCE order_seq");
      s.execute("CREATE TABLE audit (at timestamptz DEFAULT now())");
      s.execute(
          "CREATE FUNCTION bump_order_count() RETURNS int LANGUAGE sql AS"
              + " 'INSERT INTO audit DEFAULT VALUES RETURNING 1'");
      // Callable as c.customer_note on a customers row: PostgreSQL's attribute notation.
      s.execute(
          "CREATE FUNCTION customer_note(customers) RETURNS text LANGUAGE sql AS"
              + " 'SELECT ''from a user function'''");
      s.execute("CREATE SCHEMA secret");
      s.execute("CREATE TABLE secret.salaries (id int, salary numeric)");
      s.execute("INSERT INTO secret.salaries VALUES (1, 100000), (2, 120000)");
      s.execute("ANALYZE");
    } catch (SQLException e) {
      throw new IllegalStateException("seeding " + NAME + " failed", e);
    }
    new ReaderRoleGrants(READER, List.of("public"), READER_PASSWORD).apply(admin());
  }
}

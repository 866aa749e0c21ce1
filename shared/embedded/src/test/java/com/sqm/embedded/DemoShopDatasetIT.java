package com.sqm.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class DemoShopDatasetIT {
  private static final String[] TABLES = {"customers", "products", "orders", "order_items"};

  @Test
  void shouldCreateThousandsOfRows_whenSeededIntoEmptyDatabase() throws SQLException {
    DataSource ds = freshDatabase("demo_shop_counts");

    DemoShopDataset.seed(ds);

    assertThat(count(ds, "SELECT count(*) FROM customers")).isEqualTo(500);
    assertThat(count(ds, "SELECT count(*) FROM products")).isEqualTo(80);
    assertThat(count(ds, "SELECT count(DISTINCT category) FROM products")).isEqualTo(8);
    assertThat(count(ds, "SELECT count(DISTINCT country) FROM customers")).isEqualTo(12);
    assertThat(count(ds, "SELECT count(*) FROM orders")).isEqualTo(5000);
    assertThat(count(ds, "SELECT count(*) FROM order_items")).isBetween(10_000L, 14_000L);
    assertThat(count(ds, "SELECT count(DISTINCT status) FROM orders")).isEqualTo(4);
  }

  @Test
  void shouldKeepOrderTotalsEqualToLineSums_whenSeeded() throws SQLException {
    DataSource ds = freshDatabase("demo_shop_totals");

    DemoShopDataset.seed(ds);

    assertThat(
            count(
                ds,
                """
        SELECT count(*) FROM orders o
        WHERE o.total_amount <> (SELECT sum(i.line_total) FROM order_items i WHERE i.order_id = o.id)"""))
        .isZero();
    assertThat(
            count(ds, "SELECT count(*) FROM order_items WHERE line_total <> quantity * unit_price"))
        .isZero();
    assertThat(
            count(
                ds,
                "SELECT count(*) FROM orders WHERE order_date NOT BETWEEN '2024-01-01' AND '2025-12-31'"))
        .isZero();
    assertThat(count(ds, "SELECT count(*) FROM orders WHERE order_date >= '2025-01-01'"))
        .isGreaterThan(count(ds, "SELECT count(*) FROM orders WHERE order_date < '2025-01-01'"));
  }

  @Test
  void shouldProduceIdenticalData_whenSeededIntoTwoDatabases() throws SQLException {
    DataSource first = freshDatabase("demo_shop_twin_a");
    DataSource second = freshDatabase("demo_shop_twin_b");

    DemoShopDataset.seed(first);
    DemoShopDataset.seed(second);

    assertThat(checksums(second)).isEqualTo(checksums(first));
  }

  @Test
  void shouldLeaveDataUnchanged_whenSeededTwice() throws SQLException {
    DataSource ds = freshDatabase("demo_shop_twice");
    DemoShopDataset.seed(ds);
    Map<String, String> before = checksums(ds);

    DemoShopDataset.seed(ds);

    assertThat(checksums(ds)).isEqualTo(before);
    assertThat(count(ds, "SELECT count(*) FROM orders")).isEqualTo(5000);
  }

  @Test
  void shouldCommentEveryTableAndColumn_whenSeeded() throws SQLException {
    DataSource ds = freshDatabase("demo_shop_comments");

    DemoShopDataset.seed(ds);

    assertThat(
            count(
                ds,
                """
        SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
          AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NULL"""))
        .isZero();
    assertThat(
            count(
                ds,
                """
        SELECT count(*) FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND obj_description(c.oid, 'pg_class') IS NULL"""))
        .isZero();
  }

  private static DataSource freshDatabase(String name) {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    postgres.createDatabaseIfMissing(name);
    return postgres.superuserDataSource(name);
  }

  private static long count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, String> checksums(DataSource ds) throws SQLException {
    Map<String, String> sums = new LinkedHashMap<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM " + table + " t")) {
          rs.next();
          sums.put(table, rs.getString(1));
        }
      }
    }
    return sums;
  }
}

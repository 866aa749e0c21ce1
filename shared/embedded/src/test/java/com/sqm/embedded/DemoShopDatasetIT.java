package com.sqm.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
  }

  @Test
  void shouldPlaceOrdersInTheTwoYearsBeforeTheAnchor_whenSeededWithAnAnchorDate()
      throws SQLException {
    DataSource ds = freshDatabase("demo_shop_anchor");
    LocalDate anchor = LocalDate.of(2027, 3, 15);

    DemoShopDataset.seed(ds, anchor);

    assertThat(DemoShopDataset.anchorDate(ds)).isEqualTo(anchor);
    assertThat(date(ds, "SELECT min(order_date) FROM orders"))
        .isAfterOrEqualTo(LocalDate.of(2025, 3, 15));
    assertThat(date(ds, "SELECT max(order_date) FROM orders"))
        .isBeforeOrEqualTo(LocalDate.of(2027, 3, 14));
    // "last month" relative to the anchor has orders, and the shop grows: more in the second year.
    assertThat(
            count(
                ds,
                "SELECT count(*) FROM orders WHERE order_date >= '2027-02-01' AND order_date < '2027-03-01'"))
        .isPositive();
    assertThat(count(ds, "SELECT count(*) FROM orders WHERE order_date >= '2026-03-15'"))
        .isGreaterThan(count(ds, "SELECT count(*) FROM orders WHERE order_date < '2026-03-15'"));
    assertThat(
            count(ds, "SELECT count(*) FROM customers WHERE signup_date > DATE '2027-03-15' - 180"))
        .isZero();
  }

  @Test
  void shouldKeepTheFirstAnchor_whenSeededAgainOnALaterDay() throws SQLException {
    DataSource ds = freshDatabase("demo_shop_restart");
    DemoShopDataset.seed(ds, LocalDate.of(2026, 1, 10));
    Map<String, String> before = checksums(ds);

    DemoShopDataset.seed(ds, LocalDate.of(2026, 6, 1));

    assertThat(DemoShopDataset.anchorDate(ds)).isEqualTo(LocalDate.of(2026, 1, 10));
    assertThat(checksums(ds)).isEqualTo(before);
  }

  @Test
  void shouldAnchorAtToday_whenSeededWithoutAnAnchorDate() throws SQLException {
    DataSource ds = freshDatabase("demo_shop_today");
    LocalDate before = LocalDate.now(ZoneOffset.UTC);

    DemoShopDataset.seed(ds);

    // Between the two readings of the clock, in case the test runs across midnight.
    assertThat(DemoShopDataset.anchorDate(ds)).isBetween(before, LocalDate.now(ZoneOffset.UTC));
    assertThat(date(ds, "SELECT max(order_date) FROM orders"))
        .isBefore(DemoShopDataset.anchorDate(ds));
  }

  @Test
  void shouldProduceIdenticalData_whenSeededIntoTwoDatabases() throws SQLException {
    DataSource first = freshDatabase("demo_shop_twin_a");
    DataSource second = freshDatabase("demo_shop_twin_b");

    DemoShopDataset.seed(first, LocalDate.of(2026, 11, 26));
    DemoShopDataset.seed(second, LocalDate.of(2026, 11, 26));

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

  private static LocalDate date(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getDate(1).toLocalDate();
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

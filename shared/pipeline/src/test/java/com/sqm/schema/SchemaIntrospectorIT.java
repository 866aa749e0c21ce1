package com.sqm.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.embedded.DemoShopDataset;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.schema.SchemaSnapshot.Column;
import com.sqm.schema.SchemaSnapshot.ForeignKey;
import com.sqm.schema.SchemaSnapshot.Table;
import com.sqm.sql.DataSourcePools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchemaIntrospectorIT {
  private static SchemaSnapshot snapshot;

  @BeforeAll
  static void introspectDemoShop() {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    postgres.createDatabaseIfMissing(DemoShopDataset.DATABASE);
    DataSource ds = postgres.superuserDataSource(DemoShopDataset.DATABASE);
    DemoShopDataset.seed(ds);
    snapshot = new SchemaIntrospector().introspect(ds, List.of("public"));
  }

  @Test
  void shouldReadTablesColumnsAndComments_whenSchemaIsCommented() {
    Table orders = snapshot.table("orders").orElseThrow();

    assertThat(snapshot.tables())
        .extracting(Table::name)
        .contains("customers", "products", "orders", "order_items");
    assertThat(orders.comment()).contains("Orders");
    Column total = orders.column("total_amount").orElseThrow();
    assertThat(total.dataType()).isEqualTo("numeric(12,2)");
    assertThat(total.comment()).contains("revenue");
    assertThat(total.nullable()).isFalse();
    assertThat(orders.column("id").orElseThrow().primaryKey()).isTrue();
  }

  @Test
  void shouldReadForeignKeys_whenTablesReferenceEachOther() {
    Table items = snapshot.table("order_items").orElseThrow();

    assertThat(items.foreignKeys())
        .containsExactlyInAnyOrder(
            new ForeignKey(List.of("order_id"), "public", "orders", List.of("id")),
            new ForeignKey(List.of("product_id"), "public", "products", List.of("id")));
  }

  @Test
  void shouldSampleLowCardinalityTextOnly_whenIntrospecting() {
    Table customers = snapshot.table("customers").orElseThrow();

    assertThat(customers.column("country").orElseThrow().sampleValues())
        .hasSize(12)
        .contains("Germany", "France");
    assertThat(snapshot.table("orders").orElseThrow().column("status").orElseThrow().sampleValues())
        .containsExactly("cancelled", "delivered", "returned", "shipped");
    assertThat(customers.column("email").orElseThrow().sampleValues()).isEmpty();
    assertThat(customers.column("signup_date").orElseThrow().sampleValues()).isEmpty();
  }

  @Test
  void shouldEstimateRowCounts_whenTablesAreAnalysed() {
    assertThat(snapshot.table("customers").orElseThrow().estimatedRows()).isEqualTo(500);
    assertThat(snapshot.table("orders").orElseThrow().estimatedRows()).isBetween(4_500L, 5_500L);
  }

  @Test
  void shouldFailTransientDatasourceError_whenDataSourceCannotBeReached() throws IOException {
    // Arrange: a port nothing listens on, through the pools the worker uses
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    DataSourceConfig down =
        new DataSourceConfig(
            "down",
            "down",
            "",
            "jdbc:postgresql://localhost:" + port + "/shop?user=reader&password=s3cret",
            List.of("public"),
            true,
            null);
    try (DataSourcePools pools =
        new DataSourcePools(name -> name.endsWith("CONNECT_TIMEOUT_MS") ? "250" : null)) {
      DataSource pool = pools.forDataSource(down);

      // Act
      SqmException error =
          catchThrowableOfType(
              SqmException.class,
              () -> new SchemaIntrospector().introspect(pool, List.of("public")));

      // Assert
      assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
      assertThat(error.isTransient()).isTrue();
      assertThat(error.getMessage())
          .startsWith("cannot connect to data source down: ")
          .doesNotContain("s3cret");
    }
  }
}

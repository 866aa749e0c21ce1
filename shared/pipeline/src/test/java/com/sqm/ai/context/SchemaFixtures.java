package com.sqm.ai.context;

import com.sqm.schema.SchemaSnapshot;
import com.sqm.schema.SchemaSnapshot.Column;
import com.sqm.schema.SchemaSnapshot.ForeignKey;
import com.sqm.schema.SchemaSnapshot.Table;
import java.util.ArrayList;
import java.util.List;

/** Schemas built in code for context and engine tests: a small shop and a generated large one. */
public final class SchemaFixtures {
  private SchemaFixtures() {}

  public static Column column(String name, String type) {
    return new Column(name, type, true, false, null, List.of());
  }

  public static Column key(String name) {
    return new Column(name, "integer", false, true, null, List.of());
  }

  public static Column withValues(String name, List<String> values) {
    return new Column(name, "text", true, false, null, values);
  }

  public static Column withComment(String name, String type, String comment) {
    return new Column(name, type, true, false, comment, List.of());
  }

  public static ForeignKey references(String column, String table) {
    return new ForeignKey(List.of(column), "public", table, List.of("id"));
  }

  public static Table table(String name, String comment, List<Column> columns, ForeignKey... fks) {
    return new Table("public", name, comment, columns, List.of(fks), 1_000);
  }

  /** customers ← orders → order_items → products → categories; plus an unrelated audit table. */
  public static SchemaSnapshot shop() {
    return new SchemaSnapshot(
        List.of(
            table(
                "audit_log",
                "internal audit trail",
                List.of(key("id"), column("action", "text"), column("logged_at", "timestamp"))),
            table("categories", null, List.of(key("id"), column("name", "text"))),
            table(
                "customers",
                "people who bought something",
                List.of(
                    key("id"),
                    column("name", "text"),
                    withValues("country", List.of("Germany", "France", "Spain")))),
            table(
                "order_items",
                null,
                List.of(
                    key("id"),
                    column("order_id", "integer"),
                    column("product_id", "integer"),
                    column("quantity", "integer"),
                    column("unit_price", "numeric")),
                references("order_id", "orders"),
                references("product_id", "products")),
            table(
                "orders",
                "one row per checkout",
                List.of(
                    key("id"),
                    column("customer_id", "integer"),
                    column("ordered_at", "timestamp"),
                    withValues("status", List.of("paid", "shipped", "cancelled"))),
                references("customer_id", "customers")),
            table(
                "products",
                null,
                List.of(
                    key("id"),
                    column("name", "text"),
                    column("category_id", "integer"),
                    column("price", "numeric")),
                references("category_id", "categories"))));
  }

  /**
   * {@code count} tables named {@code t0001_<word>_<word>}, each with a dozen commented columns and
   * a foreign key to the table before it; words come from a fixed list, so names repeat words.
   */
  public static SchemaSnapshot generated(int count) {
    String[] words = {
      "ledger",
      "invoice",
      "shipment",
      "warehouse",
      "supplier",
      "payroll",
      "contract",
      "asset",
      "ticket",
      "campaign",
      "vehicle",
      "patient",
      "booking",
      "sensor",
      "branch",
      "policy",
      "claim",
      "course",
      "tenant",
      "device",
      "route",
      "parcel",
      "quote",
      "refund",
      "voucher"
    };
    List<Table> tables = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name =
          String.format(
              "t%04d_%s_%s", i, words[i % words.length], words[(i / words.length) % words.length]);
      List<Column> columns = new ArrayList<>();
      columns.add(key("id"));
      for (int c = 0; c < 11; c++) {
        columns.add(
            withComment(
                "attribute_" + c + "_" + words[(i + c) % words.length],
                c % 2 == 0 ? "text" : "numeric",
                "Describes the " + words[(i + c) % words.length] + " detail number " + c));
      }
      List<ForeignKey> fks = new ArrayList<>();
      if (i > 0) {
        columns.add(column("parent_id", "integer"));
        fks.add(
            new ForeignKey(
                List.of("parent_id"), "public", tables.get(i - 1).name(), List.of("id")));
      }
      tables.add(new Table("public", name, "Generated table number " + i, columns, fks, i * 10L));
    }
    return new SchemaSnapshot(tables);
  }
}

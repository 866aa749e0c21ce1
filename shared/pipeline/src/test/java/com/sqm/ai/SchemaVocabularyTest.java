package com.sqm.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.ai.SchemaVocabulary.Kind;
import com.sqm.schema.SchemaSnapshot;
import com.sqm.schema.SchemaSnapshot.Column;
import com.sqm.schema.SchemaSnapshot.Table;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaVocabularyTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "integer, NUMBER",
    "bigint, NUMBER",
    "smallint, NUMBER",
    "int4, NUMBER",
    "'numeric(10,2)', NUMBER",
    "double precision, NUMBER",
    "interval, OTHER",
    "point, OTHER",
    "int4range, OTHER",
    "timestamp with time zone, DATE",
    "character varying(20), TEXT"
  })
  void shouldClassifyByWholeTypeName_whenTypeNameContainsInt(String type, Kind kind) {
    assertThat(SchemaVocabulary.kindOf(type)).isEqualTo(kind);
  }

  @Test
  void shouldJoinOnNamedReference_whenSchemaDeclaresNoForeignKeys() {
    SchemaVocabulary vocab =
        new SchemaVocabulary(
            new SchemaSnapshot(
                List.of(
                    table("venue", col("venue_id", "text"), col("venue_name", "text")),
                    table("gig", col("gig_id", "text"), col("venue_id", "text")))));

    SchemaVocabulary.TableInfo gig = vocab.tables.get(1);
    SchemaVocabulary.TableInfo venue = vocab.tables.get(0);

    assertThat(vocab.path(gig, venue))
        .singleElement()
        .satisfies(e -> assertThat(e.fromColumns()).containsExactly("venue_id"));
    assertThat(venue.primaryKey()).map(SchemaVocabulary.ColumnInfo::name).contains("venue_id");
  }

  @Test
  void shouldReadWordsWithoutSharedPrefixes_whenEveryNameCarriesOne() {
    SchemaVocabulary vocab =
        new SchemaVocabulary(
            new SchemaSnapshot(
                List.of(
                    table(
                        "xyShop",
                        pk("xyShopId", "text"),
                        col("xyShopName", "text"),
                        col("xyShopOpenDate", "date")),
                    table(
                        "xySale",
                        pk("xySaId", "text"),
                        col("xySaShopId", "text"),
                        col("xySaAmount", "numeric")),
                    table(
                        "xyRegion",
                        pk("xyRgId", "text"),
                        col("xyRgName", "text"),
                        col("xyRgCode", "text")))));

    SchemaVocabulary.TableInfo shop = vocab.tables.get(0);
    SchemaVocabulary.TableInfo sale = vocab.tables.get(1);

    assertThat(shop.words).isEqualTo("shop");
    assertThat(shop.columns).extracting(c -> c.words).containsExactly("id", "name", "open date");
    assertThat(sale.columns).extracting(c -> c.words).containsExactly("id", "shop id", "amount");
    assertThat(vocab.path(sale, shop))
        .singleElement()
        .satisfies(e -> assertThat(e.toColumns()).containsExactly("xyShopId"));
  }

  @Test
  void shouldKeepNamesWhole_whenTablesShareNoPrefix() {
    SchemaVocabulary vocab =
        new SchemaVocabulary(
            new SchemaSnapshot(
                List.of(
                    table("orders", col("order_date", "date")),
                    table("order_items", col("quantity", "int")),
                    table("customers", col("name", "text")))));

    assertThat(vocab.tables)
        .extracting(t -> t.words)
        .containsExactly("orders", "order items", "customers");
  }

  @Test
  void shouldSumAmountsAndAverageLevels_whenTheQuestionNamesNoAggregate() {
    SchemaVocabulary vocab =
        new SchemaVocabulary(
            new SchemaSnapshot(
                List.of(
                    table(
                        "reviews",
                        col("stars", "real"),
                        col("tip_amount", "numeric"),
                        col("quantity", "integer")))));
    List<SchemaVocabulary.ColumnInfo> c = vocab.tables.get(0).columns;

    assertThat(MeasureDefaults.naturalAggregate(c.get(0))).isEqualTo(QueryPlan.Aggregate.AVG);
    assertThat(MeasureDefaults.naturalAggregate(c.get(1))).isEqualTo(QueryPlan.Aggregate.SUM);
    assertThat(MeasureDefaults.naturalAggregate(c.get(2))).isEqualTo(QueryPlan.Aggregate.SUM);
  }

  private static Column pk(String name, String type) {
    return new Column(name, type, false, true, "", List.of());
  }

  private static Table table(String name, Column... columns) {
    return new Table("public", name, "", List.of(columns), List.of(), 10);
  }

  private static Column col(String name, String type) {
    return new Column(name, type, true, false, "", List.of());
  }
}

package com.sqm.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.QueryTemplate;
import com.sqm.testing.TestEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcDataSourceRepositoryIT {
  private static TestEnvironment env;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("data_source_repository_it");
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void shouldReadBackEveryField_whenUpserted() {
    DataSourceConfig sales =
        new DataSourceConfig(
            "sales",
            "Sales",
            "Orders by region",
            "secret:sales-ro",
            List.of("public", "reporting"),
            true,
            new DataSourceLimits(2_000, 500, 65_536, 5_000, 100_000));

    env.components().dataSources().upsert(sales);

    assertThat(env.components().dataSources().findById("sales")).contains(sales);
  }

  @Test
  void shouldReplace_whenUpsertedAgain() {
    DataSourceConfig v1 =
        new DataSourceConfig("hr", "HR", null, "secret:hr", List.of("public"), true, null);
    DataSourceConfig v2 =
        new DataSourceConfig(
            "hr", "People", "renamed", "secret:hr", List.of("people"), false, null);

    env.components().dataSources().upsert(v1);
    env.components().dataSources().upsert(v2);

    assertThat(env.components().dataSources().findById("hr")).contains(v2);
  }

  @Test
  void shouldListAll_whenSeveralRegistered() {
    assertThat(env.components().dataSources().findAll())
        .extracting(DataSourceConfig::id)
        .contains(TestEnvironment.DEMO, TestEnvironment.DISABLED);
    assertThat(env.components().dataSources().findById("nope")).isEmpty();
  }

  @Test
  void shouldRemoveWithItsExamples_whenDeleted() {
    DataSourceRepository dataSources = env.components().dataSources();
    dataSources.upsert(
        new DataSourceConfig("crm", "CRM", null, "secret:crm", List.of("public"), true, null));
    env.components().templates().add("crm", "n", "How many leads?", "SELECT 1", null);

    boolean removed = dataSources.delete("crm");
    boolean removedAgain = dataSources.delete("crm");

    assertThat(removed).isTrue();
    assertThat(removedAgain).isFalse();
    assertThat(dataSources.findById("crm")).isEmpty();
    assertThat(env.components().templates().findByDataSource("crm")).isEmpty();
  }

  @Test
  void shouldReturnTemplatesOfDataSource_whenAdded() {
    QueryTemplateRepository templates = env.components().templates();

    QueryTemplate added =
        templates.add(
            TestEnvironment.DEMO,
            "top products",
            "What are the top 5 products?",
            "SELECT name FROM products ORDER BY revenue DESC LIMIT 5",
            "ranking");

    assertThat(added.id()).isPositive();
    assertThat(templates.findByDataSource(TestEnvironment.DEMO)).containsExactly(added);
    assertThat(templates.findByDataSource(TestEnvironment.DISABLED)).isEmpty();
  }
}

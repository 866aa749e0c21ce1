package com.sqm.bench;

import com.sqm.ai.OfflineQueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.config.AppConfig;
import com.sqm.config.CoreComponents;
import com.sqm.embedded.DemoShopDataset;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.EmbeddedRedisServer;
import com.sqm.embedded.EmbeddedSqsServer;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.QueryOptions;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.pipeline.QueryPipeline;
import com.sqm.schema.SchemaIntrospector;
import com.sqm.schema.SchemaSnapshot;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.ReadOnlySqlRunner;
import com.sqm.sql.SqlGuard;
import com.sqm.store.Migrations;
import com.sqm.store.QueryRepository;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;

/**
 * What the safety layers cost, on the demo shop and the SQL the offline engine writes for the demo
 * questions: the guard against a bare JSqlParser parse, and guarded execution (guard, EXPLAIN cost
 * gate, read-only transaction with SET LOCAL limits, row-cap wrapper) against plain JDBC on the
 * same pool. Prints one line per comparison; the ratio is what to watch.
 */
public final class Benchmarks {
  private static final List<String> QUESTIONS =
      List.of(
          "How many customers are there?",
          "top 5 products by revenue",
          "orders per month last year",
          "average order value by country");

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0)) {
      postgres.createDatabaseIfMissing(DemoShopDataset.DATABASE);
      DemoShopDataset.seed(postgres.superuserDataSource(DemoShopDataset.DATABASE));
      DataSourceConfig demo =
          new DataSourceConfig(
              "demo",
              "Demo shop",
              "bench",
              postgres.jdbcUrl(DemoShopDataset.DATABASE),
              List.of("public"),
              true,
              DataSourceLimits.DEFAULTS);
      List<Comparison.Result> results = new ArrayList<>();
      try (DataSourcePools pools = new DataSourcePools(name -> null)) {
        DataSource pool = pools.forDataSource(demo);
        Map<String, String> sqlByQuestion = generate(demo, pool);
        results.addAll(safetyLayers(pool, sqlByQuestion));
      }
      results.addAll(answers(postgres, demo));
      System.out.println(
          "java "
              + System.getProperty("java.version")
              + ", "
              + Runtime.getRuntime().availableProcessors()
              + " cores");
      results.forEach(r -> System.out.println(r.line()));
    }
  }

  /**
   * A whole answer from the worker's pipeline: served from Redis (candidate) against computed
   * afresh with the cache turned off for the query (baseline), each on a new stored query.
   */
  private static List<Comparison.Result> answers(
      EmbeddedPostgresServer postgres, DataSourceConfig demo) {
    postgres.createDatabaseIfMissing("sqm_bench");
    try (EmbeddedSqsServer sqs = EmbeddedSqsServer.start(0);
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(null, 0)) {
      Map<String, String> settings = new HashMap<>();
      settings.put("SQM_DB_URL", postgres.jdbcUrl("sqm_bench"));
      settings.put("SQM_QUEUE_URL", sqs.endpoint() + "/000000000000/bench");
      settings.put("SQM_SQS_ENDPOINT", sqs.endpoint().toString());
      settings.put("SQM_REDIS_URL", redis.url());
      try (CoreComponents core = CoreComponents.create(AppConfig.from(settings));
          PipelineComponents pipelines = PipelineComponents.create(core, name -> null)) {
        Migrations.migrate(core.database());
        core.dataSources().upsert(demo);
        QueryPipeline pipeline = pipelines.pipeline();
        Comparison answering = new Comparison(3, 11, 10);
        List<Comparison.Result> results = new ArrayList<>();
        for (String question : QUESTIONS) {
          results.add(
              answering.compare(
                  "cached vs fresh answer: " + question,
                  () -> answer(core, pipeline, question, false),
                  () -> answer(core, pipeline, question, true)));
        }
        return results;
      }
    }
  }

  private static void answer(
      CoreComponents core, QueryPipeline pipeline, String question, boolean useCache) {
    UUID id =
        core.queries()
            .insert(
                new QueryRepository.NewQuery(
                    "bench", question, "demo", new QueryOptions(null, useCache), null))
            .query()
            .id();
    if (pipeline.process(id) != QueryPipeline.Outcome.COMPLETED) {
      throw new IllegalStateException("the benchmark question was not answered: " + question);
    }
  }

  private static Map<String, String> generate(DataSourceConfig demo, DataSource pool) {
    SchemaSnapshot schema = new SchemaIntrospector().introspect(pool, demo.allowedSchemas());
    OfflineQueryEngine engine = new OfflineQueryEngine();
    Map<String, String> sql = new LinkedHashMap<>();
    for (String question : QUESTIONS) {
      QuestionContext context = new QuestionContext(question, demo, schema, List.of());
      sql.put(question, engine.draft(context).value().sql());
    }
    return sql;
  }

  private static List<Comparison.Result> safetyLayers(
      DataSource pool, Map<String, String> sqlByQuestion) {
    SqlGuard guard = new SqlGuard();
    // Keeps no verdict: every check parses and inspects, as the first check of a new SQL does.
    SqlGuard firstCheck = new SqlGuard(0);
    ReadOnlySqlRunner runner = new ReadOnlySqlRunner(guard);
    List<String> schemas = List.of("public");
    Comparison parsing = new Comparison(5, 15, 2_000);
    Comparison execution = new Comparison(3, 11, 30);
    List<Comparison.Result> results = new ArrayList<>();
    for (Map.Entry<String, String> e : sqlByQuestion.entrySet()) {
      String sql = e.getValue();
      results.add(
          parsing.compare(
              "guard vs parse: " + e.getKey(),
              () -> parse(sql),
              () -> firstCheck.check(sql, schemas)));
    }
    for (Map.Entry<String, String> e : sqlByQuestion.entrySet()) {
      String sql = e.getValue();
      results.add(
          execution.compare(
              "guarded vs plain JDBC: " + e.getKey(),
              () -> plainJdbc(pool, sql),
              () -> runner.run(pool, sql, schemas, DataSourceLimits.DEFAULTS, null)));
    }
    return results;
  }

  /** The baseline parse: JSqlParser alone, on a reused thread pool as the guard runs it. */
  private static final ExecutorService PARSER_THREADS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "bench-parser");
            t.setDaemon(true);
            return t;
          });

  private static void parse(String sql) {
    try {
      CCJSqlParserUtil.parseStatements(sql, PARSER_THREADS, null);
    } catch (JSQLParserException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void plainJdbc(DataSource pool, String sql) {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          rs.getObject(i);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

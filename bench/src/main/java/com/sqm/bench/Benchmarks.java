package com.sqm.bench;

import com.sqm.ai.OfflineQueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.embedded.DemoShopDataset;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.schema.SchemaIntrospector;
import com.sqm.schema.SchemaSnapshot;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.ReadOnlySqlRunner;
import com.sqm.sql.SqlGuard;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
          "orders per month in 2025",
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
      try (DataSourcePools pools = new DataSourcePools(name -> null)) {
        DataSource pool = pools.forDataSource(demo);
        Map<String, String> sqlByQuestion = generate(demo, pool);
        run(pool, sqlByQuestion);
      }
    }
  }

  private static Map<String, String> generate(DataSourceConfig demo, DataSource pool) {
    SchemaSnapshot schema = new SchemaIntrospector().introspect(pool, demo.allowedSchemas());
    OfflineQueryEngine engine = new OfflineQueryEngine();
    Map<String, String> sql = new LinkedHashMap<>();
    for (String question : QUESTIONS) {
      QuestionContext context = new QuestionContext(question, demo, schema, List.of());
      sql.put(question, engine.generateSql(context, engine.analyze(context).value()).value());
    }
    return sql;
  }

  private static void run(DataSource pool, Map<String, String> sqlByQuestion) {
    SqlGuard guard = new SqlGuard();
    ReadOnlySqlRunner runner = new ReadOnlySqlRunner(guard);
    List<String> schemas = List.of("public");
    Comparison parsing = new Comparison(5, 15, 2_000);
    Comparison execution = new Comparison(3, 11, 30);
    List<Comparison.Result> results = new ArrayList<>();
    System.out.println(
        "java "
            + System.getProperty("java.version")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores");
    for (Map.Entry<String, String> e : sqlByQuestion.entrySet()) {
      String sql = e.getValue();
      results.add(
          parsing.compare(
              "guard vs parse: " + e.getKey(), () -> parse(sql), () -> guard.check(sql, schemas)));
    }
    for (Map.Entry<String, String> e : sqlByQuestion.entrySet()) {
      String sql = e.getValue();
      results.add(
          execution.compare(
              "guarded vs plain JDBC: " + e.getKey(),
              () -> plainJdbc(pool, sql),
              () -> runner.run(pool, sql, schemas, DataSourceLimits.DEFAULTS, null)));
    }
    results.forEach(r -> System.out.println(r.line()));
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

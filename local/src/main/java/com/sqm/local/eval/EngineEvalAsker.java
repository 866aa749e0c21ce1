package com.sqm.local.eval;

import com.sqm.ai.QueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.schema.SchemaIntrospector;
import com.sqm.schema.SchemaSnapshot;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.ReadOnlySqlRunner;
import com.sqm.sql.SqlGuard;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Asks an engine for SQL (one draft, no correction round) on the data source's introspected schema
 * and runs it through {@link ReadOnlySqlRunner}, as the worker does. A stand-in until the product's
 * own path ({@code ./sqm ask}) is plugged in.
 */
public final class EngineEvalAsker implements EvalAsker {
  private final QueryEngine engine;
  private final DataSourcePools pools;
  private final SchemaIntrospector introspector;
  private final ReadOnlySqlRunner runner;
  private final Map<String, SchemaSnapshot> schemas = new ConcurrentHashMap<>();

  public EngineEvalAsker(
      QueryEngine engine, DataSourcePools pools, SchemaIntrospector introspector) {
    this.engine = engine;
    this.pools = pools;
    this.introspector = introspector;
    this.runner = new ReadOnlySqlRunner(new SqlGuard());
  }

  @Override
  public EvalAnswer ask(DataSourceConfig dataSource, String question, String instructions) {
    String sql = null;
    try {
      DataSource pool = pools.forDataSource(dataSource);
      SchemaSnapshot schema =
          schemas.computeIfAbsent(
              dataSource.id(), id -> introspector.introspect(pool, dataSource.allowedSchemas()));
      QuestionContext context =
          new QuestionContext(question, dataSource, schema, List.of(), instructions, null);
      sql = engine.draft(context).value().sql();
      DataResult result =
          runner.run(pool, sql, dataSource.allowedSchemas(), dataSource.limits(), null);
      return EvalAnswer.result(
          sql, result.columns().stream().map(ColumnMeta::name).toList(), result.rows());
    } catch (SqmException e) {
      return EvalAnswer.error(sql, e.code().name(), e.getMessage());
    } catch (RuntimeException e) {
      // an engine or runner bug: recorded against this question instead of ending the run
      return EvalAnswer.error(sql, ErrorCode.INTERNAL_ERROR.name(), String.valueOf(e));
    }
  }
}

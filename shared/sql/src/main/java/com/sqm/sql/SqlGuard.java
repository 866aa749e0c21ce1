package com.sqm.sql;

import com.sqm.cache.BoundedLru;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableStatement;

/**
 * First safety layer: accepts exactly one SELECT, WITH … SELECT or VALUES statement that reads only
 * tables of the allowed schemas and calls only allowlisted functions; everything else, including
 * SQL the parser cannot read, is rejected with a {@link SqlRejectedException} naming the rule.
 */
public final class SqlGuard {
  private static final int MAX_SQL_CHARS = 20_000;
  private static final long PARSE_TIMEOUT_MS = 2_000;

  /** Verdicts kept: the worker checks each SQL twice (as a stage, then inside the runner). */
  public static final int DEFAULT_KEPT_VERDICTS = 256;

  /**
   * SQL recently accepted, by allowed schemas and normalised text. The verdict depends on nothing
   * else, and parsing is most of the guard's cost (and of the worker's CPU time): the runner's
   * second check of a query the stage before just checked is then a lookup.
   */
  private final Map<List<Object>, GuardedSql> accepted;

  /**
   * Runs the parser so a pathological input times out. Unbounded like a cached pool: a bounded pool
   * with a hand-off queue refuses a parse whenever its threads are all busy or still returning from
   * the previous task, and valid SQL then came back UNPARSEABLE under load. Callers bound
   * concurrency.
   */
  private final ExecutorService parserThreads =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "sqm-sql-parser");
            thread.setDaemon(true);
            return thread;
          });

  public SqlGuard() {
    this(DEFAULT_KEPT_VERDICTS);
  }

  /** A guard that keeps its last {@code keptVerdicts} verdicts of accepted SQL (0: none). */
  public SqlGuard(int keptVerdicts) {
    this.accepted = BoundedLru.synchronizedMap(keptVerdicts);
  }

  /** Validates {@code sql} for a data source whose queries may read {@code allowedSchemas}. */
  public GuardedSql check(String sql, Collection<String> allowedSchemas) {
    if (sql != null && sql.length() > MAX_SQL_CHARS) {
      throw new SqlRejectedException(
          "TOO_LONG", "SQL longer than " + MAX_SQL_CHARS + " characters");
    }
    String text = PostgresLexer.normalise(sql);
    Set<String> schemas = normaliseSchemas(allowedSchemas);
    List<Object> key = List.of(schemas, text);
    GuardedSql known = accepted.get(key);
    if (known != null) {
      return known;
    }
    GuardedSql guarded = inspect(text, schemas);
    accepted.put(key, guarded);
    return guarded;
  }

  private GuardedSql inspect(String text, Set<String> schemas) {
    Statement statement = parseSingle(text);
    if (!(statement instanceof Select) || statement instanceof TableStatement) {
      throw new SqlRejectedException(
          "NOT_A_SELECT",
          describe(statement) + " is not allowed; only SELECT, WITH … SELECT and VALUES are");
    }
    AstInspector inspector = new AstInspector(schemas);
    try {
      inspector.inspect(statement);
    } catch (SqlRejectedException e) {
      throw e;
    } catch (RuntimeException e) {
      // fail closed: a tree we cannot fully inspect is not run
      throw new SqlRejectedException(
          "UNSUPPORTED_SYNTAX", "the query uses syntax the guard cannot inspect");
    }
    return new GuardedSql(text, inspector.referencedNames());
  }

  private Statement parseSingle(String text) {
    Statements statements;
    try {
      statements =
          CCJSqlParserUtil.parseStatements(
              text, parserThreads, parser -> parser.withTimeOut(PARSE_TIMEOUT_MS));
    } catch (JSQLParserException | RuntimeException e) {
      throw new SqlRejectedException(
          "UNPARSEABLE", "the SQL could not be parsed as a single query");
    }
    List<Statement> parsed = statements == null ? List.of() : statements;
    if (parsed.isEmpty()) {
      throw new SqlRejectedException(
          "UNPARSEABLE", "the SQL could not be parsed as a single query");
    }
    if (parsed.size() > 1) {
      throw new SqlRejectedException("MULTIPLE_STATEMENTS", "only one statement is allowed");
    }
    return parsed.get(0);
  }

  private static Set<String> normaliseSchemas(Collection<String> allowedSchemas) {
    Collection<String> schemas =
        allowedSchemas == null || allowedSchemas.isEmpty() ? List.of("public") : allowedSchemas;
    return Set.copyOf(schemas);
  }

  private static String describe(Statement statement) {
    if (statement instanceof TableStatement) {
      return "TABLE statement";
    }
    return "statement type " + statement.getClass().getSimpleName();
  }
}

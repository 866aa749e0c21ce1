package com.sqm.sql;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Visits every node of a parsed statement by reflection over its fields, so no subtree (subqueries,
 * CTEs, set operations, LATERAL, function arguments, CASE, window definitions, ORDER BY...) can be
 * skipped, and fails closed: a node class not on {@link #ALLOWED_NODES} is rejected as unsupported
 * syntax.
 */
final class AstInspector {
  private static final String JSQLPARSER = "net.sf.jsqlparser.";
  private static final String PARSER_INTERNALS = "net.sf.jsqlparser.parser.";
  private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

  private static final Set<String> ALLOWED_PACKAGES =
      Set.of(
          "net.sf.jsqlparser.expression.operators.arithmetic",
          "net.sf.jsqlparser.expression.operators.conditional");

  private static final Set<String> ALLOWED_NODES =
      Set.of(
          // expressions
          "expression.Alias",
          "expression.Alias$AliasColumn",
          "expression.AllValue",
          "expression.AnalyticExpression",
          "expression.AnyComparisonExpression",
          "expression.ArrayConstructor",
          "expression.ArrayExpression",
          "expression.BooleanValue",
          "expression.CaseExpression",
          "expression.CastExpression",
          "expression.CollateExpression",
          "expression.DateTimeLiteralExpression",
          "expression.DateValue",
          "expression.DoubleValue",
          "expression.ExtractExpression",
          "expression.Function",
          "expression.HexValue",
          "expression.IntervalExpression",
          "expression.JsonExpression",
          "expression.LongValue",
          "expression.NotExpression",
          "expression.NullValue",
          "expression.OrderByClause",
          "expression.OverlapsCondition",
          "expression.Parenthesis",
          "expression.PartitionByClause",
          "expression.RowConstructor",
          "expression.RowGetExpression",
          "expression.SignedExpression",
          "expression.StringValue",
          "expression.TimeKeyExpression",
          "expression.TimeValue",
          "expression.TimestampValue",
          "expression.TimezoneExpression",
          "expression.TrimFunction",
          "expression.WhenClause",
          "expression.WindowDefinition",
          "expression.WindowElement",
          "expression.WindowOffset",
          "expression.WindowRange",
          "expression.FilterOverImpl",
          // predicates
          "expression.operators.relational.Between",
          "expression.operators.relational.EqualsTo",
          "expression.operators.relational.NotEqualsTo",
          "expression.operators.relational.GreaterThan",
          "expression.operators.relational.GreaterThanEquals",
          "expression.operators.relational.MinorThan",
          "expression.operators.relational.MinorThanEquals",
          "expression.operators.relational.ExistsExpression",
          "expression.operators.relational.InExpression",
          "expression.operators.relational.IsBooleanExpression",
          "expression.operators.relational.IsDistinctExpression",
          "expression.operators.relational.IsNullExpression",
          "expression.operators.relational.IsUnknownExpression",
          "expression.operators.relational.LikeExpression",
          "expression.operators.relational.SimilarToExpression",
          "expression.operators.relational.RegExpMatchOperator",
          "expression.operators.relational.JsonOperator",
          "expression.operators.relational.Contains",
          "expression.operators.relational.ContainedBy",
          "expression.operators.relational.DoubleAnd",
          "expression.operators.relational.ExpressionList",
          "expression.operators.relational.ParenthesedExpressionList",
          "expression.operators.relational.NamedExpressionList",
          // query structure
          "statement.select.AllColumns",
          "statement.select.AllTableColumns",
          "statement.select.Distinct",
          "statement.select.ExceptOp",
          "statement.select.Fetch",
          "statement.select.GroupByElement",
          "statement.select.IntersectOp",
          "statement.select.Join",
          "statement.select.LateralSubSelect",
          "statement.select.Limit",
          "statement.select.MinusOp",
          "statement.select.Offset",
          "statement.select.OrderByElement",
          "statement.select.ParenthesedFromItem",
          "statement.select.ParenthesedSelect",
          "statement.select.PlainSelect",
          "statement.select.SelectItem",
          "statement.select.SetOperationList",
          "statement.select.TableFunction",
          "statement.select.UnionOp",
          "statement.select.Values",
          "statement.select.WithItem",
          "statement.select.FunctionAllColumns",
          "statement.create.table.ColDataType",
          "schema.Column",
          "schema.Table",
          "schema.Database");

  /**
   * Largest length lpad/rpad may pad to: PostgreSQL allocates up to four bytes per character before
   * it checks anything, so lpad('x', 200000000, 'y') costs the server 800 MB.
   */
  static final long MAX_PAD_LENGTH = 10_000;

  private static final Set<String> PADDING_FUNCTIONS = Set.of("lpad", "rpad");

  private final Set<String> allowedSchemas;
  private final Set<String> referencedNames = new HashSet<>();

  AstInspector(Set<String> allowedSchemas) {
    this.allowedSchemas = allowedSchemas;
  }

  /**
   * Column and function names the inspected statement uses, as PostgreSQL resolves them (unquoted
   * folded to lower case); valid after {@link #inspect}.
   */
  Set<String> referencedNames() {
    return Set.copyOf(referencedNames);
  }

  private void addReferencedName(String raw) {
    String name = identifier(raw);
    if (name != null) {
      referencedNames.add(name);
    }
  }

  void inspect(Statement root) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      Object node = pending.pop();
      if (!seen.add(node)) {
        continue;
      }
      checkNode(node);
      for (Object child : children(node)) {
        pending.push(child);
      }
    }
  }

  private void checkNode(Object node) {
    if (node instanceof WithItem<?> with
        && !(with.getParenthesedStatement() instanceof ParenthesedSelect)) {
      throw new SqlRejectedException(
          "DATA_MODIFYING_CTE", "WITH " + with.getAliasName() + " must contain a SELECT");
    }
    if (node instanceof Statement && !(node instanceof Select) || node instanceof TableStatement) {
      throw new SqlRejectedException(
          "NOT_A_SELECT",
          "nested statement " + node.getClass().getSimpleName() + " is not allowed");
    }
    if (node instanceof Select select) {
      checkSelect(select);
    }
    if (node instanceof TableFunction tableFunction) {
      checkTableFunction(tableFunction);
    } else if (node instanceof Function function) {
      checkFunction(function);
      // functionName is already resolved (quotes removed, unquoted folded): not identifier() again
      referencedNames.add(functionName(function));
    }
    if (node instanceof AnalyticExpression analytic) {
      checkFunctionName(analytic.getName());
    }
    if (node instanceof CastExpression cast) {
      checkCastType(cast);
    }
    if (node instanceof SelectItem<?> item) {
      checkTypedLiteral(item);
    }
    if (node instanceof Column column) {
      checkColumn(column);
      // t.f may call f(t) in PostgreSQL: the executor checks these names against user functions
      addReferencedName(column.getColumnName());
    }
    if (node instanceof RowGetExpression rowGet) {
      addReferencedName(rowGet.getColumnName());
    }
    if (node instanceof Table table) {
      checkTable(table);
    }
    String name = node.getClass().getName();
    String packageName = node.getClass().getPackageName();
    if (!ALLOWED_PACKAGES.contains(packageName)
        && !ALLOWED_NODES.contains(name.substring(JSQLPARSER.length()))) {
      throw new SqlRejectedException(
          "UNSUPPORTED_SYNTAX",
          node.getClass().getSimpleName() + " is not supported: " + snippet(node));
    }
  }

  private static void checkSelect(Select select) {
    if (select.getForMode() != null
        || select.getForUpdateTable() != null
        || select.getWait() != null) {
      throw new SqlRejectedException(
          "LOCKING_CLAUSE", "FOR UPDATE/SHARE locking clauses are not allowed");
    }
    if (select.getForClause() != null) {
      throw new SqlRejectedException(
          "UNSUPPORTED_SYNTAX", "FOR XML/JSON clauses are not supported");
    }
    if (select instanceof PlainSelect plain
        && ((plain.getIntoTables() != null && !plain.getIntoTables().isEmpty())
            || plain.getIntoTempTable() != null)) {
      throw new SqlRejectedException(
          "SELECT_INTO", "SELECT … INTO creates a table and is not allowed");
    }
  }

  private static void checkTableFunction(TableFunction tableFunction) {
    Function function =
        tableFunction.getFunction() == null ? tableFunction : tableFunction.getFunction();
    String name = functionName(function);
    if (!FunctionAllowlist.TABLE_FUNCTIONS.contains(name)) {
      throw new SqlRejectedException(
          "FORBIDDEN_FUNCTION", "function " + name + " is not allowed in FROM");
    }
  }

  private static void checkFunction(Function function) {
    String name = functionName(function);
    checkFunctionName(name);
    if (PADDING_FUNCTIONS.contains(name)) {
      checkPadLength(name, function);
    }
  }

  /** The length argument of lpad/rpad must be a small integer literal; see MAX_PAD_LENGTH. */
  private static void checkPadLength(String name, Function function) {
    List<?> arguments = function.getParameters();
    Object length = arguments == null || arguments.size() < 2 ? null : arguments.get(1);
    if (!(length instanceof LongValue value) || value.getValue() > MAX_PAD_LENGTH) {
      throw new SqlRejectedException(
          "OVERSIZED_VALUE",
          name + " needs a literal length of at most " + MAX_PAD_LENGTH + " characters");
    }
  }

  private static String functionName(Function function) {
    List<String> parts = function.getMultipartName();
    if (parts != null && parts.size() > 1) {
      throw new SqlRejectedException(
          "FORBIDDEN_FUNCTION",
          "function "
              + String.join(".", parts)
              + " is not allowed: schema-qualified function calls are not allowed");
    }
    return identifier(function.getName());
  }

  private static void checkFunctionName(String rawName) {
    String name = identifier(rawName);
    if (name == null || !FunctionAllowlist.SCALAR_AND_AGGREGATE.contains(name)) {
      throw new SqlRejectedException("FORBIDDEN_FUNCTION", "function " + name + " is not allowed");
    }
  }

  private static void checkCastType(CastExpression cast) {
    if (cast.getColDataType() == null || cast.getColDataType().getDataType() == null) {
      return;
    }
    checkTypeName(identifier(cast.getColDataType().getDataType()));
  }

  /**
   * JSqlParser reads PostgreSQL's typed literal {@code regclass 'pg_authid'} as the column {@code
   * regclass} with the alias {@code 'pg_authid'}; PostgreSQL has no string aliases, so such an item
   * is a typed literal and its "column" is a type name.
   */
  private static void checkTypedLiteral(SelectItem<?> item) {
    if (item.getAlias() == null
        || item.getAlias().getName() == null
        || !item.getAlias().getName().strip().startsWith("'")) {
      return;
    }
    Expression type = item.getExpression();
    if (!(type instanceof Column column)) {
      throw new SqlRejectedException(
          "UNSUPPORTED_SYNTAX", "string literals are not allowed as column aliases");
    }
    checkTypeName(
        column.getTable() == null || column.getTable().getName() == null
            ? identifier(column.getColumnName())
            : column.getFullyQualifiedName());
  }

  private static void checkTypeName(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    if (lower.contains(".")
        || lower.startsWith("reg")
        || lower.startsWith("pg_")
        || lower.startsWith("txid")
        || lower.equals("oid")
        // the XML parser reads DTDs; nothing on the allowlist needs xml
        || lower.startsWith("xml")) {
      throw new SqlRejectedException(
          "FORBIDDEN_TYPE", "cast to " + type + " is not allowed (catalog and qualified types)");
    }
  }

  private static void checkColumn(Column column) {
    if (column.getTable() == null || column.getTable().getName() == null) {
      String name = column.getColumnName();
      if (name != null
          && !name.startsWith("\"")
          && FunctionAllowlist.KEYWORD_FUNCTIONS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new SqlRejectedException(
            "FORBIDDEN_FUNCTION", "function " + name.toLowerCase(Locale.ROOT) + " is not allowed");
      }
    }
  }

  private void checkTable(Table table) {
    if (table.getName() == null) {
      return;
    }
    String name = identifier(table.getName());
    if (table.getDatabase() != null && table.getDatabase().getDatabaseName() != null) {
      throw new SqlRejectedException(
          "FORBIDDEN_SCHEMA",
          "cross-database reference " + table.getFullyQualifiedName() + " is not allowed");
    }
    String schema = table.getSchemaName() == null ? null : identifier(table.getSchemaName());
    if (schema != null && !allowedSchemas.contains(schema)) {
      throw new SqlRejectedException(
          "FORBIDDEN_SCHEMA", "schema " + schema + " is not allowed; allowed: " + allowedSchemas);
    }
    if (isCatalogName(name) || (schema != null && isCatalogName(schema))) {
      throw new SqlRejectedException(
          "FORBIDDEN_SCHEMA", "system catalog " + name + " is not allowed");
    }
  }

  private static boolean isCatalogName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.startsWith("pg_") || lower.equals("information_schema");
  }

  /**
   * PostgreSQL identifier semantics: quoted keeps case (quotes removed), unquoted folds to lower
   * case.
   */
  static String identifier(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1).replace("\"\"", "\"");
    }
    if (s.contains("\"") || s.contains("`") || s.contains("[")) {
      throw new SqlRejectedException("UNSUPPORTED_SYNTAX", "identifier " + s + " is not supported");
    }
    return s.toLowerCase(Locale.ROOT);
  }

  private static String snippet(Object node) {
    String text = String.valueOf(node);
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }

  private static List<Object> children(Object node) {
    List<Object> out = new ArrayList<>();
    for (Field field : fieldsOf(node.getClass())) {
      Object value;
      try {
        value = field.get(node);
      } catch (IllegalAccessException e) {
        throw new SqlRejectedException(
            "UNSUPPORTED_SYNTAX", "cannot inspect " + node.getClass().getSimpleName());
      }
      collect(value, out);
    }
    return out;
  }

  private static void collect(Object value, List<Object> out) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> collection) {
      collection.forEach(v -> collect(v, out));
    } else if (value instanceof Map<?, ?> map) {
      map.keySet().forEach(v -> collect(v, out));
      map.values().forEach(v -> collect(v, out));
    } else if (value instanceof Object[] array) {
      for (Object v : array) {
        collect(v, out);
      }
    } else if (isAstNode(value)) {
      out.add(value);
    }
  }

  private static boolean isAstNode(Object value) {
    String name = value.getClass().getName();
    return name.startsWith(JSQLPARSER)
        && !name.startsWith(PARSER_INTERNALS)
        && !(value instanceof Enum<?>);
  }

  private static List<Field> fieldsOf(Class<?> type) {
    return FIELDS.computeIfAbsent(
        type,
        t -> {
          List<Field> fields = new ArrayList<>();
          for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
              if (!Modifier.isStatic(f.getModifiers())
                  && !f.getType().isPrimitive()
                  && f.getType() != String.class) {
                if (!f.trySetAccessible()) {
                  throw new IllegalStateException("cannot inspect " + f);
                }
                fields.add(f);
              }
            }
          }
          return List.copyOf(fields);
        });
  }
}

package com.sqm.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.model.DataResult;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code ./sqm run-sql --jdbc-url URL [--schema NAME ...] [--batch FILE] [--max-rows N]
 * [--timeout-ms N]}: sends SQL from stdin (or each {@code {"sql": ...}} line of FILE) through the
 * same {@link ReadOnlySqlRunner} the worker uses and prints JSON. Exit status: 0 executed, 3
 * rejected (SQL_REJECTED, SQL_TOO_EXPENSIVE), 4 execution error, 2 usage error; in batch mode the
 * worst outcome of all lines.
 */
public final class RunSqlTool {
  public static final int EXECUTED = 0;
  public static final int USAGE = 2;
  public static final int REJECTED = 3;
  public static final int ERROR = 4;
  private static final String USAGE_TEXT =
      "usage: sqm run-sql --jdbc-url URL [--schema NAME ...] [--batch FILE] [--max-rows N] [--timeout-ms N]";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunSqlTool() {}

  /** Options of one invocation. */
  record Options(
      String jdbcUrl, List<String> schemas, Path batch, Integer maxRows, Long timeoutMs) {}

  public static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE_TEXT);
      return EXECUTED;
    }
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    }
    DataSourceLimits limits = limits(options);
    DataSourceConfig config =
        new DataSourceConfig(
            "run-sql", "run-sql", "", options.jdbcUrl(), options.schemas(), true, limits);
    ReadOnlySqlRunner runner = new ReadOnlySqlRunner(new SqlGuard());
    try (DataSourcePools pools = new DataSourcePools(System::getenv)) {
      DataSource dataSource;
      try {
        dataSource = pools.forDataSource(config);
      } catch (SqmException e) {
        out.println(error(e.code(), e.getMessage()));
        return ERROR;
      }
      if (options.batch() != null) {
        return runBatch(runner, dataSource, config, options, out, err);
      }
      String sql;
      try {
        sql = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("cannot read SQL from stdin: " + e.getMessage());
        return USAGE;
      }
      try {
        DataResult result =
            runner.run(dataSource, sql, config.allowedSchemas(), limits, options.maxRows());
        out.println(JSON.writeValueAsString(result));
        return EXECUTED;
      } catch (SqmException e) {
        out.println(error(e.code(), e.getMessage()));
        return exitCode(e.code());
      } catch (JsonProcessingException e) {
        out.println(error(ErrorCode.INTERNAL_ERROR, "result could not be serialised"));
        return ERROR;
      }
    }
  }

  private static int runBatch(
      ReadOnlySqlRunner runner,
      DataSource dataSource,
      DataSourceConfig config,
      Options options,
      PrintStream out,
      PrintStream err) {
    List<String> lines;
    try {
      lines = Files.readAllLines(options.batch(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("cannot read batch file " + options.batch() + ": " + e.getMessage());
      return USAGE;
    }
    int worst = EXECUTED;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      ObjectNode outcome = JSON.createObjectNode();
      int status;
      try {
        JsonNode input = JSON.readTree(line);
        JsonNode sql = input == null ? null : input.get("sql");
        if (sql == null || !sql.isTextual()) {
          throw new SqmException(
              ErrorCode.INVALID_JSON, "each line must be a JSON object with a string \"sql\"");
        }
        // each statement in its own transaction: run() opens and rolls back one per call
        DataResult result =
            runner.run(
                dataSource,
                sql.asText(),
                config.allowedSchemas(),
                config.limits(),
                options.maxRows());
        outcome
            .put("outcome", "executed")
            .putNull("code")
            .putNull("reason")
            .put("rowCount", result.rowCount());
        status = EXECUTED;
      } catch (JsonProcessingException e) {
        status =
            describe(outcome, new SqmException(ErrorCode.INVALID_JSON, "line is not valid JSON"));
      } catch (SqmException e) {
        status = describe(outcome, e);
      }
      worst = Math.max(worst, status);
      out.println(outcome.toString());
    }
    return worst;
  }

  private static int describe(ObjectNode outcome, SqmException e) {
    int status = exitCode(e.code());
    outcome
        .put("outcome", status == REJECTED ? "rejected" : "error")
        .put("code", e.code().name())
        .put("reason", e.getMessage())
        .putNull("rowCount");
    return status;
  }

  private static int exitCode(ErrorCode code) {
    return code == ErrorCode.SQL_REJECTED || code == ErrorCode.SQL_TOO_EXPENSIVE ? REJECTED : ERROR;
  }

  private static String error(ErrorCode code, String reason) {
    ObjectNode node = JSON.createObjectNode();
    node.put("code", code.name()).put("reason", reason);
    return node.toString();
  }

  private static DataSourceLimits limits(Options options) {
    DataSourceLimits d = DataSourceLimits.DEFAULTS;
    return new DataSourceLimits(
        options.timeoutMs() == null ? d.statementTimeoutMs() : options.timeoutMs(),
        options.maxRows() == null
            ? d.maxRows()
            : Math.min(options.maxRows(), DataSourceLimits.HARD_MAX_ROWS),
        d.maxResultBytes(),
        d.maxCost(),
        d.maxEstimatedRows());
  }

  static Options parse(List<String> args) {
    String url = null;
    List<String> schemas = new ArrayList<>();
    Path batch = null;
    Integer maxRows = null;
    Long timeoutMs = null;
    Iterator<String> it = args.iterator();
    while (it.hasNext()) {
      String arg = it.next();
      switch (arg) {
        case "--jdbc-url" -> url = value(it, arg);
        case "--schema" -> schemas.add(value(it, arg));
        case "--batch" -> batch = Path.of(value(it, arg));
        case "--max-rows" -> maxRows = (int) positive(value(it, arg), arg);
        case "--timeout-ms" -> timeoutMs = positive(value(it, arg), arg);
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--jdbc-url is required");
    }
    return new Options(url, List.copyOf(schemas), batch, maxRows, timeoutMs);
  }

  private static String value(Iterator<String> it, String option) {
    String value = it.hasNext() ? it.next() : null;
    if (value == null || value.startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static long positive(String text, String option) {
    try {
      long value = Long.parseLong(text);
      if (value <= 0 || value > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a positive integer: " + text);
    }
  }
}

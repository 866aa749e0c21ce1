package com.sqm.sql;

import java.util.Set;

/**
 * The functions user SQL may call: aggregates, window functions, date/time, string, math, JSON and array
 * helpers, conditional expressions. Anything absent (pg_sleep, pg_read_file, lo_*, dblink, set_config,
 * current_setting, nextval, query_to_xml, txid_current, ...) is rejected by the guard.
 */
final class FunctionAllowlist {
  static final Set<String> SCALAR_AND_AGGREGATE =
      Set.of(
          // aggregates (FILTER / WITHIN GROUP forms included)
          "count", "sum", "avg", "min", "max", "stddev", "stddev_pop", "stddev_samp", "variance",
          "var_pop", "var_samp", "bool_and", "bool_or", "every", "string_agg", "array_agg",
          "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "percentile_cont",
          "percentile_disc", "mode", "corr", "covar_pop", "covar_samp", "regr_slope",
          "regr_intercept", "regr_r2", "regr_count", "regr_avgx", "regr_avgy", "regr_sxx",
          "regr_syy", "regr_sxy", "bit_and", "bit_or", "grouping",
          // GROUP BY ROLLUP (...) / CUBE (...) parse as calls; elsewhere PostgreSQL has no such function
          "rollup", "cube",
          // "x = ANY (array)" parses as a call named any/all/some
          "any", "all", "some",
          // window functions
          "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
          "first_value", "last_value", "nth_value",
          // date and time
          "date_trunc", "date_part", "extract", "age", "make_date", "make_time", "make_timestamp",
          "make_timestamptz", "make_interval", "to_char", "to_date", "to_timestamp", "to_number",
          "now", "current_date", "current_time", "current_timestamp", "localtime",
          "localtimestamp", "clock_timestamp", "statement_timestamp", "transaction_timestamp",
          "date_bin", "justify_days", "justify_hours", "justify_interval", "isfinite", "timezone",
          // strings
          "lower", "upper", "initcap", "length", "char_length", "character_length",
          "octet_length", "bit_length", "substring", "substr", "position", "strpos", "trim",
          "btrim", "ltrim", "rtrim", "lpad", "rpad", "replace", "concat", "concat_ws", "left",
          "right", "reverse", "split_part", "starts_with", "translate", "regexp_replace",
          "regexp_match", "regexp_matches", "regexp_split_to_array", "string_to_array",
          "array_to_string", "format", "md5", "ascii", "chr", "to_hex", "overlay",
          // math
          "abs", "ceil", "ceiling", "floor", "round", "trunc", "sign", "sqrt", "cbrt", "power",
          "pow", "exp", "ln", "log", "log10", "mod", "div", "pi", "degrees", "radians", "sin",
          "cos", "tan", "asin", "acos", "atan", "atan2", "width_bucket", "random", "gcd", "lcm",
          "scale",
          // conditional
          "coalesce", "nullif", "greatest", "least", "num_nulls", "num_nonnulls",
          // arrays and JSON
          "array_length", "cardinality", "array_position", "array_positions", "array_remove",
          "array_append", "array_prepend", "array_cat", "unnest", "json_build_object",
          "jsonb_build_object", "json_build_array", "jsonb_build_array", "json_array_length",
          "jsonb_array_length", "json_extract_path_text", "jsonb_extract_path_text",
          "json_extract_path", "jsonb_extract_path", "json_typeof", "jsonb_typeof", "to_json",
          "to_jsonb", "json_array_elements", "jsonb_array_elements", "json_array_elements_text",
          "jsonb_array_elements_text", "json_each", "jsonb_each", "json_each_text",
          "jsonb_each_text", "json_object_keys", "jsonb_object_keys",
          // bounded by the cost gate and statement timeout
          "generate_series");

  /** Functions allowed in FROM: set-returning functions that only compute, never read or write state. */
  static final Set<String> TABLE_FUNCTIONS =
      Set.of(
          "generate_series", "unnest", "json_array_elements", "jsonb_array_elements",
          "json_array_elements_text", "jsonb_array_elements_text", "json_each", "jsonb_each",
          "json_each_text", "jsonb_each_text", "json_object_keys", "jsonb_object_keys",
          "regexp_matches");

  /** SQL-standard keywords PostgreSQL evaluates as functions although they are written like columns. */
  static final Set<String> KEYWORD_FUNCTIONS =
      Set.of(
          "current_user", "session_user", "user", "current_role", "current_catalog",
          "current_schema", "system_user");

  private FunctionAllowlist() {}
}
